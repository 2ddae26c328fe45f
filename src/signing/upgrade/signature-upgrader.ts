// CAdES evidence upgrade on acceptance (ETSI EN 319 122-1 B-T / B-LT): a signature time-stamp for
// every SignerInfo that has no valid one, then the validation data that proves the signer's and
// the TSA's certificates good at that time — the certificates of their paths in
// SignedData.certificates and the OCSP responses (CRLs where a certificate has no OCSP address) in
// the CAdES revocationValues unsigned attribute, the form validation-data.ts reads for B-LT. Only
// unsigned parts change (cms-der-edit.ts copies everything else byte for byte), and the result is
// verified again, offline, before it is returned: the stored signature must be self-contained.

import * as asn1js from 'asn1js';
import { computeDigest, digestAlgorithm, signatureDigestOid } from '../verification/algorithms';
import { CertificateInfo, loadCertificates, sha256Hex } from '../verification/certificates';
import { buildPath } from '../verification/chain';
import { decodeCmsInput, ParsedCms, ParsedSigner, parseCms } from '../verification/cms-parser';
import { verifyCms, VerifyCmsInput } from '../verification/cms-verifier';
import type { DetachedDigests } from '../verification/content-digests';
import { ALGORITHM_OID, CMS_OID } from '../verification/oids';
import { DEFAULT_POLICY, VerificationPolicy } from '../verification/policy';
import type { AdesLevel, VerificationReport } from '../verification/report';
import { nodeFetcher, RevocationCache, RevocationFetcher } from '../verification/revocation-fetcher';
import { findSignerCertificate } from '../verification/signer-checks';
import { formatName } from '../verification/signer-identity';
import { assessLongTerm, embeddedCertificateHashes, embeddedValidationData, ETS_OID } from '../verification/validation-data';
import { children, readElement } from '../revocation/der-reader';
import { CmsEditError, editSignedData, signedPartsOf, tlv, unsignedAttributesOf } from './cms-der-edit';
import { HttpFetcher, requestTimeStamp, TimeStampToken, TsaError, TsaErrorCode } from './tsa-client';
import { errorText, Capture, ValidationDataCollector } from './validation-data-collector';

export interface TsaSettings {
  readonly url: string;
  readonly policyOid?: string;
  readonly timeoutMs?: number;
  // Default: node's fetch with a User-Agent.
  readonly fetcher?: HttpFetcher;
}

export interface UpgradeOptions {
  // Detached content, or its digests (hashContent) for a large document.
  readonly data?: Uint8Array;
  readonly dataDigests?: DetachedDigests;
  readonly trustAnchors: readonly Uint8Array[];
  // undefined: no TSA configured; a signature without a valid time-stamp then stays as it is.
  readonly tsa?: TsaSettings;
  // OCSP / CRL requests. Default: node's fetch.
  readonly revocationFetcher?: RevocationFetcher;
  readonly revocationTimeoutMs?: number;
  readonly now?: () => Date;
}

export type UpgradeReasonCode =
  | 'INVALID_CMS'
  | 'SIGNATURE_NOT_VALID'
  | 'NO_TSA_CONFIGURED'
  | 'NOT_DER'
  | TsaErrorCode
  | 'VALIDATION_DATA_UNAVAILABLE'
  | 'VALIDATION_DATA_INCOMPLETE'
  | 'UPGRADED_SIGNATURE_NOT_VALID';

export interface UpgradeReason {
  readonly code: UpgradeReasonCode;
  readonly message: string;
  // true: the same call may succeed later (TSA or responders out of reach); false: it never will.
  readonly retryable: boolean;
}

// One revocation answer captured into the signature.
export interface CapturedRevocation {
  readonly subject: string;
  readonly serialNumber: string;
  readonly type: 'OCSP' | 'CRL';
  readonly status: 'good' | 'revoked';
  readonly url: string;
  readonly thisUpdate: string;
}

export interface SignerUpgrade {
  readonly index: number;
  readonly levelBefore: AdesLevel;
  readonly level: AdesLevel;
  readonly timestampAdded?: {
    readonly genTime: string;
    readonly policy: string;
    readonly serialNumber: string;
    readonly tsaCertificate: string;
    readonly imprintAlgorithm: string;
  };
  readonly validationData: readonly CapturedRevocation[];
  // Why validation data could not be captured (unreachable responder, no path...).
  readonly problems: readonly string[];
  // Why the signer is not B-LT (validation-data.ts's assessment), when it is not.
  readonly gap?: string;
}

