// Checks about the signer's certificate: the ESS signing-certificate reference, validity at the
// validation time (or a time-stamp's genTime), key usage (revocation: revocation.ts, time-stamps:
// timestamp.ts).

import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { computeDigest, digestAlgorithm } from './algorithms';
import { CertificateInfo, namesEqual, serialHex, toHex } from './certificates';
import { attributeValueDer } from './cms-direct-walk';
import type { ParsedSigner } from './cms-parser';
import { ALGORITHM_OID, CMS_OID } from './oids';
import type { VerificationPolicy } from './policy';
import { Check, failed, notChecked, passed, warning } from './report';
import { classifyKeyUsage, extractSignerIdentity } from './signer-identity';

export function attributesOf(attributes: readonly pkijs.Attribute[], oid: string): pkijs.Attribute[] {
  return attributes.filter((a) => a.type === oid);
}

interface EssCertId {
  readonly attribute: 'signingCertificateV2' | 'signingCertificate';
  readonly hashOid: string;
  readonly certHash: Uint8Array;
  readonly issuerSerial?: { readonly issuer?: pkijs.RelativeDistinguishedNames; readonly serialNumber: string };
}

const seq = (node: unknown, what: string): asn1js.AsnType[] => {
  if (!(node instanceof asn1js.Sequence)) throw new Error(`${what}: expected a SEQUENCE`);
  return node.valueBlock.value;
};

// SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies OPTIONAL }
// ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256, certHash OCTET STRING, issuerSerial OPTIONAL }
// (v1: ESSCertID ::= SEQUENCE { certHash OCTET STRING (SHA-1), issuerSerial OPTIONAL }).
// Only the first ESSCertID names the signing certificate (RFC 5035 §3).
//
// A signer puts the same attribute into every signature it makes, and the GeneralNames parse
// alone cost more than the rest of an RSA verification: successful parses are remembered by the
// attribute value's bytes (the result is never modified by the checks).
const ESS_CACHE_LIMIT = 512;
const ESS_CACHE_MAX_BYTES = 4096;
const essCache = new Map<string, EssCertId>();

function parseEssCertId(attribute: pkijs.Attribute, v2: boolean): EssCertId {
  // Bytes straight from the direct CMS walk (no decoding needed on a hit), else from the value.
  let bytes = attributeValueDer(attribute, 0);
  if (!bytes) {
    const value: unknown = attribute.values[0];
    bytes = value instanceof asn1js.BaseBlock ? value.valueBeforeDecodeView : undefined;
    // Values built in memory (not decoded) have no bytes to key on.
    if (!bytes?.byteLength) return parseEssCertIdValue(value, v2);
  }
  // The key is the bytes themselves: large (hostile) values are not remembered.
  if (bytes.byteLength > ESS_CACHE_MAX_BYTES) return parseEssCertIdValue(attribute.values[0], v2);
  const key = `${v2 ? 2 : 1}:${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')}`;
  let ref = essCache.get(key);
  if (!ref) {
    // Parsed again from a private copy: the cached names must not view the request's buffer.
    const copy = asn1js.fromBER(new Uint8Array(bytes));
    ref = parseEssCertIdValue(copy.offset === bytes.byteLength && !copy.result.error ? copy.result : attribute.values[0], v2);
    if (essCache.size >= ESS_CACHE_LIMIT) essCache.clear();
    essCache.set(key, ref);
  }
  return ref;
}

