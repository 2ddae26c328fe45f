// Who signed, as KZ consumers need it (kz-pki.md §1.1, §1.2, §1.4, "Implications" 6): IIN/BIN,
// names, organisation, roles from the NCA EKU arc and SIGN vs AUTH, mirroring NCANode's
// CertificateSubject / keyUser / keyUsage fields so existing clients can map them.

import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { KZ_GOST_PUBLIC_KEY_ALGORITHMS } from '../gost/kz-gost';
import { signatureAlgorithmName } from './algorithms';
import { CertificateInfo, KEY_USAGE_BITS, toHex } from './certificates';
import { ALGORITHM_OID, KZ_IDENTIFICATION_OIDS, KZ_INFORMATION_SYSTEM_ARC, KZ_ROLE_OIDS, KzRole, X509_OID } from './oids';

export type KeyUsageClass = 'SIGN' | 'AUTH' | 'UNKNOWN';

export interface SignerIdentity {
  readonly commonName?: string;
  readonly surname?: string;
  // GIVENNAME carries the patronymic in NCA certificates.
  readonly givenName?: string;
  readonly iin?: string;
  readonly bin?: string;
  readonly organization?: string;
  readonly email?: string;
  readonly country?: string;
  readonly locality?: string;
  readonly state?: string;
  readonly subjectType: 'INDIVIDUAL' | 'LEGAL_ENTITY' | 'UNKNOWN';
  readonly roles: readonly KzRole[];
  readonly identificationMethods: readonly string[];
  readonly keyUsage: KeyUsageClass;
  readonly keyUsageBits: readonly string[];
  readonly extendedKeyUsage: readonly string[];
  readonly serialNumber: string;
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly signatureAlgorithm: string;
  readonly publicKeyAlgorithm: string;
  readonly certificateSha256: string;
}

const SHORT_NAMES: ReadonlyMap<string, string> = new Map([
  [X509_OID.commonName, 'CN'],
  [X509_OID.surname, 'SURNAME'],
  [X509_OID.serialNumber, 'SERIALNUMBER'],
  [X509_OID.country, 'C'],
  [X509_OID.locality, 'L'],
  [X509_OID.state, 'ST'],
  [X509_OID.organization, 'O'],
  [X509_OID.organizationalUnit, 'OU'],
  [X509_OID.givenName, 'G'],
  [X509_OID.emailAddress, 'E'],
  ['2.5.4.15', 'BusinessCategory'],
  ['0.9.2342.19200300.100.1.25', 'DC'],
]);

function attributeText(value: unknown): string | undefined {
  const block = (value as { valueBlock?: { value?: unknown } } | undefined)?.valueBlock;
  return typeof block?.value === 'string' ? block.value : undefined;
}

function valuesOf(name: pkijs.RelativeDistinguishedNames, oid: string): string[] {
  return name.typesAndValues.filter((t) => t.type === oid).flatMap((t) => attributeText(t.value) ?? []);
}

// Names of cached certificates are formatted for every report (summary, chain, identity):
// remembered per name object, which lives as long as its certificate.
const formattedNames = new WeakMap<pkijs.RelativeDistinguishedNames, string>();

// RFC 4514 escaping, attributes in encoded order (NCA certificates are read that way in NCANode).
export function formatName(name: pkijs.RelativeDistinguishedNames): string {
  let text = formattedNames.get(name);
  if (text === undefined) {
    text = formatNameUncached(name);
    formattedNames.set(name, text);
  }
  return text;
}