export interface UpgradeReport {
  // upgraded: new bytes; unchanged: already B-LT, nothing to add; not-upgraded: see reason.
  readonly outcome: 'upgraded' | 'unchanged' | 'not-upgraded';
  readonly reason?: UpgradeReason;
  readonly levelBefore?: AdesLevel;
  readonly level?: AdesLevel;
  readonly signers: readonly SignerUpgrade[];
  readonly certificatesAdded: number;
  readonly ocspResponsesAdded: number;
  readonly crlsAdded: number;
  // Offline verification (embedded data only) of the returned CMS.
  readonly verification?: VerificationReport;
}

export interface UpgradeResult {
  // The upgraded DER, or the input unchanged.
  readonly cms: Uint8Array;
  readonly changed: boolean;
  // Lowest level over the signers of the returned CMS (undefined when it could not be verified).
  readonly level?: AdesLevel;
  readonly report: UpgradeReport;
}

const LEVEL_ORDER: readonly AdesLevel[] = ['B-B', 'B-T', 'B-LT'];

function lowestLevel(report: VerificationReport): AdesLevel | undefined {
  const levels = report.signers.map((s) => LEVEL_ORDER.indexOf(s.adesLevel));
  return levels.length ? LEVEL_ORDER[Math.min(...levels)] : undefined;
}

// Judged from what the signature carries: no online request, so B-LT means self-contained.
// Revocation 'if-available' (internal): missing data is a warning here (the level shows it), a
// revocation fails. The upgraded signature is verified again by its caller under the real policy.
const OFFLINE_POLICY: Partial<VerificationPolicy> = { revocation: 'if-available', caRevocation: 'prefer', revocationOnline: false };

// The TSA hierarchy follows the hash (kz-pki.md §3.4): a GOST signature gets its own GOST hash,
// anything else SHA-256 (the RSA TSA).
export function imprintAlgorithmFor(signer: ParsedSigner): string {
  for (const oid of [signatureDigestOid(signer.signatureAlgorithm), signer.digestAlgorithm])
    if (oid && digestAlgorithm(oid)?.gost) return oid;
  return ALGORITHM_OID.sha256;
}

const oidDer = (oid: string) => new Uint8Array(new asn1js.ObjectIdentifier({ value: oid }).toBER(false));

// Attribute ::= SEQUENCE { attrType OID, attrValues SET OF AttributeValue }, the value kept as given.
function attributeDer(oid: string, value: Uint8Array): Buffer {
  return tlv(0x30, [oidDer(oid), tlv(0x31, [value])]);
}

function attributeType(attribute: Buffer): string | undefined {
  try {
    const oid = [...children(attribute, readElement(attribute, 0))][0];
    return asn1js.fromBER(attribute.subarray(oid.start, oid.end)).result.valueBlock.toString();
  } catch {
    return undefined;
  }
}

// RevocationValues ::= SEQUENCE { crlVals [0] SEQUENCE OF CertificateList OPTIONAL,
//   ocspVals [1] SEQUENCE OF BasicOCSPResponse OPTIONAL, ... } (RFC 5126 §6.3.4)
function revocationValuesDer(crls: readonly Uint8Array[], ocsp: readonly Uint8Array[]): Buffer {
  return tlv(0x30, [
    ...(crls.length ? [tlv(0xa0, [tlv(0x30, crls)])] : []),
    ...(ocsp.length ? [tlv(0xa1, [tlv(0x30, ocsp)])] : []),
  ]);
}

// The CRLs and OCSP responses of an existing revocationValues attribute (raw DER each).
function readRevocationValues(attribute: Buffer): { crls: Buffer[]; ocsp: Buffer[] } {
  const crls: Buffer[] = [];
  const ocsp: Buffer[] = [];
  const [, values] = [...children(attribute, readElement(attribute, 0))];
  for (const value of children(attribute, values))
    for (const field of children(attribute, value)) {
      if (field.tag !== 0xa0 && field.tag !== 0xa1) continue;
      const list = [...children(attribute, field)][0];
      for (const item of children(attribute, list))
        (field.tag === 0xa0 ? crls : ocsp).push(Buffer.from(attribute.subarray(item.start, item.end)));
    }
  return { crls, ocsp };
}