function parseEssCertIdValue(value: unknown, v2: boolean): EssCertId {
  const certs = seq(seq(value, 'SigningCertificate')[0], 'certs');
  const parts = seq(certs[0], 'ESSCertID');
  let i = 0;
  let hashOid: string = v2 ? ALGORITHM_OID.sha256 : ALGORITHM_OID.sha1;
  if (v2 && parts[0] instanceof asn1js.Sequence) {
    const oid = seq(parts[i++], 'ESSCertIDv2.hashAlgorithm')[0];
    if (!(oid instanceof asn1js.ObjectIdentifier)) throw new Error('ESSCertIDv2.hashAlgorithm: expected an OID');
    hashOid = oid.valueBlock.toString();
  }
  const hash = parts[i++];
  if (!(hash instanceof asn1js.OctetString)) throw new Error('ESSCertID.certHash: expected an OCTET STRING');
  let issuerSerial: EssCertId['issuerSerial'];
  if (parts[i]) {
    const [names, serial] = seq(parts[i], 'IssuerSerial');
    if (!(serial instanceof asn1js.Integer)) throw new Error('IssuerSerial.serialNumber: expected an INTEGER');
    const directory = new pkijs.GeneralNames({ schema: names }).names.find((n) => n.type === 4);
    const issuer = directory?.value instanceof pkijs.RelativeDistinguishedNames ? directory.value : undefined;
    issuerSerial = { serialNumber: serialHex(serial), ...(issuer && { issuer }) };
  }
  return {
    attribute: v2 ? 'signingCertificateV2' : 'signingCertificate',
    hashOid,
    certHash: hash.valueBlock.valueHexView,
    ...(issuerSerial && { issuerSerial }),
  };
}

