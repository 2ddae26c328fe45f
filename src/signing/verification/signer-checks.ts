// Per-SignerInfo verification (RFC 5652 §5.4–5.6, kz-pki.md "Implications" 2): identify the
// signer certificate, check algorithms, the content binding (contentType, messageDigest) and
// the signature value, then the certificate checks. Each step is one Check in the report.

import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import {
  digestAlgorithm,
  HashResolution,
  isSupportedSignatureAlgorithm,
  resolveSignatureHash,
  signatureAlgorithmName,
  SignedInput,
  verifySignature,
} from './algorithms';
import {
  attributesOf,
  checkCertificateValidity,
  checkKeyUsage,
  checkSignerConstraints,
  checkSigningCertificateReference,
} from './certificate-checks';
import { CertificateInfo, namesEqual, toHex } from './certificates';
import { PathResult, validateChain } from './chain';
import type { ParsedCms, ParsedSigner } from './cms-parser';
import type { ContentDigests } from './content-digests';
import { ATTRIBUTE_NAMES, CMS_OID } from './oids';
import type { VerificationPolicy } from './policy';
import { checkRevocation, missing } from './revocation';
import type { RevocationCache, RevocationFetcher } from './revocation-fetcher';
import { Check, CheckName, concludeChecks, failed, notChecked, passed, SignerReport, warning } from './report';
import { extractSignerIdentity, SignerIdentity } from './signer-identity';
import { checkSignatureTimestamps, TimestampOutcome } from './timestamp';

