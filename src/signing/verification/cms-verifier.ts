// Entry point: verify a CMS/CAdES signature and return an ETSI-style report. A plain function so
// scripts, the CLI and the Nest service can all call it. Bad input never throws: it yields a
// report with TOTAL_FAILED/FORMAT_FAILURE and an error code; only a bug in this code can give
// INDETERMINATE with INTERNAL_ERROR.

import { createHash } from 'node:crypto';
import { digestAlgorithm } from './algorithms';
import { BudgetLimits, budgetLimits, VerificationBudget, withBudget } from './budget';
import { CertificateInfo, loadCertificates } from './certificates';
import { ParsedCms, parseCms } from './cms-parser';
import { ContentDigests, DetachedDigests } from './content-digests';
import { resolvePolicy, VerificationPolicy } from './policy';
import {
  ChainRevocationEntry,
  CertificateSummary,
  Check,
  concludeChecks,
  concludeSigners,
  failed,
  SignerReport,
  SignerRevocation,
  VerificationReport,
} from './report';
import type { RevocationCache, RevocationFetcher } from './revocation-fetcher';
import { checkSigner } from './signer-checks';
import { formatName } from './signer-identity';
import { assessLongTerm, embeddedCertificateHashes, embeddedValidationData } from './validation-data';

export interface VerifyCmsInput {
  // DER, base64 or PEM (-----BEGIN CMS----- / -----BEGIN PKCS7-----).
  readonly cms: Uint8Array | string;
  // Detached content. For an attached CMS the embedded content is what gets verified.
  readonly data?: Uint8Array;
  // Detached content digests keyed by digest OID, for documents hashed as a stream
  // (see hashContent / requiredDigestAlgorithms in content-digests.ts).
  readonly dataDigests?: DetachedDigests;
  // Detached content the caller streams: called once with the parsed CMS (whose signers name the
  // digest algorithms) and answers the content's digests, or undefined when the CMS embeds its
  // content. Saves the caller a parse of its own. What it throws is thrown by verifyCms (a
  // storage failure is not a signature finding).
  readonly streamedContent?: (cms: ParsedCms) => Promise<DetachedDigests | undefined>;
  // Default: now. Test vectors need an explicit time: all NCA test certificates are expired.
  readonly validationTime?: Date;
  readonly policy?: Partial<VerificationPolicy>;
  // Trusted CA certificates (DER or PEM); the chain is only validated when some are given.
  readonly trustAnchors?: readonly (Uint8Array | string)[];
  // Extra intermediates or the signer certificate when the CMS does not carry it.
  readonly certificates?: readonly (Uint8Array | string)[];
  // DER OCSP responses (OCSPResponse) or CRLs the caller already holds, used after the ones in
  // the CMS and before any online request.
  readonly revocationEvidence?: readonly Uint8Array[];
  // Default: node's fetch. Tests inject the in-process responder.
  readonly revocationFetcher?: RevocationFetcher;
  // Default: one process-wide cache.
  readonly revocationCache?: RevocationCache;
  // Work limits of this call (budget.ts); the defaults suit every real signature.
  readonly budget?: Partial<BudgetLimits>;
}

function summarize(cert: CertificateInfo): CertificateSummary {
  return {
    subject: formatName(cert.certificate.subject),
    issuer: formatName(cert.certificate.issuer),
    serialNumber: cert.serialNumber,
    sha256: cert.sha256,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
  };
}

function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}

function validDigests(value: unknown, warnings: string[]): DetachedDigests | undefined {
  if (value === undefined) return undefined;
  if (!value || typeof value !== 'object') {
    warnings.push('dataDigests ignored: expected an object of digest OID -> bytes');
    return undefined;
  }
  const entries = Object.entries(value).filter(([oid, digest]) => {
    const ok = isBytes(digest) && digestAlgorithm(oid) !== undefined;
    if (!ok) warnings.push(`dataDigests: ignored entry ${oid}`);
    return ok;
  });
  return Object.fromEntries(entries) as DetachedDigests;
}

