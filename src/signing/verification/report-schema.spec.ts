// report.schema.json against report.ts: every enum and property list of the schema equals the
// TypeScript types (compile-time exhaustive records below, so a change to report.ts fails here
// until the schema follows), real reports of every kind validate, broken ones do not.

import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { createCadesBes } from '../test-pki/cades';
import { loadTestPki, TestPki } from '../test-pki/manifest';
import { inProcessTimestamper, TestTsa } from '../test-pki/test-tsa';
import { verifyCms, VerifyCmsInput } from './cms-verifier';
import { KzRole } from './oids';
import { VerificationPolicy } from './policy';
import {
  AdesLevel,
  ALL_SUB_INDICATIONS,
  Check,
  CheckName,
  CheckStatus,
  ChainRevocationEntry,
  CertificateSummary,
  Indication,
  indicationOf,
  ParseErrorCode,
  SignerReport,
  SignerRevocation,
  SubIndication,
  VerificationReport,
} from './report';
import schema from './report.schema.json';
import { SignerIdentity } from './signer-identity';
import { readVector, vectorDer } from './spec-support';
import { TimestampReport } from './timestamp';

type Keys<T> = Readonly<Record<keyof T, true>>;
type Members<T extends string> = Readonly<Record<T, true>>;

const INDICATIONS: Members<Indication> = { TOTAL_PASSED: true, TOTAL_FAILED: true, INDETERMINATE: true };
const SUB_INDICATIONS: Members<SubIndication> = ALL_SUB_INDICATIONS;
const CHECK_NAMES: Members<CheckName> = {
  SIGNER_INFO_FORMAT: true,
  SIGNING_CERTIFICATE_IDENTIFIED: true,
  SIGNING_CERTIFICATE_REFERENCE: true,
  DIGEST_ALGORITHM: true,
  CONTENT_TYPE_ATTRIBUTE: true,
  MESSAGE_DIGEST: true,
  SIGNATURE_VALUE: true,
  SIGNING_TIME: true,
  SIGNING_CERTIFICATE_VALIDITY: true,
  KEY_USAGE: true,
  SIGNER_CONSTRAINTS: true,
  CERTIFICATE_CHAIN: true,
  REVOCATION: true,
  SIGNATURE_TIMESTAMP: true,
};
const CHECK_STATUSES: Members<CheckStatus> = { PASSED: true, FAILED: true, WARNING: true, NOT_CHECKED: true };
const ADES_LEVELS: Members<AdesLevel> = { 'B-B': true, 'B-T': true, 'B-LT': true };
const PARSE_ERRORS: Members<ParseErrorCode> = {
  EMPTY_INPUT: true,
  TOO_LARGE: true,
  BAD_ENCODING: true,
  MALFORMED_DER: true,
  TRAILING_DATA: true,
  NOT_SIGNED_DATA: true,
  MALFORMED_SIGNED_DATA: true,
  NO_SIGNERS: true,
  INTERNAL_ERROR: true,
};
const ROLES: Members<KzRole> = {
  INDIVIDUAL: true,
  ORGANIZATION: true,
  CEO: true,
  CAN_SIGN: true,
  CAN_SIGN_FINANCIAL: true,
  HR: true,
  EMPLOYEE: true,
  INFORMATION_SYSTEM: true,
};

