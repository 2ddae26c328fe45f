// Object identifiers used by the test PKI. KZ values are from kz-pki.md §1.2, §1.3, §2.1, §3.4.

export const OID = {
  // X.500 attribute types
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  serialNumber: '2.5.4.5',
  country: '2.5.4.6',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  givenName: '2.5.4.42',

  // X.509 extensions
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  crlNumber: '2.5.29.20',
  crlReason: '2.5.29.21',
  deltaCrlIndicator: '2.5.29.27',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  freshestCrl: '2.5.29.46',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',

  // PKIX
  ocsp: '1.3.6.1.5.5.7.48.1',
  caIssuers: '1.3.6.1.5.5.7.48.2',
  ocspBasic: '1.3.6.1.5.5.7.48.1.1',
  ocspNonce: '1.3.6.1.5.5.7.48.1.2',
  ocspNoCheck: '1.3.6.1.5.5.7.48.1.5',
  // Extended-revoke response extension (RFC 6960 §4.4.8); NCA's responder sends it.
  ocspExtendedRevoke: '1.3.6.1.5.5.7.48.1.9',
  qtCps: '1.3.6.1.5.5.7.2.1',
  qtUnotice: '1.3.6.1.5.5.7.2.2',
  ekuClientAuth: '1.3.6.1.5.5.7.3.2',
  ekuEmailProtection: '1.3.6.1.5.5.7.3.4',
  ekuTimeStamping: '1.3.6.1.5.5.7.3.8',
  ekuOcspSigning: '1.3.6.1.5.5.7.3.9',

  // Algorithms
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  gost2015KeyAlgorithm512: '1.2.398.3.10.1.1.2.2',
  gost2015ParamSet512A: '1.2.398.3.10.1.1.2.2.1',
  gost2015Signature512: '1.2.398.3.10.1.1.2.3.2',
  gost2015Digest512: '1.2.398.3.10.1.3.3',
  gost2004KeyAlgorithm: '1.2.398.3.10.1.1.1.1',
  gost2004ParamSetA: '1.2.398.3.10.1.1.1.1.1',
  // Hash parameter "Тестовый параметр" in the SPKI of NCA GOST 2004 keys.
  gost2004HashParamTest: '1.2.398.3.10.1.3.1.1.0',
  gost2004Signature: '1.2.398.3.10.1.1.1.2',
  gost2004Digest: '1.2.398.3.10.1.3.1',

  // CMS / ESS / TSP
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  tstInfo: '1.2.840.113549.1.9.16.1.4',

  // NCA RK (kz-pki.md §1.2, §1.3)
  roleIndividual: '1.2.398.3.3.4.1.1',
  roleOrganization: '1.2.398.3.3.4.1.2',
  roleCeo: '1.2.398.3.3.4.1.2.1',
  roleCanSign: '1.2.398.3.3.4.1.2.2',
  roleEmployee: '1.2.398.3.3.4.1.2.5',
  identificationCon: '1.2.398.3.3.4.3.1',
  identificationRemote: '1.2.398.3.3.4.3.2',
  policyGeneric: '1.2.398.3.3.2',
  policyLegalSign: '1.2.398.3.3.2.1',
  policyLegalAuth: '1.2.398.3.3.2.2',
  policyIndividualSign: '1.2.398.3.3.2.3',
  policyIndividualAuth: '1.2.398.3.3.2.4',
  policyTsa: '1.2.398.3.3.2.6',
  tsaPolicyGost2004: '1.2.398.3.3.2.6.1',
  tsaPolicyRsa: '1.2.398.3.3.2.6.2',
  tsaPolicyGost2015: '1.2.398.3.3.2.6.4',
  keyStorage: '1.2.398.3.3.5',
  keyStoragePkcs12: '1.2.398.3.3.5.1.1',
} as const;