function contentOf(cms: ParsedCms, input: VerifyCmsInput, warnings: string[]): ContentDigests {
  const data = isBytes(input.data) ? input.data : undefined;
  if (input.data !== undefined && !data) warnings.push('data ignored: expected bytes');
  if (data && input.dataDigests !== undefined) warnings.push('dataDigests ignored: data was supplied');
  if (cms.content) {
    // Compared in place (Buffer.from(view) would copy a content of up to 64 MB twice).
    if (data && Buffer.compare(data, cms.content) !== 0)
      warnings.push('the supplied data differs from the content embedded in the CMS: the signatures do not cover it');
    return new ContentDigests(cms.content);
  }
  return new ContentDigests(data, data ? undefined : validDigests(input.dataDigests, warnings));
}

// The caller asked about `data`, but the CMS embeds other bytes: whatever the signatures over the
// embedded content say, they do not sign what the caller holds. ETSI EN 319 102-1 (§5.2.7, Table 5):
// the hash of the signed data object does not match the one the signature protects, TOTAL_FAILED /
// HASH_FAILURE. The MESSAGE_DIGEST check says so (with both hashes); the other checks still show
// what the embedded content's signature is worth.
function withContentMismatch(signer: SignerReport, data: Uint8Array, embedded: Uint8Array): SignerReport {
  const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex').toUpperCase();
  const mismatch = failed(
    'MESSAGE_DIGEST',
    'HASH_FAILURE',
    'the supplied data differs from the content embedded in the CMS: the signature does not cover the data asked about',
    { suppliedSha256: sha256(data), embeddedSha256: sha256(embedded) },
  );
  const checks = [...signer.checks.filter((c) => c.name !== 'MESSAGE_DIGEST'), mismatch];
  const conclusion = concludeChecks(checks);
  const { subIndication: _previous, ...rest } = signer;
  return {
    ...rest,
    indication: conclusion.indication,
    ...(conclusion.subIndication && { subIndication: conclusion.subIndication }),
    checks,
  };
}

// The signer's revocation summary, from the REVOCATION check's evidence.
function signerRevocation(check: Check | undefined, statusTime: Date): SignerRevocation | undefined {
  if (!check) return undefined;
  const e = (check.evidence ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof e[key] === 'string' ? (e[key] as string) : undefined);
  const status = text('status');
  if (status !== 'good' && status !== 'revoked') return { status: 'unknown' };
  const revocationTime = text('revocationTime');
  const later = status === 'revoked' && revocationTime !== undefined && Date.parse(revocationTime) > statusTime.getTime();
  const fields = { type: text('type'), source: text('source'), by: text('responder') ?? text('crlIssuer') };
  return {
    status: later ? 'revokedLater' : status,
    ...(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Omit<SignerRevocation, 'status'>),
    ...(text('thisUpdate') && { thisUpdate: text('thisUpdate') }),
    ...(text('nextUpdate') && { nextUpdate: text('nextUpdate') }),
    ...(revocationTime && { revocationTime }),
    ...(text('reason') && { reason: text('reason') }),
  };
}

// The revocation results (from the REVOCATION check) and the B-LT level on the signer report.
function withLongTermData(
  signer: SignerReport,
  embeddedCertificates: ReadonlySet<string>,
  policy: VerificationPolicy,
  validationTime: Date,
): SignerReport {
  const revocation = signer.checks.find((c) => c.name === 'REVOCATION');
  const chain = revocation?.evidence?.chainRevocation as readonly ChainRevocationEntry[] | undefined;
  const { level } = assessLongTerm(signer, embeddedCertificates);
  const statusTime = signer.timestamp?.genTime && signer.timestamp.valid ? new Date(signer.timestamp.genTime) : validationTime;
  const summary = policy.revocation === 'off' ? undefined : signerRevocation(revocation, statusTime);
  return { ...signer, adesLevel: level, ...(summary && { revocation: summary }), ...(chain && { chainRevocation: chain }) };
}

// Every call gets its own budget of signature operations and path attempts (budget.ts).
export function verifyCms(input: VerifyCmsInput): Promise<VerificationReport> {
  const limits = budgetLimits(input && typeof input === 'object' ? input.budget : undefined);
  return withBudget(new VerificationBudget(limits), () => verifyWithinBudget(input));
}

