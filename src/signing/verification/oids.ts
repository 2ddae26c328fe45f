// Object identifiers the verifier dispatches on. KZ values: kz-pki.md §1.2, §1.4, §2.1.

export const CMS_OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  counterSignature: '1.2.840.113549.1.9.6',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  // RFC 5940: OCSP response carried in RevocationInfoChoice.other.
  riOcspResponse: '1.3.6.1.5.5.7.16.2',
} as const;

export const X509_OID = {
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  serialNumber: '2.5.4.5',
  country: '2.5.4.6',
  locality: '2.5.4.7',
  state: '2.5.4.8',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  givenName: '2.5.4.42',
  emailAddress: '1.2.840.113549.1.9.1',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  ekuAny: '2.5.29.37.0',
  ekuClientAuth: '1.3.6.1.5.5.7.3.2',
  ekuEmailProtection: '1.3.6.1.5.5.7.3.4',
  ekuTimeStamping: '1.3.6.1.5.5.7.3.8',
} as const;

export const ALGORITHM_OID = {
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha1WithRsa: '1.2.840.113549.1.1.5',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha384WithRsa: '1.2.840.113549.1.1.12',
  sha512WithRsa: '1.2.840.113549.1.1.13',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecdsaWithSha512: '1.2.840.10045.4.3.4',
  gost2004Digest: '1.2.398.3.10.1.3.1',
  gost2015Digest256: '1.2.398.3.10.1.3.2',
  gost2015Digest512: '1.2.398.3.10.1.3.3',
} as const;

// Role OIDs in ExtendedKeyUsage (kz-pki.md §1.2), names as NCANode's keyUser enum.
export const KZ_ROLE_OIDS: ReadonlyMap<string, KzRole> = new Map([
  ['1.2.398.3.3.4.1.1', 'INDIVIDUAL'],
  ['1.2.398.3.3.4.1.2', 'ORGANIZATION'],
  ['1.2.398.3.3.4.1.2.1', 'CEO'],
  ['1.2.398.3.3.4.1.2.2', 'CAN_SIGN'],
  ['1.2.398.3.3.4.1.2.3', 'CAN_SIGN_FINANCIAL'],
  ['1.2.398.3.3.4.1.2.4', 'HR'],
  ['1.2.398.3.3.4.1.2.5', 'EMPLOYEE'],
  ['1.2.398.3.3.4.1.2.6', 'INFORMATION_SYSTEM'],
]);
// 1.2.398.3.3.4.1.2.6.N: one OID per registered information system.
export const KZ_INFORMATION_SYSTEM_ARC = '1.2.398.3.3.4.1.2.6.';

export const KZ_IDENTIFICATION_OIDS: ReadonlyMap<string, string> = new Map([
  ['1.2.398.3.3.4.3.1', 'CON_OPERATOR'],
  ['1.2.398.3.3.4.3.2', 'REMOTE'],
  ['1.2.398.3.3.4.3.2.1', 'REMOTE_DIGITAL_ID'],
  ['1.2.398.3.3.4.3.2.2', 'REMOTE_AI_PLATFORM'],
]);

export type KzRole =
  'INDIVIDUAL' | 'ORGANIZATION' | 'CEO' | 'CAN_SIGN' | 'CAN_SIGN_FINANCIAL' | 'HR' | 'EMPLOYEE' | 'INFORMATION_SYSTEM';

// Readable names for attribute OIDs shown in reports.
export const ATTRIBUTE_NAMES: ReadonlyMap<string, string> = new Map([
  [CMS_OID.contentType, 'contentType'],
  [CMS_OID.messageDigest, 'messageDigest'],
  [CMS_OID.signingTime, 'signingTime'],
  [CMS_OID.counterSignature, 'counterSignature'],
  [CMS_OID.signingCertificate, 'signingCertificate'],
  [CMS_OID.signingCertificateV2, 'signingCertificateV2'],
  [CMS_OID.signatureTimeStampToken, 'signatureTimeStampToken'],
  ['1.2.840.113549.1.9.16.2.15', 'signaturePolicyIdentifier'],
  ['1.2.840.113549.1.9.16.2.21', 'completeCertificateRefs'],
  ['1.2.840.113549.1.9.16.2.22', 'completeRevocationRefs'],
  ['1.2.840.113549.1.9.16.2.23', 'certValues'],
  ['1.2.840.113549.1.9.16.2.24', 'revocationValues'],
  ['0.4.0.1733.2.4', 'archiveTimeStampV3'],
]);
