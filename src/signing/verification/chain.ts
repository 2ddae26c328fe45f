// Minimal certification path building and validation up to caller-supplied trust anchors.
// Issuers are matched by full DN plus AKI/SKI (never by CN text: NCA's TSA CN even ends in a
// TAB, kz-pki.md §2.5) and every link's signature is verified. Critical extensions and name
// constraints and explicit-policy requirements are checked (extensions.ts). Not RFC 5280 §6
// complete: no policy mapping, and revocation is handled by the REVOCATION check.

import { signatureDigestOid, verifySignature } from './algorithms';
import { currentBudget } from './budget';
import { CertificateInfo, namesEqual, verifiedLinks } from './certificates';
import { Check, failed, notChecked, passed } from './report';
import { nameConstraintsOf, nameConstraintViolation, namesOf, policyProblem } from './extensions';
import { formatName } from './signer-identity';

export interface ChainOptions {
  readonly anchors: readonly CertificateInfo[];
  // Certificates that may serve as intermediates (from the CMS and from the caller).
  readonly candidates: readonly CertificateInfo[];
  readonly validationTime: Date;
  readonly maxLength: number;
}

const MAX_LINK_ATTEMPTS = 32;

export type PathResult =
  | { readonly found: true; readonly path: readonly CertificateInfo[] }
  | { readonly found: false; readonly rejected: readonly string[]; readonly exhausted?: string };

export function isSignedBy(subject: CertificateInfo, issuer: CertificateInfo): { ok: boolean; message?: string } {
  const linkKey = `${issuer.sha256}:${subject.sha256}`;
  if (verifiedLinks.get(linkKey)) return { ok: true };
  // A link that failed in this verification call fails again without a second verification.
  const budget = currentBudget();
  const failedBefore = budget?.failedLinks.get(linkKey);
  if (failedBefore !== undefined) return { ok: false, message: failedBefore };
  const cert = subject.certificate;
  const algorithm = cert.signatureAlgorithm.algorithmId;
  // RFC 5280 §4.1.1.2: the outer algorithm must repeat the one inside the signed TBS.
  if (cert.signature.algorithmId !== algorithm) return { ok: false, message: 'signatureAlgorithm differs from tbs.signature' };
  const outcome = verifySignature(
    algorithm,
    signatureDigestOid(algorithm) ?? '',
    issuer.publicKey,
    cert.signatureValue.valueBlock.valueHexView,
    { data: cert.tbsView },
  );
  if (outcome.status !== 'valid') {
    if (outcome.status !== 'over-budget') budget?.failedLinks.set(linkKey, outcome.message);
    return { ok: false, message: outcome.message };
  }
  verifiedLinks.set(linkKey, true);
  return { ok: true };
}

function mayIssue(subject: CertificateInfo, issuer: CertificateInfo): boolean {
  if (!namesEqual(issuer.certificate.subject, subject.certificate.issuer)) return false;
  // AKI/SKI only narrow the choice when both are present (RFC 5280 §4.2.1.1).
  return !subject.authorityKeyId || !issuer.subjectKeyId || subject.authorityKeyId === issuer.subjectKeyId;
}

// Why the link issuer → subject already failed in this verification call, if it did.
function failedBefore(subject: CertificateInfo, issuer: CertificateInfo): string | undefined {
  return currentBudget()?.failedLinks.get(`${issuer.sha256}:${subject.sha256}`);
}