export interface SignerCheckContext {
  readonly cms: ParsedCms;
  readonly content: ContentDigests;
  readonly policy: VerificationPolicy;
  readonly validationTime: Date;
  readonly anchors: readonly CertificateInfo[];
  // Caller-supplied certificates: extra intermediates, or the signer's when the CMS lacks it.
  readonly extraCertificates: readonly CertificateInfo[];
  // DER OCSP responses or CRLs from the caller.
  readonly revocationEvidence?: readonly Uint8Array[];
  readonly revocationFetcher?: RevocationFetcher;
  readonly revocationCache?: RevocationCache;
  // > 0 while verifying a time-stamp token's own SignerInfo.
  readonly timestampDepth?: number;
  // When revocation evidence must be current (default validationTime); a token is checked at
  // its genTime but its TSA's OCSP/CRL answers are as recent as the signer's.
  readonly evidenceTime?: Date;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

// A check that throws met a structure it did not expect: that is a format problem of this
// signer, never a crash of the whole verification.
function safely<T extends { check: Check }>(
  run: () => T,
  name: CheckName,
): T | { check: Check; cert?: undefined; time?: undefined } {
  try {
    return run();
  } catch (error) {
    return { check: failed(name, 'FORMAT_FAILURE', `malformed input: ${errorText(error)}`) };
  }
}

const guard = (name: CheckName, run: () => Check): Check => safely(() => ({ check: run() }), name).check;

const SINGLE_VALUED = [CMS_OID.contentType, CMS_OID.messageDigest, CMS_OID.signingTime];

function checkFormat(signer: ParsedSigner, cms: ParsedCms): Check {
  const name = 'SIGNER_INFO_FORMAT';
  if (!signer.signedAttrsDer && cms.contentType !== CMS_OID.data)
    return failed(name, 'FORMAT_FAILURE', 'signed attributes are mandatory when the content type is not id-data');
  for (const oid of SINGLE_VALUED) {
    const found = attributesOf(signer.signedAttributes, oid);
    if (found.length > 1 || found.some((a) => a.values.length !== 1))
      return failed(name, 'FORMAT_FAILURE', `${ATTRIBUTE_NAMES.get(oid)} must appear once with one value`);
  }
  const notes: string[] = [];
  const expectedVersion = signer.sid.kind === 'issuerAndSerialNumber' ? 1 : 3;
  if (signer.version !== expectedVersion) notes.push(`SignerInfo version ${signer.version} with ${signer.sid.kind}`);
  if (!cms.digestAlgorithms.includes(signer.digestAlgorithm))
    notes.push('digest algorithm not listed in SignedData.digestAlgorithms');
  return notes.length ? warning(name, notes.join('; ')) : passed(name, 'SignerInfo structure is well-formed');
}

function subjectKeyIdOf(cert: CertificateInfo): string {
  // RFC 5280 §4.2.1.2 method 1, for certificates without the SKI extension.
  const key = cert.certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
  return cert.subjectKeyId ?? createHash('sha1').update(key).digest('hex').toUpperCase();
}

export function findSignerCertificate(
  signer: ParsedSigner,
  pool: readonly CertificateInfo[],
): { cert?: CertificateInfo; check: Check } {
  const name = 'SIGNING_CERTIFICATE_IDENTIFIED';
  const { sid } = signer;
  const matches = pool.filter((c) =>
    sid.kind === 'issuerAndSerialNumber'
      ? c.serialNumber === sid.serialNumber && namesEqual(c.certificate.issuer, sid.issuer)
      : subjectKeyIdOf(c) === sid.keyId,
  );
  const distinct = [...new Map(matches.map((c) => [c.sha256, c])).values()];
  const by =
    sid.kind === 'issuerAndSerialNumber' ? `issuer and serial ${sid.serialNumber}` : `subject key identifier ${sid.keyId}`;
  if (distinct.length === 0) return { check: failed(name, 'NO_SIGNING_CERTIFICATE_FOUND', `no certificate with ${by}`) };
  if (distinct.length > 1)
    return { check: failed(name, 'NO_SIGNING_CERTIFICATE_FOUND', `${distinct.length} different certificates match ${by}`) };
  const cert = distinct[0];
  return { cert, check: passed(name, `signer certificate found by ${by}`, { sha256: cert.sha256 }) };
}

// The digest algorithm alone; an unsupported signature algorithm is the SIGNATURE_VALUE check's
// finding (checkSignatureValue), not this one's.
function checkDigestAlgorithm(hash: HashResolution, signer: ParsedSigner, policy: VerificationPolicy): Check {
  const name = 'DIGEST_ALGORITHM';
  if (!hash.ok && hash.reason === 'unsupported' && !isSupportedSignatureAlgorithm(signer.signatureAlgorithm)) {
    const digest = digestAlgorithm(signer.digestAlgorithm);
    if (!digest) return failed(name, 'CRYPTO_CONSTRAINTS_FAILURE', `unsupported digest algorithm ${signer.digestAlgorithm}`);
    hash = { ok: true, digest, family: 'rsa' };
  }
  if (!hash.ok) return failed(name, 'CRYPTO_CONSTRAINTS_FAILURE', hash.message);
  if (hash.digest.strength === 'weak') {
    const message = `${hash.digest.name} is a weak digest algorithm`;
    return policy.weakDigests === 'reject' ? failed(name, 'CRYPTO_CONSTRAINTS_FAILURE', message) : warning(name, message);
  }
  return passed(name, `${hash.digest.name} is allowed`);
}

function checkContentType(signer: ParsedSigner, cms: ParsedCms): Check {
  const name = 'CONTENT_TYPE_ATTRIBUTE';
  if (!signer.signedAttrsDer) return notChecked(name, 'no signed attributes');
  const [attribute] = attributesOf(signer.signedAttributes, CMS_OID.contentType);
  if (!attribute) return failed(name, 'SIG_CONSTRAINTS_FAILURE', 'contentType attribute is missing');
  const value: unknown = attribute.values[0];
  if (!(value instanceof asn1js.ObjectIdentifier)) return failed(name, 'FORMAT_FAILURE', 'contentType attribute is not an OID');
  const claimed = value.valueBlock.toString();
  if (claimed !== cms.contentType)
    return failed(
      name,
      'SIG_CONSTRAINTS_FAILURE',
      `contentType attribute ${claimed} differs from eContentType ${cms.contentType}`,
    );
  return passed(name, `contentType attribute equals eContentType ${claimed}`);
}

function checkMessageDigest(signer: ParsedSigner, content: ContentDigests): Check {
  const name = 'MESSAGE_DIGEST';
  if (!signer.signedAttrsDer) return notChecked(name, 'no signed attributes: the signature covers the content directly');
  const [attribute] = attributesOf(signer.signedAttributes, CMS_OID.messageDigest);
  if (!attribute) return failed(name, 'FORMAT_FAILURE', 'messageDigest attribute is missing');
  const value: unknown = attribute.values[0];
  if (!(value instanceof asn1js.OctetString))
    return failed(name, 'FORMAT_FAILURE', 'messageDigest attribute is not an OCTET STRING');
  const algorithm = digestAlgorithm(signer.digestAlgorithm);
  if (!algorithm) return notChecked(name, `cannot hash with unsupported algorithm ${signer.digestAlgorithm}`);
  if (!content.available) return notChecked(name, 'detached signature and no content was supplied', 'SIGNED_DATA_NOT_FOUND');
  const computed = content.digest(algorithm);
  if (!computed)
    return notChecked(name, `no ${algorithm.name} digest of the detached content was supplied`, 'SIGNED_DATA_NOT_FOUND');
  const evidence = { algorithm: algorithm.name, messageDigest: toHex(value.valueBlock.valueHexView), computed: toHex(computed) };
  return Buffer.from(computed).equals(Buffer.from(value.valueBlock.valueHexView))
    ? passed(name, `${algorithm.name} of the content equals the messageDigest attribute`, evidence)
    : failed(name, 'HASH_FAILURE', 'the content does not match the messageDigest attribute', evidence);
}

function checkSignatureValue(
  signer: ParsedSigner,
  cert: CertificateInfo | undefined,
  hash: HashResolution,
  content: ContentDigests,
): Check {
  const name = 'SIGNATURE_VALUE';
  if (!cert) return notChecked(name, 'signer certificate not found');
  // ETSI EN 319 102-1 §5.2.7/§5.2.8: a signature whose algorithm the validator cannot apply is
  // not "invalid" but cannot be verified: INDETERMINATE / CRYPTO_CONSTRAINTS_FAILURE, reported here.
  if (!hash.ok && !isSupportedSignatureAlgorithm(signer.signatureAlgorithm))
    return notChecked(name, hash.message, 'CRYPTO_CONSTRAINTS_FAILURE', { signatureAlgorithm: signer.signatureAlgorithm });
  if (!hash.ok) return notChecked(name, hash.message);
  let input: SignedInput | undefined;
  if (signer.signedAttrsDer) input = { data: signer.signedAttrsDer };
  else if (content.content) input = { data: content.content };
  else {
    const digest = content.digest(hash.digest);
    if (digest) input = { digest };
  }
  if (!input) return notChecked(name, 'no signed attributes and no content to verify against', 'SIGNED_DATA_NOT_FOUND');
  const outcome = verifySignature(signer.signatureAlgorithm, signer.digestAlgorithm, cert.publicKey, signer.signature, input);
  const algorithm = signatureAlgorithmName(signer.signatureAlgorithm);
  if (outcome.status === 'valid')
    return passed(
      name,
      `${algorithm} signature over ${signer.signedAttrsDer ? 'the signed attributes' : 'the content'} verifies`,
    );
  if (outcome.status === 'unsupported') return failed(name, 'CRYPTO_CONSTRAINTS_FAILURE', outcome.message);
  // Not verified because the request spent its budget (budget.ts): a limit of the validation
  // policy, so INDETERMINATE / SIG_CONSTRAINTS_FAILURE (ETSI EN 319 102-1 §5.2.8), not a verdict on the signature.
  if (outcome.status === 'over-budget') return notChecked(name, outcome.message, 'SIG_CONSTRAINTS_FAILURE');
  return failed(name, 'SIG_CRYPTO_FAILURE', `${algorithm}: ${outcome.message}`);
}

// signing-time is the signer's claim, not a proof of time: reported, never used as POE.
function checkSigningTime(
  signer: ParsedSigner,
  cert: CertificateInfo | undefined,
  validationTime: Date,
): { check: Check; time?: Date } {
  const name = 'SIGNING_TIME';
  const [attribute] = attributesOf(signer.signedAttributes, CMS_OID.signingTime);
  if (!attribute) return { check: warning(name, 'no signing-time attribute (CAdES baseline B requires one)') };
  const value: unknown = attribute.values[0];
  if (!(value instanceof asn1js.UTCTime || value instanceof asn1js.GeneralizedTime))
    return { check: failed(name, 'FORMAT_FAILURE', 'signing-time is not a UTCTime or GeneralizedTime') };
  const time = value.toDate();
  if (Number.isNaN(time.getTime())) return { check: failed(name, 'FORMAT_FAILURE', 'signing-time is not a valid time') };
  const evidence = { signingTime: time.toISOString() };
  if (cert && !cert.validAt(time))
    return { time, check: warning(name, 'claimed signing time is outside the signer certificate validity', evidence) };
  if (time.getTime() > validationTime.getTime() + 5 * 60_000)
    return { time, check: warning(name, 'claimed signing time is later than the validation time', evidence) };
  return { time, check: passed(name, 'signing time claimed by the signer', evidence) };
}

const attributeNames = (attributes: ParsedSigner['signedAttributes']) =>
  attributes.map((a) => ATTRIBUTE_NAMES.get(a.type) ?? a.type);

// A bug in the revocation code must not crash the verification: it reads as "no answer".
async function checkRevocationSafely(ctx: Parameters<typeof checkRevocation>[0]): Promise<Check> {
  try {
    return await checkRevocation(ctx);
  } catch (error) {
    const message = `revocation check failed: ${errorText(error)}`;
    return missing(ctx.policy.revocation, message);
  }
}

export async function checkSigner(signer: ParsedSigner, ctx: SignerCheckContext): Promise<SignerReport> {
  const { cms, policy, validationTime } = ctx;
  const checks: Check[] = [guard('SIGNER_INFO_FORMAT', () => checkFormat(signer, cms))];

  const pool = [...cms.certificates, ...ctx.extraCertificates];
  const identified = safely(() => findSignerCertificate(signer, pool), 'SIGNING_CERTIFICATE_IDENTIFIED');
  const signerCert = identified.cert;
  const hash = resolveSignatureHash(signer.signatureAlgorithm, signer.digestAlgorithm);
  checks.push(
    identified.check,
    signerCert
      ? guard('SIGNING_CERTIFICATE_REFERENCE', () => checkSigningCertificateReference(signer, signerCert, policy))
      : notChecked('SIGNING_CERTIFICATE_REFERENCE', 'signer certificate not found'),
    checkDigestAlgorithm(hash, signer, policy),
    guard('CONTENT_TYPE_ATTRIBUTE', () => checkContentType(signer, cms)),
    guard('MESSAGE_DIGEST', () => checkMessageDigest(signer, ctx.content)),
    guard('SIGNATURE_VALUE', () => checkSignatureValue(signer, signerCert, hash, ctx.content)),
  );
  // The time-stamp comes first: a valid one moves the certificate checks to its genTime (POE).
  let stamp: TimestampOutcome;
  try {
    stamp = await checkSignatureTimestamps(signer, ctx, checkSigner);
  } catch (error) {
    stamp = { check: failed('SIGNATURE_TIMESTAMP', 'FORMAT_FAILURE', `time-stamp: ${errorText(error)}`) };
  }
  const poeTime = stamp.genTime ?? validationTime;
  const timing = safely(() => checkSigningTime(signer, signerCert, validationTime), 'SIGNING_TIME');
  const signingTime = timing.time;
  checks.push(timing.check);
  // The path the chain check found is the one whose certificates the revocation check asks about.
  let path: PathResult | undefined;
  if (signerCert) {
    checks.push(
      checkCertificateValidity(signerCert, poeTime, stamp.genTime !== undefined),
      guard('KEY_USAGE', () => checkKeyUsage(signerCert, policy)),
      guard('CERTIFICATE_CHAIN', () => {
        const chain = validateChain(signerCert, {
          anchors: ctx.anchors,
          candidates: pool,
          validationTime: poeTime,
          maxLength: policy.maxChainLength,
        });
        path = chain.path;
        return chain.check;
      }),
    );
    let constraints: Check | undefined;
    try {
      constraints = checkSignerConstraints(signerCert, signatureAlgorithmName(signer.signatureAlgorithm), policy);
    } catch (error) {
      constraints = failed('SIGNER_CONSTRAINTS', 'FORMAT_FAILURE', `malformed input: ${errorText(error)}`);
    }
    if (constraints) checks.push(constraints);
  } else {
    for (const name of ['SIGNING_CERTIFICATE_VALIDITY', 'KEY_USAGE', 'CERTIFICATE_CHAIN'] as const)
      checks.push(notChecked(name, 'signer certificate not found'));
  }
  // Revocation "at" genTime: a revocation after the time-stamped moment does not invalidate.
  const revocation = signerCert
    ? await checkRevocationSafely({
        cert: signerCert,
        anchors: ctx.anchors,
        candidates: pool,
        // No path when the chain check threw: none is trusted, the CAs' status is unknown.
        path: path ?? { found: false, rejected: [] },
        cms,
        supplied: ctx.revocationEvidence ?? [],
        policy,
        validationTime: ctx.evidenceTime ?? validationTime,
        ...(poeTime !== (ctx.evidenceTime ?? validationTime) && { poeTime }),
        ...(ctx.revocationFetcher && { fetcher: ctx.revocationFetcher }),
        ...(ctx.revocationCache && { cache: ctx.revocationCache }),
      })
    : notChecked('REVOCATION', 'signer certificate not found');
  const timestamp = stamp.check;
  checks.push(revocation, timestamp);

  const warnings = checks.filter((c) => c.status === 'WARNING').map((c) => `${c.name}: ${c.message}`);
  if (revocation.status === 'NOT_CHECKED' && !revocation.subIndication) warnings.push(`REVOCATION: ${revocation.message}`);
  if (timestamp.status === 'FAILED') warnings.push(`SIGNATURE_TIMESTAMP: ${timestamp.message}`);

  let identity: SignerIdentity | undefined;
  try {
    identity = signerCert && extractSignerIdentity(signerCert);
  } catch (error) {
    warnings.push(`signer identity could not be read: ${errorText(error)}`);
  }

  const conclusion = concludeChecks(checks);
  return {
    index: signer.index,
    indication: conclusion.indication,
    ...(conclusion.subIndication && { subIndication: conclusion.subIndication }),
    checks,
    ...(identity && { signer: identity }),
    ...(signingTime && { signingTime: signingTime.toISOString() }),
    ...(stamp.report && { timestamp: stamp.report }),
    // B-T only with a verified time-stamp; B-LT (validation data) is not assessed yet.
    adesLevel: stamp.genTime ? 'B-T' : 'B-B',
    digestAlgorithm: digestAlgorithm(signer.digestAlgorithm)?.name ?? signer.digestAlgorithm,
    signatureAlgorithm: signatureAlgorithmName(signer.signatureAlgorithm),
    signedAttributes: attributeNames(signer.signedAttributes),
    unsignedAttributes: attributeNames(signer.unsignedAttributes),
    warnings,
  };
}