// The signer's certificate of each signature-time-stamp token, with the token's certificates.
function tokenCertificates(signer: ParsedSigner, cms: ParsedCms): { tsa?: CertificateInfo; certificates: CertificateInfo[] }[] {
  const tokens: { tsa?: CertificateInfo; certificates: CertificateInfo[] }[] = [];
  for (const attribute of signer.unsignedAttributes.filter((a) => a.type === CMS_OID.signatureTimeStampToken))
    for (const value of attribute.values.slice(0, 4)) {
      if (!(value instanceof asn1js.Sequence)) continue;
      const token = parseCms(new Uint8Array(value.valueBeforeDecodeView), { maxSigners: 1, maxCertificates: 16 });
      if (!token.ok || token.cms.signers.length !== 1) continue;
      const pool = [...token.cms.certificates, ...cms.certificates];
      tokens.push({ tsa: findSignerCertificate(token.cms.signers[0], pool).cert, certificates: [...token.cms.certificates] });
    }
  return tokens;
}

function notUpgraded(cms: Uint8Array, reason: UpgradeReason, extra: Partial<UpgradeReport> = {}): UpgradeResult {
  const level = extra.levelBefore;
  return {
    cms,
    changed: false,
    ...(level && { level }),
    report: {
      outcome: 'not-upgraded',
      reason,
      signers: [],
      certificatesAdded: 0,
      ocspResponsesAdded: 0,
      crlsAdded: 0,
      ...extra,
      ...(level && { level }),
    },
  };
}

function blockingText(report: VerificationReport): string {
  const signer = report.signers.find((s) => s.indication !== 'TOTAL_PASSED');
  const check = signer?.checks.find((c) => c.subIndication);
  return [report.indication, report.subIndication ?? report.error?.code, check && `${check.name}: ${check.message}`]
    .filter(Boolean)
    .join(' / ');
}