async function verifyWithinBudget(input: VerifyCmsInput): Promise<VerificationReport> {
  const streamFailure: { error?: unknown } = {};
  const policy = resolvePolicy(input?.policy);
  const warnings: string[] = [];
  let validationTime = new Date();
  if (input?.validationTime !== undefined) {
    if (input.validationTime instanceof Date && !Number.isNaN(input.validationTime.getTime()))
      validationTime = input.validationTime;
    else warnings.push('validationTime ignored: not a valid Date; using the current time');
  }
  const base = {
    validationTime: validationTime.toISOString(),
    policy,
    certificates: [] as CertificateSummary[],
    revocationData: { crls: 0, ocspResponses: 0, other: 0 },
  };
  try {
    const cmsInput: unknown = input?.cms;
    if (typeof cmsInput !== 'string' && !isBytes(cmsInput))
      return {
        ...base,
        indication: 'TOTAL_FAILED',
        subIndication: 'FORMAT_FAILURE',
        error: { code: 'BAD_ENCODING', message: 'cms must be bytes or a string' },
        signers: [],
        warnings,
      };
    const parsed = parseCms(cmsInput, {
      maxBytes: policy.maxCmsBytes,
      maxSigners: policy.maxSigners,
      maxCertificates: policy.maxCertificates,
    });
    if (!parsed.ok)
      return {
        ...base,
        indication: 'TOTAL_FAILED',
        subIndication: 'FORMAT_FAILURE',
        error: { code: parsed.code, message: parsed.message },
        signers: [],
        warnings,
      };
    const { cms } = parsed;
    warnings.push(...cms.certificateErrors);
    const anchors = loadCertificates(Array.isArray(input.trustAnchors) ? input.trustAnchors : []);
    const extra = loadCertificates(Array.isArray(input.certificates) ? input.certificates : []);
    warnings.push(
      ...anchors.errors.map((e) => `trust anchor ignored: ${e}`),
      ...extra.errors.map((e) => `certificate ignored: ${e}`),
    );
    // certValues (CAdES-LT) serve as intermediates like SignedData.certificates.
    const validationData = embeddedValidationData(cms);
    warnings.push(...validationData.errors);
    const extraCertificates = [...extra.certificates, ...validationData.certificates];
    const streamed = input.streamedContent
      ? await input.streamedContent(cms).catch((error: unknown) => {
          streamFailure.error = error;
          throw error;
        })
      : undefined;
    const content = contentOf(cms, streamed ? { ...input, dataDigests: streamed } : input, warnings);
    const evidence = Array.isArray(input.revocationEvidence) ? input.revocationEvidence.filter(isBytes) : [];
    const signers: SignerReport[] = [];
    // One signer after the other: they usually share the issuer, so the second hits the cache.
    for (const signer of cms.signers)
      signers.push(
        await checkSigner(signer, {
          cms,
          content,
          policy,
          validationTime,
          anchors: anchors.certificates,
          extraCertificates,
          revocationEvidence: evidence,
          ...(input.revocationFetcher && { revocationFetcher: input.revocationFetcher }),
          ...(input.revocationCache && { revocationCache: input.revocationCache }),
        }),
      );
    // Certificates inside the signature matter only for a B-T signer that may reach B-LT.
    const embeddedCertificates = signers.some((s) => s.adesLevel === 'B-T') ? embeddedCertificateHashes(cms) : new Set<string>();
    for (const [i, signer] of signers.entries())
      signers[i] = withLongTermData(signer, embeddedCertificates, policy, validationTime);
    const supplied = isBytes(input.data) ? input.data : undefined;
    if (cms.content && supplied && Buffer.compare(supplied, cms.content) !== 0)
      for (const [i, signer] of signers.entries()) signers[i] = withContentMismatch(signer, supplied, cms.content);
    const conclusion = concludeSigners(signers);
    const size = cms.content?.length ?? content.content?.length;
    return {
      ...base,
      indication: conclusion.indication,
      ...(conclusion.subIndication && { subIndication: conclusion.subIndication }),
      content: { contentType: cms.contentType, attached: cms.content !== undefined, ...(size !== undefined && { size }) },
      signers,
      certificates: cms.certificates.map(summarize),
      revocationData: {
        crls: cms.crls.length,
        ocspResponses: cms.ocspResponses.length,
        other: cms.otherRevocationFormats.length,
      },
      warnings,
    };
  } catch (error) {
    if ('error' in streamFailure) throw error;
    return {
      ...base,
      indication: 'INDETERMINATE',
      error: { code: 'INTERNAL_ERROR', message: error instanceof Error ? error.message : String(error) },
      signers: [],
      warnings,
    };
  }
}