export function checkSigningCertificateReference(signer: ParsedSigner, cert: CertificateInfo, policy: VerificationPolicy): Check {
  const name = 'SIGNING_CERTIFICATE_REFERENCE';
  const v2 = attributesOf(signer.signedAttributes, CMS_OID.signingCertificateV2);
  const v1 = attributesOf(signer.signedAttributes, CMS_OID.signingCertificate);
  if (v2.length + v1.length === 0) {
    const message = 'no signingCertificate(V2) attribute: the certificate is not protected by the signature (not CAdES-BES)';
    return policy.requireSigningCertificateAttribute
      ? failed(name, 'NO_SIGNING_CERTIFICATE_FOUND', message)
      : warning(name, message);
  }
  if (v2.length > 1 || v1.length > 1) return failed(name, 'FORMAT_FAILURE', 'signingCertificate attribute repeated');
  let ref: EssCertId;
  try {
    // ETSI EN 319 122-1: V2 is the one to use when both are present.
    ref = v2.length ? parseEssCertId(v2[0], true) : parseEssCertId(v1[0], false);
  } catch (error) {
    return failed(
      name,
      'FORMAT_FAILURE',
      `malformed signingCertificate attribute: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const algorithm = digestAlgorithm(ref.hashOid);
  if (!algorithm) return notChecked(name, `unsupported certHash algorithm ${ref.hashOid}`, 'CRYPTO_CONSTRAINTS_FAILURE');
  // The certificate's SHA-256 is already known (it is its cache key).
  const actual = algorithm.oid === ALGORITHM_OID.sha256 ? Buffer.from(cert.sha256, 'hex') : computeDigest(algorithm, cert.der);
  const evidence = {
    attribute: ref.attribute,
    hashAlgorithm: algorithm.name,
    certHash: toHex(ref.certHash),
    signerCertificateHash: toHex(actual),
  };
  const problems: string[] = [];
  if (!Buffer.from(actual).equals(Buffer.from(ref.certHash))) problems.push('certHash does not match the signer certificate');
  if (ref.issuerSerial && ref.issuerSerial.serialNumber !== cert.serialNumber) problems.push('issuerSerial.serialNumber differs');
  if (ref.issuerSerial?.issuer && !namesEqual(ref.issuerSerial.issuer, cert.certificate.issuer))
    problems.push('issuerSerial.issuer differs');
  if (problems.length === 0) return passed(name, `${ref.attribute} matches the signer certificate (${algorithm.name})`, evidence);
  const message = `${ref.attribute}: ${problems.join('; ')}`;
  return policy.signingCertificateMismatch === 'fail'
    ? failed(name, 'NO_SIGNING_CERTIFICATE_FOUND', message, evidence)
    : warning(name, `${message} (accepted by policy)`, evidence);
}

// Without a verified time-stamp there is no proof that the signature existed while the
// certificate was valid, so an expired certificate gives OUT_OF_BOUNDS_NO_POE, not EXPIRED.
// With one (poe = true), the time given is the token's genTime.
export function checkCertificateValidity(cert: CertificateInfo, validationTime: Date, poe = false): Check {
  const evidence = {
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    validationTime: validationTime.toISOString(),
    ...(poe && { proofOfExistence: 'signature time-stamp' }),
  };
  if (cert.validAt(validationTime))
    return passed(
      'SIGNING_CERTIFICATE_VALIDITY',
      poe
        ? 'signer certificate is valid at the time-stamp genTime (proof of existence)'
        : 'signer certificate is valid at the validation time',
      evidence,
    );
  const when = validationTime < cert.notBefore ? 'not yet valid' : 'expired';
  return failed(
    'SIGNING_CERTIFICATE_VALIDITY',
    'OUT_OF_BOUNDS_NO_POE',
    `signer certificate is ${when} at ${evidence.validationTime} and there is no proof of existence before that`,
    evidence,
  );
}

export function checkKeyUsage(cert: CertificateInfo, policy: VerificationPolicy): Check {
  const usage = classifyKeyUsage(cert);
  const evidence = { keyUsage: usage, bits: [...(cert.keyUsage ?? [])], extendedKeyUsage: cert.extendedKeyUsage ?? [] };
  // RFC 5280: a keyUsage without either signing bit forbids signatures under any policy.
  if (cert.keyUsage && !cert.keyUsage.has('digitalSignature') && !cert.keyUsage.has('nonRepudiation'))
    return failed('KEY_USAGE', 'CHAIN_CONSTRAINTS_FAILURE', 'certificate key usage does not allow signatures', evidence);
  if (usage === 'SIGN') return passed('KEY_USAGE', 'signing key (nonRepudiation)', evidence);
  if (policy.keyUsage === 'SIGN')
    return failed('KEY_USAGE', 'CHAIN_CONSTRAINTS_FAILURE', `policy requires a SIGN key, certificate is ${usage}`, evidence);
  return warning(
    'KEY_USAGE',
    `certificate is not a SIGN key (${usage}); accepted because the policy allows any key usage`,
    evidence,
  );
}

// The policy's constraints on who signed and how; undefined when the policy sets none (the check
// is then left out of the report).
export function checkSignerConstraints(
  cert: CertificateInfo,
  signatureAlgorithm: string,
  policy: VerificationPolicy,
): Check | undefined {
  const { requiredRoles, requiredIin, requiredBin, allowedSignatureAlgorithms } = policy;
  if (!requiredRoles.length && !requiredIin && !requiredBin && !allowedSignatureAlgorithms.length) return undefined;
  const identity = extractSignerIdentity(cert);
  const ekus = cert.extendedKeyUsage ?? [];
  const evidence = {
    signatureAlgorithm,
    ...(identity.iin && { iin: identity.iin }),
    ...(identity.bin && { bin: identity.bin }),
    extendedKeyUsage: ekus,
    required: {
      ...(requiredRoles.length && { roles: requiredRoles }),
      ...(requiredIin && { iin: requiredIin }),
      ...(requiredBin && { bin: requiredBin }),
      ...(allowedSignatureAlgorithms.length && { signatureAlgorithms: allowedSignatureAlgorithms }),
    },
  };
  if (allowedSignatureAlgorithms.length && !allowedSignatureAlgorithms.includes(signatureAlgorithm))
    return failed(
      'SIGNER_CONSTRAINTS',
      'CRYPTO_CONSTRAINTS_FAILURE',
      `signature algorithm ${signatureAlgorithm} is not allowed by the policy`,
      evidence,
    );
  const problems = [
    requiredIin && identity.iin !== requiredIin && `IIN ${identity.iin ?? 'absent'} is not ${requiredIin}`,
    requiredBin && identity.bin !== requiredBin && `BIN ${identity.bin ?? 'absent'} is not ${requiredBin}`,
    requiredRoles.length && !requiredRoles.some((role) => ekus.includes(role)) && `none of the roles ${requiredRoles.join(', ')}`,
  ].filter((problem): problem is string => typeof problem === 'string');
  if (problems.length)
    return failed(
      'SIGNER_CONSTRAINTS',
      'CHAIN_CONSTRAINTS_FAILURE',
      `signer does not meet the policy: ${problems.join('; ')}`,
      evidence,
    );
  return passed('SIGNER_CONSTRAINTS', 'signer meets the policy (roles, IIN/BIN, algorithm)', evidence);
}