// Depth-first search preferring trust anchors, so a cross-certified or re-issued CA inside the
// CMS does not hide the caller's anchor.
//
// The trust stores hold the issuing CAs beside their roots (nca-production pins both, test-pki
// loads its root and issuing CAs). A path stopping at the first anchor, an issuing CA, would have
// no CA below its anchor, and the issuing CA's status on its root's CRL would never be asked. So
// when the anchor reached is not self-issued and a self-issued anchor (its root) issued it, the
// path continues to that root: the issuing CA becomes a CA of the path, checked like any other,
// its revocation included (revocation.ts). Without such a root (nca-test holds only the issuing
// CAs) the issuing CA stays the anchor, and an anchor's own status is not checked (RFC 5280
// §6.1.1 (d): a trust anchor is taken as given).
export function buildPath(leaf: CertificateInfo, options: ChainOptions): PathResult {
  const anchorIds = new Set(options.anchors.map((a) => a.sha256));
  const pool = [...options.anchors, ...options.candidates.filter((c) => !anchorIds.has(c.sha256))];
  const rejected: string[] = [];
  let attempts = 0;
  let exhausted: string | undefined;
  const budget = currentBudget();

  const reject = (issuer: CertificateInfo, message: string | undefined) =>
    rejected.push(`${formatName(issuer.certificate.subject)} (${issuer.serialNumber}): ${message ?? 'signature invalid'}`);

  // Verifies the link issuer → cert, counting it against both limits. 'stop' when a limit is
  // reached (the search ends: no path, never a shorter one). A link that already failed in this
  // call is rejected again without spending an attempt.
  const tryLink = (cert: CertificateInfo, issuer: CertificateInfo): 'ok' | 'rejected' | 'stop' => {
    const before = failedBefore(cert, issuer);
    if (before !== undefined) {
      reject(issuer, before);
      return 'rejected';
    }
    // A CMS stuffed with look-alike CA certificates must not buy unbounded GOST verifications.
    if (++attempts > MAX_LINK_ATTEMPTS) {
      rejected.push(`gave up after ${MAX_LINK_ATTEMPTS} candidate issuers`);
      return 'stop';
    }
    exhausted ??= budget?.spendPathAttempt();
    if (exhausted) return 'stop';
    const link = isSignedBy(cert, issuer);
    if (!link.ok && link.message?.startsWith('verification budget exhausted')) {
      exhausted = link.message;
      return 'stop';
    }
    if (!link.ok) {
      reject(issuer, link.message);
      return 'rejected';
    }
    return 'ok';
  };

  // An anchor that is not self-issued, continued to a self-issued anchor that issued it (see
  // above); undefined when a limit stopped the search.
  const fromAnchor = (anchor: CertificateInfo, visited: ReadonlySet<string>): CertificateInfo[] | undefined => {
    if (anchor.isSelfIssued || visited.size >= options.maxLength) return [anchor];
    for (const root of options.anchors) {
      if (visited.has(root.sha256) || !root.isSelfIssued || !mayIssue(anchor, root)) continue;
      const link = tryLink(anchor, root);
      if (link === 'stop') return undefined;
      if (link === 'ok') return [anchor, root];
    }
    return [anchor];
  };

  const search = (cert: CertificateInfo, visited: ReadonlySet<string>): CertificateInfo[] | undefined => {
    if (anchorIds.has(cert.sha256)) return fromAnchor(cert, visited);
    if (visited.size >= options.maxLength) return undefined;
    for (const issuer of pool) {
      if (visited.has(issuer.sha256) || !mayIssue(cert, issuer)) continue;
      const link = tryLink(cert, issuer);
      if (link === 'stop') return undefined;
      if (link === 'rejected') continue;
      const rest = search(issuer, new Set([...visited, issuer.sha256]));
      if (rest) return [cert, ...rest];
      if (exhausted || attempts > MAX_LINK_ATTEMPTS) return undefined;
    }
    return undefined;
  };

  const path = search(leaf, new Set([leaf.sha256]));
  return path ? { found: true, path } : { found: false, rejected, ...(exhausted && { exhausted }) };
}

const describe = (cert: CertificateInfo, trusted: boolean) => ({
  subject: formatName(cert.certificate.subject),
  serialNumber: cert.serialNumber,
  sha256: cert.sha256,
  notAfter: cert.notAfter.toISOString(),
  trusted,
});

// RFC 5280 §4.2.1.10, §6.1.3 (b)-(c), §6.1.4 (g): every certificate below a CA (the anchor
// included, as OpenSSL does) must satisfy that CA's name constraints; a self-issued intermediate
// is not checked (§6.1.3 (b)). path[0] is the end entity, the last element the anchor.
function nameConstraintProblem(path: readonly CertificateInfo[]): string | undefined {
  for (let j = path.length - 1; j >= 1; j--) {
    const constraints = nameConstraintsOf(path[j].certificate);
    if (!constraints) continue;
    for (let i = j - 1; i >= 0; i--) {
      if (i > 0 && path[i].isSelfIssued) continue;
      const violation = nameConstraintViolation(namesOf(path[i].certificate, i === 0), constraints);
      if (violation)
        return `${formatName(path[i].certificate.subject)} violates the name constraints of ${formatName(path[j].certificate.subject)}: ${violation}`;
    }
  }
  return undefined;
}

export function checkChain(leaf: CertificateInfo, options: ChainOptions): Check {
  return validateChain(leaf, options).check;
}

const NO_PATH: PathResult = Object.freeze({ found: false, rejected: [] });

