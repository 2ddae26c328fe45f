// RFC 3161 signature time-stamps (CAdES-T, ETSI EN 319 102-1 §5.4): the token is a CMS SignedData
// over a TSTInfo, verified with the same signer checks as the signature itself, plus the RFC 3161
// rules (TSA EKU, messageImprint over the SignerInfo signature value). A valid token's genTime is
// the proof of existence at which the signer certificate is then judged.

import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { berStructureProblem } from '../revocation/der-reader';
import { computeDigest, digestAlgorithm } from './algorithms';
import { currentBudget } from './budget';
import { CertificateInfo, serialHex, toHex } from './certificates';
import { attributesOf } from './certificate-checks';
import { parseCms, ParsedSigner } from './cms-parser';
import { ContentDigests } from './content-digests';
import { CMS_OID, X509_OID } from './oids';
import { Check, concludeChecks, failed, notChecked, passed, SignerReport, SubIndication } from './report';
import { CLOCK_SKEW_MS } from './revocation';
import type { SignerCheckContext } from './signer-checks';
import { formatName } from './signer-identity';
import { registerEnclosingCms } from './validation-data';

// A hostile CMS could attach many tokens, each costing a chain and maybe GOST verifications.
const MAX_TOKENS = 4;

export interface TimestampReport {
  readonly valid: boolean;
  readonly genTime?: string;
  readonly tsa?: string;
  readonly tsaCertificate?: string;
  readonly policy?: string;
  readonly serialNumber?: string;
  readonly imprintAlgorithm?: string;
  readonly indication?: SignerReport['indication'];
  readonly subIndication?: SubIndication;
  // The token's own signer checks (signature, chain, revocation of the TSA certificate...).
  readonly checks?: readonly Check[];
}

export interface TimestampOutcome {
  readonly check: Check;
  readonly report?: TimestampReport;
  // Set only for a fully verified token: the proof-of-existence time.
  readonly genTime?: Date;
}

// Verifies one SignerInfo of the token (passed in to avoid an import cycle with signer-checks).
export type TokenSignerCheck = (signer: ParsedSigner, ctx: SignerCheckContext) => Promise<SignerReport>;

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

// RFC 3161 §2.3: exactly one EKU, id-kp-timeStamping, and the extension critical.
export function checkTsaUsage(cert: CertificateInfo): string | undefined {
  const ext = cert.certificate.extensions?.find((e) => e.extnID === X509_OID.extKeyUsage);
  if (!ext) return 'TSA certificate has no extendedKeyUsage';
  if (!ext.critical) return 'TSA certificate extendedKeyUsage is not critical';
  const purposes = cert.extendedKeyUsage ?? [];
  if (purposes.length !== 1 || purposes[0] !== X509_OID.ekuTimeStamping)
    return `TSA certificate extendedKeyUsage must be id-kp-timeStamping only (has ${purposes.join(', ') || 'none'})`;
  return undefined;
}

export interface TokenFields {
  readonly genTime: Date;
  readonly policy: string;
  readonly serialNumber: string;
  readonly tsa?: string;
  readonly imprintOid: string;
  readonly imprint: Uint8Array;
}

export function readTstInfo(der: Uint8Array): TokenFields {
  const structure = berStructureProblem(der);
  if (structure) throw new Error(structure);
  const tst = pkijs.TSTInfo.fromBER(der);
  if (tst.version !== 1) throw new Error(`TSTInfo version ${tst.version}`);
  // RFC 3161 §2.4.2 defines no TSTInfo extension this verifier processes: a critical one cannot
  // be honoured (RFC 5280 §4.2 semantics).
  const critical = tst.extensions?.find((e) => e.critical);
  if (critical) throw new Error(`unrecognized critical extension ${critical.extnID} in TSTInfo`);
  const name = tst.tsa?.type === 4 && tst.tsa.value instanceof pkijs.RelativeDistinguishedNames ? tst.tsa.value : undefined;
  return {
    genTime: tst.genTime,
    policy: tst.policy,
    serialNumber: serialHex(tst.serialNumber),
    ...(name && { tsa: formatName(name) }),
    imprintOid: tst.messageImprint.hashAlgorithm.algorithmId,
    imprint: tst.messageImprint.hashedMessage.valueBlock.valueHexView,
  };
}

const NAME = 'SIGNATURE_TIMESTAMP';

