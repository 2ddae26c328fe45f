// RFC 5280 CRL validation over the compact CrlIndex (src/signing/revocation): the CRL must come
// from the CA that issued the certificate (DN, and AKI when both sides carry key ids), verify with
// that CA's key, and be current at the time asked about.
//
// Delta CRLs are ignored (reported, never used): a delta alone cannot say "not revoked", and
// combining it with its base needs matching CRL numbers and scopes that NCA's CRLs give us no
// reason to implement yet. The full CRL that NCA publishes next to it is always used instead.

import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { CrlIndex } from '../revocation/crl-index';
import { SignatureOutcome, signatureDigestOid, verifySignature } from './algorithms';
import { CertificateInfo, namesEqual, toHex } from './certificates';
import { reasonName } from './ocsp';
import { formatName } from './signer-identity';

export type CrlProblem = 'MALFORMED' | 'DELTA' | 'NO_MATCH' | 'SIGNATURE' | 'NOT_YET_VALID' | 'STALE';

export type CrlOutcome =
  | {
      readonly ok: true;
      readonly status: 'good' | 'revoked';
      readonly crlIssuer: string;
      readonly thisUpdate: Date;
      readonly nextUpdate?: Date;
      readonly crlNumber?: string;
      readonly revocationTime?: Date;
      readonly reason?: string;
    }
  | { readonly ok: false; readonly problem: CrlProblem; readonly message: string };

export interface CrlCheckOptions {
  readonly serialNumber: string;
  readonly issuer: CertificateInfo;
  readonly time: Date;
  readonly skewMs: number;
}

const fail = (problem: CrlProblem, message: string): CrlOutcome => ({ ok: false, problem, message });

// Signature checks of big CRLs are costly (the NCA GOST CRL is ~20 MB): remember per index
// which issuer keys it verified with.
const verifiedWith = new WeakMap<CrlIndex, Set<string>>();

// The CRL's signature checked with the issuer's key, remembered per (CRL, issuer) when valid.
export function verifyCrlSignature(index: CrlIndex, issuer: CertificateInfo): SignatureOutcome {
  const verified = verifiedWith.get(index) ?? new Set<string>();
  if (verified.has(issuer.sha256)) return { status: 'valid' };
  const outcome = verifySignature(
    index.signatureAlgorithm,
    signatureDigestOid(index.signatureAlgorithm) ?? '',
    issuer.publicKey,
    index.signatureValue,
    { data: index.tbsCertList },
  );
  if (outcome.status === 'valid') {
    verified.add(issuer.sha256);
    verifiedWith.set(index, verified);
  }
  return outcome;
}

export function parseCrl(der: Uint8Array): CrlIndex | Extract<CrlOutcome, { ok: false }> {
  try {
    return CrlIndex.fromDer(Buffer.from(der.buffer, der.byteOffset, der.byteLength));
  } catch (error) {
    const message = `malformed CRL: ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, problem: 'MALFORMED', message };
  }
}

function issuedBy(index: CrlIndex, issuer: CertificateInfo): boolean {
  const subject = issuer.certificate.subject;
  const own = new Uint8Array(subject.toSchema().toBER(false));
  if (!Buffer.from(own).equals(index.issuer)) {
    const name = new pkijs.RelativeDistinguishedNames({ schema: asn1js.fromBER(new Uint8Array(index.issuer)).result });
    if (!namesEqual(name, subject)) return false;
  }
  return !index.authorityKeyIdentifier || !issuer.subjectKeyId || toHex(index.authorityKeyIdentifier) === issuer.subjectKeyId;
}

// Never throws. NO_MATCH: a CRL of another CA.
export function checkCrl(index: CrlIndex, options: CrlCheckOptions): CrlOutcome {
  try {
    const { issuer, time } = options;
    if (index.isDelta) return fail('DELTA', 'delta CRL ignored (only full CRLs are used)');
    if (!issuedBy(index, issuer)) return fail('NO_MATCH', `CRL is not from ${formatName(issuer.certificate.subject)}`);
    if (issuer.keyUsage && !issuer.keyUsage.has('cRLSign')) return fail('SIGNATURE', 'the CA key may not sign CRLs (keyUsage)');
    const outcome = verifyCrlSignature(index, issuer);
    if (outcome.status !== 'valid') return fail('SIGNATURE', `CRL signature: ${outcome.message}`);
    if (index.thisUpdate.getTime() > time.getTime() + options.skewMs)
      return fail('NOT_YET_VALID', `CRL thisUpdate ${index.thisUpdate.toISOString()} is after ${time.toISOString()}`);
    const entry = index.lookup(options.serialNumber);
    // A listed revocation stays true after nextUpdate; "not listed" only holds until then.
    if (!entry && index.nextUpdate && time.getTime() > index.nextUpdate.getTime() + options.skewMs)
      return fail('STALE', `CRL expired: nextUpdate ${index.nextUpdate.toISOString()} is before ${time.toISOString()}`);
    const reason = reasonName(entry?.reason);
    return {
      ok: true,
      status: entry ? 'revoked' : 'good',
      crlIssuer: formatName(issuer.certificate.subject),
      thisUpdate: index.thisUpdate,
      ...(index.nextUpdate && { nextUpdate: index.nextUpdate }),
      ...(index.crlNumber !== undefined && { crlNumber: index.crlNumber.toString() }),
      ...(entry && { revocationTime: entry.revokedAt }),
      ...(reason && { reason }),
    };
  } catch (error) {
    return fail('MALFORMED', `CRL check failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