// The CERTIFICATE_CHAIN check with the path it found (found: false when none was built), so that
// the REVOCATION check asks about the same certificates instead of building the path again.
export function validateChain(leaf: CertificateInfo, options: ChainOptions): { check: Check; path: PathResult } {
  const path = pathFor(leaf, options);
  return { check: chainCheck(leaf, options, path), path: path ?? NO_PATH };
}

// The path, or undefined when the certificate or the options rule out building one.
function pathFor(leaf: CertificateInfo, options: ChainOptions): PathResult | undefined {
  if (leaf.extensionProblems.length > 0 || options.anchors.length === 0) return undefined;
  return buildPath(leaf, options);
}

function chainCheck(leaf: CertificateInfo, options: ChainOptions, result: PathResult | undefined): Check {
  // The certificate itself first: an unusable certificate stays unusable whatever the anchors.
  if (leaf.extensionProblems.length > 0)
    return failed(
      'CERTIFICATE_CHAIN',
      'CHAIN_CONSTRAINTS_FAILURE',
      `certificate ${formatName(leaf.certificate.subject)}: ${leaf.extensionProblems.join('; ')}`,
    );
  if (options.anchors.length === 0 || !result)
    return notChecked(
      'CERTIFICATE_CHAIN',
      'no trust anchors configured: the chain cannot be validated',
      'NO_CERTIFICATE_CHAIN_FOUND',
    );
  if (!result.found)
    return failed(
      'CERTIFICATE_CHAIN',
      'NO_CERTIFICATE_CHAIN_FOUND',
      result.exhausted ?? 'no path from the signer certificate to a trust anchor',
      {
        issuer: formatName(leaf.certificate.issuer),
        rejectedIssuers: result.rejected,
      },
    );
  const { path } = result;
  // trusted: in the trust store (the root and, above, the issuing CA the path continued from).
  const anchorIds = new Set(options.anchors.map((a) => a.sha256));
  const evidence = { path: path.map((c, i) => describe(c, i === path.length - 1 || anchorIds.has(c.sha256))) };

  // path[0] is the signer (its validity and usage have their own checks); every other element
  // acts as a CA, including the anchor when it is not the signer itself.
  for (let i = 1; i < path.length; i++) {
    const ca = path[i];
    const name = formatName(ca.certificate.subject);
    // The anchor too: RFC 5280 §6.1.1 (d) lets a validator take only its name and key, but an
    // anchor certificate with an extension we cannot honour is refused like any other (as
    // OpenSSL does), rather than trusted with constraints silently dropped.
    if (ca.extensionProblems.length > 0)
      return failed(
        'CERTIFICATE_CHAIN',
        'CHAIN_CONSTRAINTS_FAILURE',
        `CA certificate ${name}: ${ca.extensionProblems.join('; ')}`,
        evidence,
      );
    if (!ca.isCa)
      return failed('CERTIFICATE_CHAIN', 'CHAIN_CONSTRAINTS_FAILURE', `${name} is not a CA (basicConstraints)`, evidence);
    if (ca.keyUsage && !ca.keyUsage.has('keyCertSign'))
      return failed('CERTIFICATE_CHAIN', 'CHAIN_CONSTRAINTS_FAILURE', `${name} may not sign certificates (keyUsage)`, evidence);
    // pathLenConstraint counts the non-self-issued intermediates below this CA.
    const below = path.slice(1, i).filter((c) => !c.isSelfIssued).length;
    if (ca.pathLength !== undefined && below > ca.pathLength)
      return failed(
        'CERTIFICATE_CHAIN',
        'CHAIN_CONSTRAINTS_FAILURE',
        `${name}: pathLenConstraint ${ca.pathLength} exceeded`,
        evidence,
      );
    if (!ca.validAt(options.validationTime))
      return failed(
        'CERTIFICATE_CHAIN',
        'OUT_OF_BOUNDS_NO_POE',
        `CA certificate ${name} is not valid at ${options.validationTime.toISOString()} ` +
          `(${ca.notBefore.toISOString()} – ${ca.notAfter.toISOString()})`,
        evidence,
      );
  }
  const constraint = nameConstraintProblem(path) ?? policyProblem(path);
  if (constraint) return failed('CERTIFICATE_CHAIN', 'CHAIN_CONSTRAINTS_FAILURE', constraint, evidence);
  return passed('CERTIFICATE_CHAIN', `chain of ${path.length} certificate(s) up to a trust anchor`, evidence);
}