// One token: format, RFC 3161 fields, then the CMS checks at genTime. Order of the failures:
// format, imprint (the token is about other bytes), then the token's own checks, then the EKU.
async function verifyToken(
  value: unknown,
  signer: ParsedSigner,
  ctx: SignerCheckContext,
  checkToken: TokenSignerCheck,
): Promise<TimestampOutcome> {
  if (!(value instanceof asn1js.Sequence)) return { check: failed(NAME, 'FORMAT_FAILURE', 'time-stamp token is not a SEQUENCE') };
  const parsed = parseCms(new Uint8Array(value.valueBeforeDecodeView), { maxSigners: 1, maxCertificates: 16 });
  if (!parsed.ok) return { check: failed(NAME, 'FORMAT_FAILURE', `time-stamp token: ${parsed.message}`) };
  const token = parsed.cms;
  // The TSA's revocation data may sit in the stamped signature (CAdES-LT revocationValues).
  registerEnclosingCms(token, ctx.cms);
  if (token.contentType !== CMS_OID.tstInfo || !token.content)
    return { check: failed(NAME, 'FORMAT_FAILURE', `time-stamp token eContentType ${token.contentType} is not id-ct-TSTInfo`) };
  let fields: TokenFields;
  try {
    fields = readTstInfo(token.content);
  } catch (error) {
    return { check: failed(NAME, 'FORMAT_FAILURE', `malformed TSTInfo: ${errorText(error)}`) };
  }
  const algorithm = digestAlgorithm(fields.imprintOid);
  const evidence = {
    genTime: fields.genTime.toISOString(),
    ...(fields.tsa && { tsa: fields.tsa }),
    policy: fields.policy,
    serialNumber: fields.serialNumber,
    imprintAlgorithm: algorithm?.name ?? fields.imprintOid,
  };
  const base = { valid: false, ...evidence };
  if (!algorithm)
    return {
      report: base,
      check: failed(NAME, 'CRYPTO_CONSTRAINTS_FAILURE', `unsupported imprint algorithm ${fields.imprintOid}`, evidence),
    };
  // RFC 3161 Appendix A: the imprint covers the signature OCTET STRING's value.
  const expected = computeDigest(algorithm, signer.signature);
  if (!Buffer.from(expected).equals(Buffer.from(fields.imprint)))
    return {
      report: base,
      check: failed(NAME, 'HASH_FAILURE', 'time-stamp messageImprint does not cover this signature value', {
        ...evidence,
        imprint: toHex(fields.imprint),
        computed: toHex(expected),
      }),
    };
  // A token from after the validation time proves nothing about it.
  if (fields.genTime.getTime() > ctx.validationTime.getTime() + CLOCK_SKEW_MS)
    return {
      report: base,
      check: failed(NAME, 'TIMESTAMP_ORDER_FAILURE', 'time-stamp genTime is later than the validation time', evidence),
    };
  // The TSA certificate is judged at genTime (it must have been valid when it signed); genTime
  // is only used after the token's signature verified, so an unverified value is never trusted.
  const tokenReport = await checkToken(token.signers[0], {
    ...ctx,
    cms: token,
    content: new ContentDigests(token.content),
    policy: { ...ctx.policy, keyUsage: 'ANY' },
    validationTime: fields.genTime,
    evidenceTime: ctx.evidenceTime ?? ctx.validationTime,
    extraCertificates: [...ctx.extraCertificates, ...ctx.cms.certificates],
    timestampDepth: (ctx.timestampDepth ?? 0) + 1,
  });
  const tsaCheck = tokenReport.checks.find((c) => c.name === 'SIGNING_CERTIFICATE_IDENTIFIED');
  const tsaCert = [...token.certificates, ...ctx.extraCertificates, ...ctx.cms.certificates].find(
    (c) => c.sha256 === tsaCheck?.evidence?.sha256,
  );
  const report: TimestampReport = {
    ...base,
    ...(tsaCert && { tsaCertificate: formatName(tsaCert.certificate.subject) }),
    indication: tokenReport.indication,
    ...(tokenReport.subIndication && { subIndication: tokenReport.subIndication }),
    checks: tokenReport.checks,
  };
  const fullEvidence = { ...evidence, ...(report.tsaCertificate && { tsaCertificate: report.tsaCertificate }) };
  const own = concludeChecks(tokenReport.checks);
  if (own.subIndication) {
    const blocking = tokenReport.checks.find((c) => c.subIndication === own.subIndication);
    return {
      report,
      check: failed(
        NAME,
        own.subIndication,
        `time-stamp token not valid: ${blocking?.name ?? ''} ${blocking?.message ?? ''}`.trim(),
        fullEvidence,
      ),
    };
  }
  const usage = tsaCert ? checkTsaUsage(tsaCert) : 'TSA certificate not found';
  if (usage) return { report, check: failed(NAME, 'CHAIN_CONSTRAINTS_FAILURE', usage, fullEvidence) };
  return {
    report: { ...report, valid: true },
    genTime: fields.genTime,
    check: passed(NAME, `signature time-stamp valid: proof of existence at ${evidence.genTime}`, fullEvidence),
  };
}

// Every token is verified (up to MAX_TOKENS); the earliest valid genTime is the POE. With no
// valid token the first failure is reported.
export async function checkSignatureTimestamps(
  signer: ParsedSigner,
  ctx: SignerCheckContext,
  checkToken: TokenSignerCheck,
): Promise<TimestampOutcome> {
  const attributes = attributesOf(signer.unsignedAttributes, CMS_OID.signatureTimeStampToken);
  if (attributes.length === 0) return { check: notChecked(NAME, 'no signature time-stamp (CAdES-B-B)') };
  // A time-stamp inside a time-stamp token is not used (and cannot recurse without bound).
  if ((ctx.timestampDepth ?? 0) > 0) return { check: notChecked(NAME, 'time-stamp inside a time-stamp token: not verified') };
  const values = attributes.flatMap((a) => a.values);
  if (values.length > MAX_TOKENS)
    return { check: failed(NAME, 'FORMAT_FAILURE', `${values.length} signature time-stamps, limit ${MAX_TOKENS}`) };
  const outcomes: TimestampOutcome[] = [];
  for (const value of values) {
    // A limit of the request, not a verdict on the token: INDETERMINATE (budget.ts).
    const overBudget = currentBudget()?.spendTimestampToken();
    if (overBudget) {
      outcomes.push({ check: failed(NAME, 'SIG_CONSTRAINTS_FAILURE', overBudget) });
      continue;
    }
    try {
      outcomes.push(await verifyToken(value, signer, ctx, checkToken));
    } catch (error) {
      outcomes.push({ check: failed(NAME, 'FORMAT_FAILURE', `malformed time-stamp token: ${errorText(error)}`) });
    }
  }
  const valid = outcomes.filter((o) => o.genTime).sort((a, b) => (a.genTime?.getTime() ?? 0) - (b.genTime?.getTime() ?? 0));
  return valid[0] ?? outcomes[0];
}