function formatNameUncached(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((t) => {
      const text = attributeText(t.value);
      const value =
        text === undefined
          ? `#${toHex((t.value as asn1js.BaseBlock).valueBeforeDecodeView)}`
          : text
              .replace(/([,+"\\<>;=])/g, '\\$1')
              .replace(/^([ #])/, '\\$1')
              .replace(/ $/, '\\ ');
      return `${SHORT_NAMES.get(t.type) ?? t.type}=${value}`;
    })
    .join(', ');
}

// NCANode: digitalSignature + nonRepudiation = SIGN, digitalSignature + keyEncipherment = AUTH.
// GOST-2015 certificates carry nonRepudiation and keyEncipherment together: they are SIGN keys.
// An EKU with clientAuth but without emailProtection marks an authentication-only key.
export function classifyKeyUsage(cert: CertificateInfo): KeyUsageClass {
  const ku = cert.keyUsage;
  const eku = cert.extendedKeyUsage;
  const ekuAllowsSigning = !eku || eku.includes(X509_OID.ekuEmailProtection) || eku.includes(X509_OID.ekuAny);
  const ekuAuthOnly = !!eku && eku.includes(X509_OID.ekuClientAuth) && !ekuAllowsSigning;
  if (ku?.has('nonRepudiation') && !ekuAuthOnly) return 'SIGN';
  if (ekuAuthOnly || (ku?.has('digitalSignature') && (ku.has('keyEncipherment') || ku.has('keyAgreement')))) return 'AUTH';
  return 'UNKNOWN';
}

export function rolesOf(cert: CertificateInfo): KzRole[] {
  const roles = new Set<KzRole>();
  for (const oid of cert.extendedKeyUsage ?? []) {
    const role = KZ_ROLE_OIDS.get(oid) ?? (oid.startsWith(KZ_INFORMATION_SYSTEM_ARC) ? 'INFORMATION_SYSTEM' : undefined);
    if (role) roles.add(role);
  }
  return [...roles];
}

function subjectAltEmails(cert: pkijs.Certificate): string[] {
  const san = cert.extensions?.find((e) => e.extnID === X509_OID.subjectAltName)?.parsedValue;
  if (!(san instanceof pkijs.AltName)) return [];
  return san.altNames.filter((n) => n.type === 1 && typeof n.value === 'string').map((n) => n.value as string);
}

function publicKeyAlgorithmName(cert: CertificateInfo): string {
  const oid = cert.certificate.subjectPublicKeyInfo.algorithm.algorithmId;
  const gost = KZ_GOST_PUBLIC_KEY_ALGORITHMS.get(oid);
  if (gost) return gost === 'gost2004' ? 'GOST 34.310-2004' : `GOST 34.10-2015 (${gost.slice(-3)})`;
  if (oid === ALGORITHM_OID.rsaEncryption) {
    const key = cert.publicKey;
    const bits = key.kind === 'node' ? key.key.asymmetricKeyDetails?.modulusLength : undefined;
    return bits ? `RSA-${bits}` : 'RSA';
  }
  if (oid === ALGORITHM_OID.ecPublicKey) return 'EC';
  return oid;
}

const stripPrefix = (value: string | undefined, prefix: string): string | undefined =>
  value?.toUpperCase().startsWith(prefix) ? value.slice(prefix.length) : undefined;

// Cached certificates are immutable, so their identity is derived once; each report gets its own
// copy (a caller may modify a report).
const identities = new WeakMap<CertificateInfo, SignerIdentity>();

export function extractSignerIdentity(cert: CertificateInfo): SignerIdentity {
  let identity = identities.get(cert);
  if (!identity) {
    identity = deriveSignerIdentity(cert);
    identities.set(cert, identity);
  }
  return {
    ...identity,
    roles: [...identity.roles],
    identificationMethods: [...identity.identificationMethods],
    keyUsageBits: [...identity.keyUsageBits],
    extendedKeyUsage: [...identity.extendedKeyUsage],
  };
}

function deriveSignerIdentity(cert: CertificateInfo): SignerIdentity {
  const x509 = cert.certificate;
  const subject = x509.subject;
  const first = (oid: string) => valuesOf(subject, oid)[0];
  const serialNumbers = valuesOf(subject, X509_OID.serialNumber);
  const iin = serialNumbers.map((v) => stripPrefix(v, 'IIN')).find(Boolean);
  const bin =
    valuesOf(subject, X509_OID.organizationalUnit)
      .map((v) => stripPrefix(v, 'BIN'))
      .find(Boolean) ?? serialNumbers.map((v) => stripPrefix(v, 'BIN')).find(Boolean);
  const roles = rolesOf(cert);
  const email = first(X509_OID.emailAddress) ?? subjectAltEmails(x509)[0];
  const optional = {
    commonName: first(X509_OID.commonName),
    surname: first(X509_OID.surname),
    givenName: first(X509_OID.givenName),
    iin,
    bin,
    organization: first(X509_OID.organization),
    email,
    country: first(X509_OID.country),
    locality: first(X509_OID.locality),
    state: first(X509_OID.state),
  };
  const isLegal = bin !== undefined || roles.includes('ORGANIZATION');
  return {
    ...(Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) as Partial<SignerIdentity>),
    subjectType: isLegal ? 'LEGAL_ENTITY' : roles.includes('INDIVIDUAL') || iin ? 'INDIVIDUAL' : 'UNKNOWN',
    roles,
    identificationMethods: (cert.extendedKeyUsage ?? []).flatMap((oid) => KZ_IDENTIFICATION_OIDS.get(oid) ?? []),
    keyUsage: classifyKeyUsage(cert),
    keyUsageBits: KEY_USAGE_BITS.filter((bit) => cert.keyUsage?.has(bit)),
    extendedKeyUsage: cert.extendedKeyUsage ?? [],
    serialNumber: cert.serialNumber,
    subject: formatName(subject),
    issuer: formatName(x509.issuer),
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    signatureAlgorithm: signatureAlgorithmName(x509.signatureAlgorithm.algorithmId),
    publicKeyAlgorithm: publicKeyAlgorithmName(cert),
    certificateSha256: cert.sha256,
  };
}