// cms: DER, or base64 / PEM text (the result is DER then, also when nothing changed).
export async function upgradeSignature(input: Uint8Array | string, options: UpgradeOptions): Promise<UpgradeResult> {
  const now = options.now?.() ?? new Date();
  const decoded = decodeCmsInput(input);
  if (!decoded.ok)
    return notUpgraded(typeof input === 'string' ? new Uint8Array(0) : input, {
      code: 'INVALID_CMS',
      message: decoded.message,
      retryable: false,
    });
  const cms = decoded.der;
  const parsed = parseCms(cms);
  if (!parsed.ok) return notUpgraded(cms, { code: 'INVALID_CMS', message: parsed.message, retryable: false });
  const original = parsed.cms;
  const verify = (der: Uint8Array) =>
    verifyCms({
      cms: der,
      ...(options.data && { data: options.data }),
      ...(options.dataDigests && !options.data && { dataDigests: options.dataDigests }),
      trustAnchors: options.trustAnchors,
      validationTime: now,
      policy: OFFLINE_POLICY,
      // A private cache: the verdict must rest on this signature's own data.
      revocationCache: new RevocationCache(),
    } satisfies VerifyCmsInput);

  const before = await verify(cms);
  const levelBefore = lowestLevel(before);
  if (before.indication !== 'TOTAL_PASSED')
    return notUpgraded(cms, { code: 'SIGNATURE_NOT_VALID', message: blockingText(before), retryable: false }, { levelBefore });
  const unchangedReport = (): UpgradeResult => ({
    cms,
    changed: false,
    ...(levelBefore && { level: levelBefore }),
    report: {
      outcome: 'unchanged',
      ...(levelBefore && { levelBefore, level: levelBefore }),
      signers: before.signers.map((s, index) => ({
        index,
        levelBefore: s.adesLevel,
        level: s.adesLevel,
        validationData: [],
        problems: [],
      })),
      certificatesAdded: 0,
      ocspResponsesAdded: 0,
      crlsAdded: 0,
      verification: before,
    },
  });
  if (levelBefore === 'B-LT') return unchangedReport();

  let rawAttributes: Buffer[][];
  try {
    rawAttributes = unsignedAttributesOf(cms);
  } catch (error) {
    const code = error instanceof CmsEditError ? 'NOT_DER' : 'INVALID_CMS';
    return notUpgraded(cms, { code, message: errorText(error), retryable: false }, { levelBefore });
  }

  // 1. Signature time-stamps where there is no valid one.
  const needStamp = original.signers.filter((_, i) => !before.signers[i]?.timestamp?.valid);
  if (needStamp.length > 0 && !options.tsa)
    return notUpgraded(
      cms,
      { code: 'NO_TSA_CONFIGURED', message: 'no TSA configured: the signature cannot get a time-stamp', retryable: false },
      { levelBefore },
    );
  const tokens = new Map<number, TimeStampToken>();
  for (const signer of needStamp) {
    const imprintOid = imprintAlgorithmFor(signer);
    const algorithm = digestAlgorithm(imprintOid);
    if (!algorithm || !options.tsa) continue;
    try {
      tokens.set(
        signer.index,
        await requestTimeStamp(imprintOid, computeDigest(algorithm, signer.signature), {
          ...options.tsa,
          trustAnchors: options.trustAnchors,
          intermediates: [...original.certificates, ...embeddedValidationData(original).certificates].map((c) => c.der),
          now: () => now,
        }),
      );
    } catch (error) {
      if (!(error instanceof TsaError)) throw error;
      return notUpgraded(cms, { code: error.code, message: error.message, retryable: true }, { levelBefore });
    }
  }
  const withTokens = rawAttributes.map((attributes, i) => {
    const token = tokens.get(i);
    return token ? [...attributes, attributeDer(CMS_OID.signatureTimeStampToken, token.token)] : attributes;
  });
  const stampedDer = tokens.size ? editSignedData(cms, { unsignedAttributes: new Map(withTokens.entries()) }) : cms;
  const stampedParse = parseCms(stampedDer);
  if (!stampedParse.ok) throw new Error(`internal: the time-stamped CMS does not parse: ${stampedParse.message}`);
  const stamped = stampedParse.cms;

  // 2. Validation data for the signer and TSA certificates and every CA of their paths.
  const anchors = loadCertificates(options.trustAnchors).certificates;
  const carried = [...stamped.certificates, ...embeddedValidationData(stamped).certificates];
  const present = embeddedCertificateHashes(stamped);
  const collector = new ValidationDataCollector(
    options.revocationFetcher ?? nodeFetcher,
    options.revocationTimeoutMs ?? DEFAULT_POLICY.revocationTimeoutMs,
    now,
  );
  const addCertificates = new Map<string, Uint8Array>();
  const perSigner: { ocsp: Uint8Array[]; crls: Uint8Array[]; captured: CapturedRevocation[]; problems: string[] }[] = [];
  for (const signer of stamped.signers) {
    const collected = {
      ocsp: [] as Uint8Array[],
      crls: [] as Uint8Array[],
      captured: [] as CapturedRevocation[],
      problems: [] as string[],
    };
    perSigner.push(collected);
    const used = new Set<Capture>();
    const stampedTokens = tokenCertificates(signer, stamped);
    const tokenPool = stampedTokens.flatMap((t) => t.certificates);
    const signerCert = findSignerCertificate(signer, [...carried, ...tokenPool]).cert;
    const reportTime = before.signers[signer.index]?.timestamp?.genTime;
    const genTime = tokens.get(signer.index)?.genTime ?? (reportTime ? new Date(reportTime) : now);
    const targets = [signerCert, ...stampedTokens.map((t) => t.tsa)];
    for (const cert of targets) {
      if (!cert) {
        collected.problems.push('a signer or TSA certificate is not in the signature');
        continue;
      }
      // Paths as they were at the time-stamp: an expired certificate is still judged at genTime.
      const path = buildPath(cert, {
        anchors,
        candidates: [...carried, ...tokenPool],
        validationTime: genTime,
        maxLength: DEFAULT_POLICY.maxChainLength,
      });
      if (!path.found) {
        collected.problems.push(
          `${formatName(cert.certificate.subject)}: no path to a trust anchor (${path.rejected.join('; ')})`,
        );
        continue;
      }
      for (const member of path.path)
        if (!present.has(member.sha256) && !tokenPool.some((c) => c.sha256 === member.sha256))
          addCertificates.set(member.sha256, member.der);
      for (let i = 0; i + 1 < path.path.length; i++) {
        const capture = await collector.statusOf(path.path[i], path.path[i + 1]);
        // The signer's and the TSA's paths usually share their CAs: one answer each.
        if (used.has(capture)) continue;
        used.add(capture);
        collected.ocsp.push(...capture.ocsp);
        collected.crls.push(...capture.crls);
        collected.captured.push(...capture.captured);
        collected.problems.push(...capture.problems);
      }
    }
  }

  // 3. One revocationValues attribute per signer: what it had, plus the new answers.
  let ocspAdded = 0;
  let crlsAdded = 0;
  const finalAttributes = new Map<number, Buffer[]>();
  for (const [i, attributes] of withTokens.entries()) {
    const collected = perSigner[i];
    const existing = attributes.filter((a) => attributeType(a) === ETS_OID.revocationValues);
    const others = attributes.filter((a) => attributeType(a) !== ETS_OID.revocationValues);
    const old = existing.map(readRevocationValues);
    const unique = (items: readonly Uint8Array[]) => [...new Map(items.map((d) => [sha256Hex(d), Buffer.from(d)])).values()];
    const oldOcsp = unique(old.flatMap((v) => v.ocsp));
    const oldCrls = unique(old.flatMap((v) => v.crls));
    const ocsp = unique([...oldOcsp, ...collected.ocsp]);
    const crls = unique([...oldCrls, ...collected.crls]);
    ocspAdded += ocsp.length - oldOcsp.length;
    crlsAdded += crls.length - oldCrls.length;
    const changed = ocsp.length !== oldOcsp.length || crls.length !== oldCrls.length;
    finalAttributes.set(
      i,
      changed ? [...others, attributeDer(ETS_OID.revocationValues, revocationValuesDer(crls, ocsp))] : attributes,
    );
  }
  const problems = perSigner.flatMap((s) => s.problems);
  if (tokens.size === 0 && ocspAdded + crlsAdded + addCertificates.size === 0)
    return notUpgraded(
      cms,
      {
        code: 'VALIDATION_DATA_UNAVAILABLE',
        message: `no validation data could be captured: ${problems.join('; ') || 'nothing new'}`,
        retryable: true,
      },
      { levelBefore },
    );
  const upgraded = editSignedData(cms, { addCertificates: [...addCertificates.values()], unsignedAttributes: finalAttributes });

  // 4. The signature and signed attributes are the received bytes, and the result verifies.
  const keptBefore = signedPartsOf(cms);
  const keptAfter = signedPartsOf(upgraded);
  if (keptBefore.length !== keptAfter.length || keptBefore.some((part, i) => !part.equals(keptAfter[i])))
    throw new Error('internal: the upgrade changed a signed part of a SignerInfo');
  const after = await verify(upgraded);
  if (after.indication !== 'TOTAL_PASSED')
    return notUpgraded(
      cms,
      { code: 'UPGRADED_SIGNATURE_NOT_VALID', message: blockingText(after), retryable: false },
      { levelBefore, verification: after },
    );
  const level = lowestLevel(after);
  const upgradedParse = parseCms(upgraded);
  const embedded = upgradedParse.ok ? embeddedCertificateHashes(upgradedParse.cms) : new Set<string>();
  const signers: SignerUpgrade[] = after.signers.map((signer, index) => {
    const token = tokens.get(index);
    const gap = signer.adesLevel === 'B-LT' ? undefined : assessLongTerm({ ...signer, adesLevel: 'B-T' }, embedded).gap;
    return {
      index,
      levelBefore: before.signers[index]?.adesLevel ?? 'B-B',
      level: signer.adesLevel,
      ...(token && {
        timestampAdded: {
          genTime: token.genTime.toISOString(),
          policy: token.policy,
          serialNumber: token.serialNumber,
          tsaCertificate: formatName(token.tsaCertificate.certificate.subject),
          imprintAlgorithm: token.imprintAlgorithm,
        },
      }),
      validationData: perSigner[index]?.captured ?? [],
      problems: perSigner[index]?.problems ?? [],
      ...(gap && { gap }),
    };
  });
  const incomplete = level !== 'B-LT';
  return {
    cms: upgraded,
    changed: true,
    ...(level && { level }),
    report: {
      outcome: 'upgraded',
      ...(incomplete && {
        reason: {
          code: 'VALIDATION_DATA_INCOMPLETE' as const,
          message:
            signers
              .map((s) => s.gap ?? s.problems.join('; '))
              .filter(Boolean)
              .join('; ') || `level ${level}`,
          retryable: true,
        },
      }),
      ...(levelBefore && { levelBefore }),
      ...(level && { level }),
      signers,
      certificatesAdded: addCertificates.size,
      ocspResponsesAdded: ocspAdded,
      crlsAdded,
      verification: after,
    },
  };
}