const REPORT_KEYS: Keys<VerificationReport> = {
  indication: true,
  subIndication: true,
  error: true,
  validationTime: true,
  policy: true,
  content: true,
  signers: true,
  certificates: true,
  revocationData: true,
  warnings: true,
};
const SIGNER_KEYS: Keys<SignerReport> = {
  index: true,
  indication: true,
  subIndication: true,
  checks: true,
  signer: true,
  signingTime: true,
  timestamp: true,
  adesLevel: true,
  revocation: true,
  chainRevocation: true,
  digestAlgorithm: true,
  signatureAlgorithm: true,
  signedAttributes: true,
  unsignedAttributes: true,
  warnings: true,
};
const CHECK_KEYS: Keys<Check> = { name: true, status: true, message: true, subIndication: true, evidence: true };
const POLICY_KEYS: Keys<VerificationPolicy> = {
  revocation: true,
  caRevocation: true,
  keyUsage: true,
  signingCertificateMismatch: true,
  requireSigningCertificateAttribute: true,
  weakDigests: true,
  requiredRoles: true,
  requiredIin: true,
  requiredBin: true,
  allowedSignatureAlgorithms: true,
  maxCmsBytes: true,
  maxSigners: true,
  maxCertificates: true,
  maxChainLength: true,
  revocationOnline: true,
  revocationTimeoutMs: true,
  revocationMaxAgeSeconds: true,
};
const IDENTITY_KEYS: Keys<SignerIdentity> = {
  commonName: true,
  surname: true,
  givenName: true,
  iin: true,
  bin: true,
  organization: true,
  email: true,
  country: true,
  locality: true,
  state: true,
  subjectType: true,
  roles: true,
  identificationMethods: true,
  keyUsage: true,
  keyUsageBits: true,
  extendedKeyUsage: true,
  serialNumber: true,
  subject: true,
  issuer: true,
  notBefore: true,
  notAfter: true,
  signatureAlgorithm: true,
  publicKeyAlgorithm: true,
  certificateSha256: true,
};
const TIMESTAMP_KEYS: Keys<TimestampReport> = {
  valid: true,
  genTime: true,
  tsa: true,
  tsaCertificate: true,
  policy: true,
  serialNumber: true,
  imprintAlgorithm: true,
  indication: true,
  subIndication: true,
  checks: true,
};
const SIGNER_REVOCATION_KEYS: Keys<SignerRevocation> = {
  status: true,
  type: true,
  source: true,
  by: true,
  thisUpdate: true,
  nextUpdate: true,
  revocationTime: true,
  reason: true,
};
const CHAIN_REVOCATION_KEYS: Keys<ChainRevocationEntry> = {
  subject: true,
  serialNumber: true,
  sha256: true,
  status: true,
  type: true,
  source: true,
  responder: true,
  crlIssuer: true,
  crlNumber: true,
  deltaCrlNumber: true,
  thisUpdate: true,
  nextUpdate: true,
  revocationTime: true,
  reason: true,
  attempts: true,
};
const SUMMARY_KEYS: Keys<CertificateSummary> = {
  subject: true,
  issuer: true,
  serialNumber: true,
  sha256: true,
  notBefore: true,
  notAfter: true,
};

interface SchemaNode {
  readonly enum?: readonly unknown[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
}
const defs = schema.$defs as unknown as Readonly<Record<string, SchemaNode>>;
const enumOf = (node: SchemaNode | undefined) => [...(node?.enum ?? [])].map(String).sort();
const propertiesOf = (node: SchemaNode) => Object.keys(node.properties ?? {}).sort();
const sorted = (record: object) => Object.keys(record).sort();

function compileSchema() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  // What report.ts writes: Date.toISOString().
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  return ajv.compile(schema);
}
const validate = compileSchema();

function errorsOf(report: unknown): string[] {
  return validate(report) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

describe('report.schema.json mirrors report.ts', () => {
  it('is a valid draft 2020-12 schema that compiles in strict mode', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(typeof validate).toBe('function');
  });

  it('has the enums of the TypeScript types', () => {
    expect(enumOf(defs.indication)).toEqual(sorted(INDICATIONS));
    expect(enumOf(defs.subIndication)).toEqual(sorted(SUB_INDICATIONS));
    expect(enumOf(defs.checkName)).toEqual(sorted(CHECK_NAMES));
    expect(enumOf(defs.check.properties?.status)).toEqual(sorted(CHECK_STATUSES));
    expect(enumOf(defs.signer.properties?.adesLevel)).toEqual(sorted(ADES_LEVELS));
    expect(enumOf(schema.properties.error.properties.code as SchemaNode)).toEqual(sorted(PARSE_ERRORS));
    expect(enumOf(defs.signerIdentity.properties?.roles.items)).toEqual(sorted(ROLES));
    // The TOTAL_FAILED group is exactly what indicationOf says.
    const failing = Object.keys(SUB_INDICATIONS).filter((sub) => indicationOf(sub as SubIndication) === 'TOTAL_FAILED');
    expect(enumOf(defs.totalFailedSubIndication)).toEqual(failing.sort());
  });

  it('has exactly the properties of the TypeScript interfaces', () => {
    expect(propertiesOf(schema as unknown as SchemaNode)).toEqual(sorted(REPORT_KEYS));
    expect(propertiesOf(defs.signer)).toEqual(sorted(SIGNER_KEYS));
    expect(propertiesOf(defs.check)).toEqual(sorted(CHECK_KEYS));
    expect(propertiesOf(defs.policy)).toEqual(sorted(POLICY_KEYS));
    expect(propertiesOf(defs.signerIdentity)).toEqual(sorted(IDENTITY_KEYS));
    expect(propertiesOf(defs.timestamp)).toEqual(sorted(TIMESTAMP_KEYS));
    expect(propertiesOf(defs.chainRevocationEntry)).toEqual(sorted(CHAIN_REVOCATION_KEYS));
    expect(propertiesOf(defs.signerRevocation)).toEqual(sorted(SIGNER_REVOCATION_KEYS));
    expect(propertiesOf(defs.certificateSummary)).toEqual(sorted(SUMMARY_KEYS));
  });
});

describe('real reports validate against the schema', () => {
  let pki: TestPki;
  const content = new TextEncoder().encode('Шарт № 7 / contract');
  const at = new Date('2026-06-01T00:00:00Z');

  beforeAll(() => {
    pki = loadTestPki(path.resolve(__dirname, '../../../certs/test-pki'));
  });

  const testPki = (cms: Uint8Array, input: Partial<VerifyCmsInput> = {}) =>
    verifyCms({
      cms,
      validationTime: at,
      trustAnchors: [pki.get('rsa/root-ca').der],
      certificates: [pki.get('rsa/nca').der],
      policy: { revocation: 'off', revocationOnline: false },
      ...input,
    });
  const signed = (id = 'rsa/individual-sign', options: Parameters<typeof createCadesBes>[2] = {}) =>
    createCadesBes(pki.get(id), content, { signingTime: new Date('2026-05-01T00:00:00Z'), ...options });
  const twoSigners = () =>
    verifyCms({
      cms: readVector('cms/gost2015_rsa_2signers_attached_test123.p7s'),
      validationTime: new Date('2022-10-01T00:00:00Z'),
      trustAnchors: [vectorDer('ca/nca_gost2015_test.cer'), vectorDer('ca/nca_rsa_test.crt')],
      policy: { revocation: 'require', revocationOnline: false },
      revocationEvidence: [readVector('crl/nca_gost2022_test.crl')],
    });

  const REPORTS: readonly [string, () => Promise<VerificationReport>, Partial<VerificationReport>][] = [
    [
      'passed (NCA RSA vector)',
      () =>
        verifyCms({
          cms: readVector('cms/rsa_attached_lol_kek.p7s'),
          validationTime: new Date('2021-06-01T00:00:00Z'),
          trustAnchors: [vectorDer('ca/nca_rsa_test.crt')],
          policy: { revocation: 'off' },
        }),
      { indication: 'TOTAL_PASSED' },
    ],
    [
      'failed: tampered content',
      async () => testPki(await signed('rsa/individual-sign', { faults: { messageDigest: true } })),
      { subIndication: 'HASH_FAILURE' },
    ],
    [
      'indeterminate: no trust anchors',
      async () => testPki(await signed(), { trustAnchors: [] }),
      { subIndication: 'NO_CERTIFICATE_CHAIN_FOUND' },
    ],
    ['format failure: not a CMS', () => verifyCms({ cms: 'bm90IGEgQ01T' }), { subIndication: 'FORMAT_FAILURE' }],
    ['format failure: empty', () => verifyCms({ cms: new Uint8Array(0) }), { subIndication: 'FORMAT_FAILURE' }],
    ['format failure: not bytes', () => verifyCms({ cms: 42 as unknown as string }), { subIndication: 'FORMAT_FAILURE' }],
    ['multi-signer (GOST 2015 + RSA vector)', twoSigners, { indication: 'INDETERMINATE' }],
    [
      'with a signature time-stamp (B-T)',
      async () => {
        const tsa = new TestTsa(pki, { clock: () => new Date('2026-05-01T00:00:00Z') });
        return testPki(await signed('gost2015/individual-sign', { timestamp: inProcessTimestamper(tsa) }), {
          trustAnchors: [pki.get('gost2015/root-ca').der],
          certificates: [pki.service('gost2015', 'issuing-ca').der],
        });
      },
      { indication: 'TOTAL_PASSED' },
    ],
    [
      'with an invalid time-stamp',
      async () => {
        const tsa = new TestTsa(pki, { clock: () => new Date('2026-05-01T00:00:00Z'), signature: 'corrupt' });
        return testPki(await signed('rsa/individual-sign', { timestamp: inProcessTimestamper(tsa) }));
      },
      { indication: 'TOTAL_FAILED' },
    ],
    [
      'with revocation: revoked by the CRL',
      async () =>
        testPki(await signed('rsa/individual-sign-revoked'), {
          policy: { revocation: 'require', revocationOnline: false },
          revocationEvidence: [pki.crl('rsa/nca').der],
        }),
      { subIndication: 'REVOKED' },
    ],
    [
      'with revocation: good, CA status required but unknown',
      async () =>
        testPki(await signed(), {
          policy: { revocation: 'require', caRevocation: 'require', revocationOnline: false },
          revocationEvidence: [pki.crl('rsa/nca').der],
        }),
      { indication: 'INDETERMINATE' },
    ],
    [
      'with revocation: good, CA status preferred',
      async () =>
        testPki(await signed(), {
          policy: { revocation: 'require', caRevocation: 'prefer', revocationOnline: false },
          revocationEvidence: [pki.crl('rsa/nca').der],
        }),
      { indication: 'TOTAL_PASSED' },
    ],
    [
      'with revocation: NCA GOST OCSP says revoked',
      () =>
        verifyCms({
          cms: readVector('cms/gost2015_rsa_2signers_attached_test123.p7s'),
          validationTime: new Date('2022-09-02T17:00:00Z'),
          trustAnchors: [vectorDer('ca/nca_gost2015_test.cer'), vectorDer('ca/nca_rsa_test.crt')],
          policy: { revocationOnline: false },
          revocationEvidence: [readVector('ocsp/ocsp_response_individual_2015.bin')],
        }),
      { subIndication: 'REVOKED' },
    ],
    [
      'revocation off, auth key under keyUsage SIGN',
      async () => testPki(await signed('rsa/individual-auth'), { policy: { revocation: 'off', keyUsage: 'SIGN' } }),
      { subIndication: 'CHAIN_CONSTRAINTS_FAILURE' },
    ],
  ];

  it.each(REPORTS)('%s', async (_name, make, expected) => {
    const report = await make();
    expect(report).toMatchObject(expected);
    expect(errorsOf(report)).toEqual([]);
    // The same holds for what the HTTP layer sends: the JSON text, parsed back.
    expect(errorsOf(JSON.parse(JSON.stringify(report)))).toEqual([]);
  });

  it('the reports above cover time-stamps, chain revocation and several signers', async () => {
    const stamped = await REPORTS[7][1]();
    expect(stamped.signers[0]).toMatchObject({ adesLevel: 'B-T', timestamp: { valid: true } });
    const chain = await REPORTS[10][1]();
    expect(chain.signers[0].chainRevocation?.length).toBeGreaterThan(0);
    expect((await twoSigners()).signers).toHaveLength(2);
  });

  // A report as parsed JSON, loose enough to break on purpose.
  type LooseRecord = Record<string, unknown>;
  type LooseReport = LooseRecord & { signers: (LooseRecord & { checks: LooseRecord[] })[]; policy: LooseRecord };

  describe('broken reports do not validate', () => {
    let good: VerificationReport;
    beforeAll(async () => {
      good = JSON.parse(JSON.stringify(await twoSigners())) as VerificationReport;
    });

    const mutate = (change: (report: LooseReport) => void): unknown => {
      const copy = JSON.parse(JSON.stringify(good)) as LooseReport;
      change(copy);
      return copy;
    };

    it.each<[string, (report: LooseReport) => void]>([
      ['missing validationTime', (r) => delete r.validationTime],
      ['missing signers', (r) => Reflect.deleteProperty(r, 'signers')],
      ['missing policy field', (r) => delete r.policy.revocation],
      ['signer without adesLevel', (r) => delete r.signers[0].adesLevel],
      ['check without status', (r) => delete r.signers[0].checks[0].status],
      ['unknown indication', (r) => (r.indication = 'PASSED')],
      ['unknown sub-indication', (r) => (r.signers[1].subIndication = 'TOO_OLD')],
      ['TOTAL_PASSED with a sub-indication', (r) => (r.signers[0].subIndication = 'TRY_LATER')],
      ['TOTAL_FAILED with an INDETERMINATE sub-indication', (r) => (r.indication = 'TOTAL_FAILED')],
      [
        'FAILED check without sub-indication',
        (r) => (r.signers[0].checks[0] = { name: 'SIGNATURE_VALUE', status: 'FAILED', message: 'x' }),
      ],
      ['unknown AdES level', (r) => (r.signers[0].adesLevel = 'B-LTA')],
      ['validationTime not a date-time', (r) => (r.validationTime = 'yesterday')],
      ['extra top-level property', (r) => (r.verdict = 'ok')],
      ['signers with an error', (r) => (r.error = { code: 'MALFORMED_DER', message: 'x' })],
    ])('%s', (_name, change) => {
      expect(errorsOf(good)).toEqual([]);
      expect(errorsOf(mutate(change))).not.toEqual([]);
    });
  });
});
