// What RFC 5280 makes a certificate-using system refuse, built here from the standard with the test
// PKI's keys: unrecognized critical extensions (§4.2; also in CRLs §5.2/§5.3, OCSP responses
// RFC 6960 §4.4 and TSA certificates), repeated or malformed extensions, and name constraints of a
// CA (§4.2.1.10, §6.1.3 (b)-(c), §6.1.4 (g)).
import * as path from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { createCadesBes } from '../test-pki/cades';
import { CmsSigner } from '../test-pki/cms-builder';
import { hostileCms } from '../test-pki/hostile-cms';
import { rdn, toDer, utf8, printable, wholeSeconds } from '../test-pki/der';
import { signatureAlgorithmIdentifier, TestKey } from '../test-pki/keys';
import { loadTestPki, TestPki, TestPkiEntity } from '../test-pki/manifest';
import { OID } from '../test-pki/oids';
import { ocspRequest, TestOcspResponder } from '../test-pki/test-ocsp-responder';
import { inProcessTimestamper, TestTsa } from '../test-pki/test-tsa';
import {
  authorityKeyIdentifier,
  basicConstraints,
  extendedKeyUsage,
  extension,
  keyIdentifierOf,
  keyUsage,
  signCertificate,
  signCrl,
  subjectKeyIdentifier,
} from '../test-pki/x509-builder';
import { verifyCms, VerifyCmsInput } from './cms-verifier';
import { Check, VerificationReport } from './report';
import { RevocationCache, RevocationFetcher } from './revocation-fetcher';

let pki: TestPki;
const CONTENT = Buffer.from('договор поставки №7');
const VALIDATION_TIME = new Date('2026-06-01T00:00:00Z');
const SIGNING_TIME = new Date('2026-05-01T00:00:00Z');
const UNKNOWN = '1.2.398.99.1.2.3';

beforeAll(() => {
  pki = loadTestPki(path.resolve(__dirname, '../../../certs/test-pki'));
});

const noNetwork: RevocationFetcher = { fetch: () => Promise.reject(new Error('no network in this spec')) };

type Pair = [type: string, value: asn1js.AsnType];
const C = (v: string): Pair => ['2.5.4.6', printable(v)];
const O = (v: string): Pair => ['2.5.4.10', utf8(v)];
const CN = (v: string): Pair => ['2.5.4.3', utf8(v)];
const EMAIL = (v: string): Pair => ['1.2.840.113549.1.9.1', new asn1js.IA5String({ value: v })];

let serial = 1;
function issue(
  subject: Pair[],
  issuer: { certificate: pkijs.Certificate; key: TestKey },
  key: TestKey,
  extensions: pkijs.Extension[],
): { der: Uint8Array; certificate: pkijs.Certificate } {
  const bytes = new Uint8Array(20);
  bytes[0] = 0x11;
  new DataView(bytes.buffer).setUint32(16, serial++);
  return signCertificate(
    {
      serialNumber: bytes,
      issuer: issuer.certificate.subject,
      subject: rdn(subject),
      notBefore: new Date('2025-01-01T00:00:00Z'),
      notAfter: new Date('2035-01-01T00:00:00Z'),
      spki: key.spki,
      extensions,
    },
    issuer.key,
  );
}

const unknown = (critical: boolean) => extension(UNKNOWN, critical, new asn1js.Null());
const caExtensions = (key: TestKey, issuerKey: TestKey) => [
  basicConstraints(true),
  keyUsage(['keyCertSign', 'cRLSign']),
  subjectKeyIdentifier(keyIdentifierOf(key.spki)),
  authorityKeyIdentifier(keyIdentifierOf(issuerKey.spki)),
];
const eeExtensions = (key: TestKey, issuerKey: TestKey) => [
  keyUsage(['digitalSignature', 'nonRepudiation']),
  subjectKeyIdentifier(keyIdentifierOf(key.spki)),
  authorityKeyIdentifier(keyIdentifierOf(issuerKey.spki)),
];

interface Built {
  readonly ca: { der: Uint8Array; certificate: pkijs.Certificate; key: TestKey };
  readonly ee: CmsSigner;
}

// root (the anchor, from the test PKI) → a CA of ours → an end entity; keys from the test PKI.
function hierarchy(
  options: { ca?: pkijs.Extension[]; caName?: Pair[]; ee?: pkijs.Extension[]; eeName?: Pair[]; eeBase?: boolean } = {},
): Built {
  const root = pki.get('rsa/root-ca');
  const caKey = pki.get('rsa/nca').key;
  const eeKey = pki.get('rsa/individual-sign').key;
  const ca = {
    ...issue(options.caName ?? [C('KZ'), O('EDO'), CN('EDO Constrained CA')], root, caKey, [
      ...caExtensions(caKey, root.key),
      ...(options.ca ?? []),
    ]),
    key: caKey,
  };
  const base = options.eeBase === false ? [] : eeExtensions(eeKey, caKey);
  const ee = issue(options.eeName ?? [C('KZ'), O('EDO'), CN('ALICE')], ca, eeKey, [...base, ...(options.ee ?? [])]);
  return { ca, ee: { ...ee, key: eeKey } };
}

async function verifyBuilt(built: Built, input: Partial<VerifyCmsInput> = {}): Promise<VerificationReport> {
  return verifyCms({
    cms: await createCadesBes(built.ee, CONTENT, { signingTime: SIGNING_TIME, extraCertificates: [built.ca.der] }),
    trustAnchors: [pki.get('rsa/root-ca').der],
    validationTime: VALIDATION_TIME,
    policy: { revocation: 'off' },
    ...input,
  });
}

const chainOf = (report: VerificationReport): Check | undefined =>
  report.signers[0].checks.find((c) => c.name === 'CERTIFICATE_CHAIN');

function expectRefused(report: VerificationReport, message: RegExp): void {
  expect(report.indication).toBe('INDETERMINATE');
  expect(report.signers[0].subIndication).toBe('CHAIN_CONSTRAINTS_FAILURE');
  expect(chainOf(report)).toMatchObject({ status: 'FAILED', subIndication: 'CHAIN_CONSTRAINTS_FAILURE' });
  expect(chainOf(report)?.message).toMatch(message);
}

describe('critical extensions in certificates (RFC 5280 §4.2)', () => {
  it('the hierarchy built here passes as it is (the baseline of every case below)', async () => {
    const report = await verifyBuilt(hierarchy({ ee: [unknown(false)], ca: [unknown(false)] }));
    expect(report.indication).toBe('TOTAL_PASSED');
  });

  it('refuses an end-entity certificate with an unrecognized critical extension', async () => {
    expectRefused(
      await verifyBuilt(hierarchy({ ee: [unknown(true)] })),
      new RegExp(`unrecognized critical extension ${UNKNOWN}`),
    );
  });

  it('refuses it without trust anchors too (the certificate is unusable whatever the path)', async () => {
    const report = await verifyBuilt(hierarchy({ ee: [unknown(true)] }), { trustAnchors: [] });
    expect(chainOf(report)).toMatchObject({ status: 'FAILED', subIndication: 'CHAIN_CONSTRAINTS_FAILURE' });
  });

  it('refuses a CA certificate of the path with an unrecognized critical extension', async () => {
    expectRefused(await verifyBuilt(hierarchy({ ca: [unknown(true)] })), /CA certificate .*unrecognized critical extension/);
  });

  it('refuses a trust anchor certificate with an unrecognized critical extension (as OpenSSL does)', async () => {
    const root = pki.get('rsa/root-ca');
    const anchor = signCertificate(
      {
        serialNumber: new Uint8Array([0x15, 0x01]),
        issuer: root.certificate.subject,
        subject: root.certificate.subject,
        notBefore: new Date('2025-01-01T00:00:00Z'),
        notAfter: new Date('2035-01-01T00:00:00Z'),
        spki: root.key.spki,
        extensions: [...caExtensions(root.key, root.key), unknown(true)],
      },
      root.key,
    );
    const report = await verifyBuilt(hierarchy(), { trustAnchors: [anchor.der] });
    expectRefused(report, /CA certificate .*unrecognized critical extension/);
  });

  it.each([
    ['authorityKeyIdentifier (MUST be non-critical, §4.2.1.1)', OID.authorityKeyIdentifier],
    ['subjectKeyIdentifier (MUST be non-critical, §4.2.1.2)', OID.subjectKeyIdentifier],
    ['authorityInfoAccess (MUST be non-critical, §4.2.2.1)', OID.authorityInfoAccess],
    ['policyMappings (not processed: no mapping of policies)', '2.5.29.33'],
  ])('refuses %s marked critical', async (_, oid) => {
    const value =
      oid === OID.authorityKeyIdentifier || oid === OID.subjectKeyIdentifier
        ? new asn1js.OctetString({ valueHex: new Uint8Array(20) })
        : new asn1js.Sequence();
    const ext =
      oid === OID.authorityKeyIdentifier
        ? extension(
            oid,
            true,
            new pkijs.AuthorityKeyIdentifier({
              keyIdentifier: new asn1js.OctetString({ valueHex: keyIdentifierOf(pki.get('rsa/nca').key.spki) }),
            }).toSchema(),
          )
        : extension(oid, true, value);
    const eeKey = pki.get('rsa/individual-sign').key;
    const caKey = pki.get('rsa/nca').key;
    const base = [keyUsage(['digitalSignature', 'nonRepudiation'])];
    if (oid !== OID.subjectKeyIdentifier) base.push(subjectKeyIdentifier(keyIdentifierOf(eeKey.spki)));
    if (oid !== OID.authorityKeyIdentifier) base.push(authorityKeyIdentifier(keyIdentifierOf(caKey.spki)));
    expectRefused(
      await verifyBuilt(hierarchy({ eeBase: false, ee: [...base, ext] })),
      new RegExp(`critical extension ${oid.replace(/\./g, '\\.')}`),
    );
  });

  it('accepts the critical extensions it processes (keyUsage, basicConstraints, extKeyUsage, subjectAltName, certificatePolicies)', async () => {
    const san = extension(
      OID.subjectAltName,
      true,
      new pkijs.AltName({ altNames: [new pkijs.GeneralName({ type: 1, value: 'alice@edo.kz' })] }).toSchema(),
    );
    const policies = extension(
      OID.certificatePolicies,
      true,
      new asn1js.Sequence({
        value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '1.2.398.3.3.2.1' })] })],
      }),
    );
    const report = await verifyBuilt(hierarchy({ ee: [san, policies, extendedKeyUsage([OID.ekuEmailProtection], true)] }));
    expect(report.indication).toBe('TOTAL_PASSED');
  });

  it('refuses a certificate with the same extension twice (§4.2)', async () => {
    expectRefused(
      await verifyBuilt(hierarchy({ ee: [keyUsage(['digitalSignature'], false)] })),
      /2\.5\.29\.15 appears more than once/,
    );
  });

  it('refuses a malformed keyUsage instead of reading it as "no keyUsage" (any usage)', async () => {
    const eeKey = pki.get('rsa/individual-sign').key;
    const caKey = pki.get('rsa/nca').key;
    const bad = extension(OID.keyUsage, true, new asn1js.OctetString({ valueHex: new Uint8Array([0x06, 0xc0]) }));
    const built = hierarchy({
      eeBase: false,
      ee: [bad, subjectKeyIdentifier(keyIdentifierOf(eeKey.spki)), authorityKeyIdentifier(keyIdentifierOf(caKey.spki))],
    });
    expectRefused(await verifyBuilt(built), /malformed extension 2\.5\.29\.15/);
  });

  it('refuses a time-stamp whose TSA certificate carries an unrecognized critical extension', async () => {
    const tsaEntity = pki.get('rsa/tsa');
    const nca = pki.get('rsa/nca');
    const forged = signCertificate(
      {
        serialNumber: new Uint8Array([0x12, 0x34, 0x56]),
        issuer: nca.certificate.subject,
        subject: tsaEntity.certificate.subject,
        notBefore: new Date('2025-01-01T00:00:00Z'),
        notAfter: new Date('2035-01-01T00:00:00Z'),
        spki: tsaEntity.key.spki,
        extensions: [
          keyUsage(['digitalSignature', 'nonRepudiation']),
          extendedKeyUsage([OID.ekuTimeStamping], true),
          subjectKeyIdentifier(keyIdentifierOf(tsaEntity.key.spki)),
          authorityKeyIdentifier(keyIdentifierOf(nca.key.spki)),
          unknown(true),
        ],
      },
      nca.key,
    );
    const custom: TestPkiEntity = { ...tsaEntity, der: forged.der, certificate: forged.certificate };
    const stamp = (entity: TestPkiEntity) =>
      new TestTsa(
        Object.create(pki, {
          service: {
            value: (h: Parameters<TestPki['service']>[0], role: Parameters<TestPki['service']>[1]) =>
              role === 'tsa' ? entity : pki.service(h, role),
          },
        }) as TestPki,
        { clock: () => SIGNING_TIME },
      );
    const signer = pki.get('rsa/individual-sign');
    const run = async (entity: TestPkiEntity) =>
      verifyCms({
        cms: await createCadesBes(signer, CONTENT, { signingTime: SIGNING_TIME, timestamp: inProcessTimestamper(stamp(entity)) }),
        trustAnchors: [pki.get('rsa/root-ca').der],
        certificates: [nca.der],
        validationTime: VALIDATION_TIME,
        policy: { revocation: 'off' },
      });
    const good = await run(tsaEntity);
    expect(good.signers[0].checks.find((c) => c.name === 'SIGNATURE_TIMESTAMP')?.status).toBe('PASSED');
    const bad = await run(custom);
    const check = bad.signers[0].checks.find((c) => c.name === 'SIGNATURE_TIMESTAMP');
    expect(check).toMatchObject({ status: 'FAILED', subIndication: 'CHAIN_CONSTRAINTS_FAILURE' });
    expect(check?.message).toMatch(/unrecognized critical extension/);
    expect(bad.indication).not.toBe('TOTAL_PASSED');
  });
});

it('refuses a time-stamp token whose TSTInfo carries a critical extension (RFC 3161 §2.4.2)', async () => {
  const stampCheck = async (critical: boolean) => {
    const cms = hostileCms({
      signers: 1,
      tokensPerSigner: 1,
      fakeCas: 1,
      modulusBits: 2048,
      exponentBits: 17,
      tstExtensions: [unknown(critical)],
    });
    const report = await verifyCms({ cms, validationTime: VALIDATION_TIME, policy: { revocation: 'off' } });
    return report.signers[0].checks.find((c) => c.name === 'SIGNATURE_TIMESTAMP');
  };
  expect(await stampCheck(true)).toMatchObject({
    status: 'FAILED',
    subIndication: 'FORMAT_FAILURE',
    message: expect.stringMatching(/critical extension .* in TSTInfo/),
  });
  // Non-critical: the TSTInfo is read and the token fails later, on its own (made-up) signature.
  expect((await stampCheck(false))?.message).not.toMatch(/TSTInfo/);
});

describe('critical extensions in revocation data (RFC 5280 §5.2-5.3, RFC 6960 §4.4)', () => {
  const signerId = 'rsa/individual-sign';

  async function revocationWith(evidence: Uint8Array[]): Promise<Check> {
    const report = await verifyCms({
      cms: await createCadesBes(pki.get(signerId), CONTENT, { signingTime: SIGNING_TIME }),
      trustAnchors: [pki.get('rsa/root-ca').der],
      certificates: [pki.get('rsa/nca').der],
      validationTime: VALIDATION_TIME,
      policy: { revocation: 'require', caRevocation: 'off', revocationOnline: false },
      revocationEvidence: evidence,
      revocationFetcher: noNetwork,
      revocationCache: new RevocationCache(),
    });
    const check = report.signers[0].checks.find((c) => c.name === 'REVOCATION');
    if (!check) throw new Error('no REVOCATION check');
    return check;
  }
  const attempts = (check: Check) => ((check.evidence?.attempts as string[] | undefined) ?? []).join('\n');

  function crl(options: { extensions?: pkijs.Extension[]; entryExtensions?: pkijs.Extension[] } = {}): Uint8Array {
    const nca = pki.get('rsa/nca');
    return signCrl(
      {
        issuer: nca.certificate.subject,
        issuerKeyIdentifier: keyIdentifierOf(nca.key.spki),
        thisUpdate: new Date('2026-05-20T00:00:00Z'),
        nextUpdate: new Date('2026-07-01T00:00:00Z'),
        crlNumber: 77,
        revoked: [
          {
            serialNumber: new Uint8Array([0x01, 0x02, 0x03]),
            time: new Date('2026-01-01T00:00:00Z'),
            reasonCode: 1,
            extensions: options.entryExtensions ?? [],
          },
        ],
        ...(options.extensions && { extensions: options.extensions }),
      },
      nca.key,
    );
  }

  it('uses a CRL with only known extensions (baseline)', async () => {
    expect(await revocationWith([crl({ extensions: [unknown(false)], entryExtensions: [unknown(false)] })])).toMatchObject({
      status: 'PASSED',
    });
  });

  it('does not use a CRL with an unrecognized critical CRL extension', async () => {
    const check = await revocationWith([crl({ extensions: [unknown(true)] })]);
    expect(check).toMatchObject({ status: 'NOT_CHECKED', subIndication: 'TRY_LATER' });
    expect(attempts(check)).toMatch(new RegExp(`critical CRL extension ${UNKNOWN}`));
  });

  it('does not use a CRL with an unrecognized critical CRL entry extension', async () => {
    const check = await revocationWith([crl({ entryExtensions: [unknown(true)] })]);
    expect(check).toMatchObject({ status: 'NOT_CHECKED', subIndication: 'TRY_LATER' });
    expect(attempts(check)).toMatch(new RegExp(`critical CRL entry extension ${UNKNOWN}`));
  });

  // The test responder's answer, changed and signed again by the delegated responder.
  function ocsp(
    change: (basic: pkijs.BasicOCSPResponse) => void,
    responder: { certificate: pkijs.Certificate; key: TestKey } = pki.get('rsa/ocsp-responder'),
  ): Uint8Array {
    const original = new TestOcspResponder(pki, { clock: () => new Date('2026-05-31T00:00:00Z') }).respond(
      ocspRequest(pki.get(signerId).certificate, pki.get('rsa/nca').certificate),
    );
    const response = pkijs.OCSPResponse.fromBER(original);
    const basic = pkijs.BasicOCSPResponse.fromBER(response.responseBytes!.response.valueBlock.valueHexView);
    change(basic);
    const data = basic.tbsResponseData;
    data.tbsView = toDer(data.toSchema(true));
    basic.signatureAlgorithm = signatureAlgorithmIdentifier(responder.key.algorithm);
    basic.signature = new asn1js.BitString({ valueHex: responder.key.sign(data.tbsView) });
    basic.certs = [responder.certificate];
    response.responseBytes!.response = new asn1js.OctetString({ valueHex: toDer(basic.toSchema()) });
    return toDer(response.toSchema());
  }

  it('uses a re-signed OCSP response with non-critical unknown extensions (baseline)', async () => {
    const check = await revocationWith([
      ocsp((b) => {
        b.tbsResponseData.responseExtensions = [unknown(false)];
        b.tbsResponseData.responses[0].singleExtensions = [unknown(false)];
      }),
    ]);
    expect(check).toMatchObject({ status: 'PASSED', evidence: { type: 'OCSP', status: 'good' } });
  });

  it('does not use an OCSP response with an unrecognized critical responseExtension', async () => {
    const check = await revocationWith([ocsp((b) => (b.tbsResponseData.responseExtensions = [unknown(true)]))]);
    expect(check).toMatchObject({ status: 'NOT_CHECKED', subIndication: 'TRY_LATER' });
    expect(attempts(check)).toMatch(/critical extension .* in responseExtensions/);
  });

  it('does not use an OCSP response with an unrecognized critical singleExtension', async () => {
    const check = await revocationWith([ocsp((b) => (b.tbsResponseData.responses[0].singleExtensions = [unknown(true)]))]);
    expect(check).toMatchObject({ status: 'NOT_CHECKED', subIndication: 'TRY_LATER' });
    expect(attempts(check)).toMatch(/critical extension .* in singleExtensions/);
  });

  it('does not use an OCSP response signed by a delegated responder whose certificate has an unrecognized critical extension', async () => {
    const real = pki.get('rsa/ocsp-responder');
    const nca = pki.get('rsa/nca');
    const forged = signCertificate(
      {
        serialNumber: new Uint8Array([0x13, 0x57]),
        issuer: nca.certificate.subject,
        subject: real.certificate.subject,
        notBefore: new Date('2025-01-01T00:00:00Z'),
        notAfter: new Date('2035-01-01T00:00:00Z'),
        spki: real.key.spki,
        extensions: [keyUsage(['digitalSignature']), extendedKeyUsage(['1.3.6.1.5.5.7.3.9']), unknown(true)],
      },
      nca.key,
    );
    const check = await revocationWith([ocsp(() => undefined, { certificate: forged.certificate, key: real.key })]);
    expect(check).toMatchObject({ status: 'NOT_CHECKED', subIndication: 'TRY_LATER' });
    expect(attempts(check)).toMatch(/unrecognized critical extension/);
  });
});

describe('certificate policies demanded by a CA (RFC 5280 §6.1, policyConstraints / inhibitAnyPolicy)', () => {
  const ANY = '2.5.29.32.0';
  const P1 = '1.2.398.3.3.2.1';
  const P2 = '1.2.398.3.3.2.2';
  const policies = (...oids: string[]) =>
    extension(
      OID.certificatePolicies,
      false,
      new asn1js.Sequence({
        value: oids.map((oid) => new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid })] })),
      }),
    );
  const requireExplicit = (skip: number) =>
    extension('2.5.29.36', true, new pkijs.PolicyConstraints({ requireExplicitPolicy: skip }).toSchema());
  const inhibitAny = (skip: number) => extension('2.5.29.54', true, new asn1js.Integer({ value: skip }));

  it.each([
    ['explicit policy required, the end entity asserts none', [requireExplicit(0), policies(P1)], [], false],
    [
      'explicit policy required, CA and end entity assert the same policy',
      [requireExplicit(0), policies(P1)],
      [policies(P1)],
      true,
    ],
    ['explicit policy required, the CA asserts anyPolicy', [requireExplicit(0), policies(ANY)], [policies(P2)], true],
    ['explicit policy required, disjoint policies', [requireExplicit(0), policies(P1)], [policies(P2)], false],
    ['explicit policy required, the CA asserts none', [requireExplicit(0)], [policies(P1)], false],
    // §6.1.4 (i) then §6.1.5 (a): skip 1 counts down to 0 at the end entity, skip 2 does not.
    ['requireExplicitPolicy 1: the end entity without a policy', [requireExplicit(1), policies(P1)], [], false],
    ['requireExplicitPolicy 2: room for one more certificate', [requireExplicit(2), policies(P1)], [], true],
    ['no explicit policy required: disjoint policies do not matter', [policies(P1)], [policies(P2)], true],
    [
      'anyPolicy inhibited below the CA: an end entity asserting only anyPolicy',
      [requireExplicit(0), inhibitAny(0), policies(ANY)],
      [policies(ANY)],
      false,
    ],
    ['anyPolicy not inhibited: the same end entity passes', [requireExplicit(0), policies(ANY)], [policies(ANY)], true],
  ])('%s', async (_, ca, ee, passes) => {
    const report = await verifyBuilt(hierarchy({ ca, ee }));
    if (passes) expect(report.indication).toBe('TOTAL_PASSED');
    else expectRefused(report, /requires an explicit policy/);
  });

  it('refuses a malformed inhibitAnyPolicy', async () => {
    expectRefused(
      await verifyBuilt(hierarchy({ ca: [extension('2.5.29.54', true, new asn1js.Sequence())] })),
      /malformed extension 2\.5\.29\.54/,
    );
  });
});

// ---------------------------------------------------------------------------------------------

const general = (type: number, value: unknown) => new pkijs.GeneralName({ type, value } as pkijs.GeneralNameParameters);
const ip = (...bytes: number[]) => new asn1js.OctetString({ valueHex: new Uint8Array(bytes) });
function nameConstraints(options: {
  permitted?: pkijs.GeneralName[];
  excluded?: pkijs.GeneralName[];
  critical?: boolean;
}): pkijs.Extension {
  const value = new pkijs.NameConstraints({
    ...(options.permitted && { permittedSubtrees: options.permitted.map((base) => new pkijs.GeneralSubtree({ base })) }),
    ...(options.excluded && { excludedSubtrees: options.excluded.map((base) => new pkijs.GeneralSubtree({ base })) }),
  });
  return extension('2.5.29.30', options.critical ?? true, value.toSchema());
}
const san = (...names: pkijs.GeneralName[]) =>
  extension(OID.subjectAltName, false, new pkijs.AltName({ altNames: names }).toSchema());

describe('name constraints of a CA (RFC 5280 §4.2.1.10, §6.1.4 (g))', () => {
  const cases: [string, pkijs.Extension, Pair[], pkijs.Extension[], boolean][] = [
    [
      'permitted directoryName C=KZ,O=EDO: a subject under it',
      nameConstraints({ permitted: [general(4, rdn([C('KZ'), O('EDO')]))] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [],
      true,
    ],
    [
      'permitted directoryName C=KZ,O=EDO: another organization',
      nameConstraints({ permitted: [general(4, rdn([C('KZ'), O('EDO')]))] }),
      [C('KZ'), O('EVIL'), CN('MALLORY')],
      [],
      false,
    ],
    [
      'permitted directoryName compares case-insensitively (§7.1)',
      nameConstraints({ permitted: [general(4, rdn([C('KZ'), O('edo')]))] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [],
      true,
    ],
    [
      'excluded directoryName C=KZ,O=EVIL',
      nameConstraints({ excluded: [general(4, rdn([C('KZ'), O('EVIL')]))] }),
      [C('KZ'), O('EVIL'), CN('MALLORY')],
      [],
      false,
    ],
    [
      'permitted rfc822Name edo.kz: alice@edo.kz',
      nameConstraints({ permitted: [general(1, 'edo.kz')] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [san(general(1, 'alice@edo.kz'))],
      true,
    ],
    [
      'permitted rfc822Name edo.kz: mallory@evil.kz',
      nameConstraints({ permitted: [general(1, 'edo.kz')] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [san(general(1, 'mallory@evil.kz'))],
      false,
    ],
    [
      'permitted rfc822Name .edo.kz: a subdomain host',
      nameConstraints({ permitted: [general(1, '.edo.kz')] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [san(general(1, 'alice@mail.edo.kz'))],
      true,
    ],
    [
      'permitted rfc822Name .edo.kz: the domain itself is not a subdomain',
      nameConstraints({ permitted: [general(1, '.edo.kz')] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [san(general(1, 'alice@edo.kz'))],
      false,
    ],
    [
      'permitted rfc822Name: the subject emailAddress attribute counts',
      nameConstraints({ permitted: [general(1, 'edo.kz')] }),
      [C('KZ'), O('EDO'), CN('ALICE'), EMAIL('x@evil.kz')],
      [],
      false,
    ],
    [
      'excluded rfc822Name mailbox',
      nameConstraints({ excluded: [general(1, 'boss@edo.kz')] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [san(general(1, 'boss@edo.kz'))],
      false,
    ],
    [
      'permitted dNSName edo.kz: sign.edo.kz',
      nameConstraints({ permitted: [general(2, 'edo.kz')] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [san(general(2, 'sign.edo.kz'))],
      true,
    ],
    [
      'permitted dNSName edo.kz: badedo.kz (no label boundary)',
      nameConstraints({ permitted: [general(2, 'edo.kz')] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [san(general(2, 'badedo.kz'))],
      false,
    ],
    [
      'permitted dNSName edo.kz: edo.kz.evil.com',
      nameConstraints({ permitted: [general(2, 'edo.kz')] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [san(general(2, 'edo.kz.evil.com'))],
      false,
    ],
    [
      'excluded dNSName evil.kz: WWW.EVIL.KZ',
      nameConstraints({ excluded: [general(2, 'evil.kz')] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [san(general(2, 'WWW.EVIL.KZ'))],
      false,
    ],
    [
      'permitted dNSName: a host-name CN of the end entity without dNSName',
      nameConstraints({ permitted: [general(2, 'edo.kz')] }),
      [C('KZ'), O('EDO'), CN('www.evil.kz')],
      [],
      false,
    ],
    [
      'permitted iPAddress 10.0.0.0/8: 10.1.2.3',
      nameConstraints({ permitted: [general(7, ip(10, 0, 0, 0, 255, 0, 0, 0))] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [san(general(7, ip(10, 1, 2, 3)))],
      true,
    ],
    [
      'permitted iPAddress 10.0.0.0/8: 192.168.1.1',
      nameConstraints({ permitted: [general(7, ip(10, 0, 0, 0, 255, 0, 0, 0))] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [san(general(7, ip(192, 168, 1, 1)))],
      false,
    ],
    [
      'excluded iPAddress 192.168.0.0/16',
      nameConstraints({ excluded: [general(7, ip(192, 168, 0, 0, 255, 255, 0, 0))] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [san(general(7, ip(192, 168, 1, 1)))],
      false,
    ],
    [
      'excluded URI .evil.kz',
      nameConstraints({ excluded: [general(6, '.evil.kz')] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [san(general(6, 'https://x.evil.kz/doc'))],
      false,
    ],
    [
      'permitted URI host edo.kz',
      nameConstraints({ permitted: [general(6, 'edo.kz')] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [san(general(6, 'https://edo.kz/doc'))],
      true,
    ],
    [
      'a non-critical nameConstraints is enforced too',
      nameConstraints({ permitted: [general(4, rdn([C('KZ'), O('EDO')]))], critical: false }),
      [C('KZ'), O('EVIL'), CN('MALLORY')],
      [],
      false,
    ],
    [
      'a dNSName constraint does not restrict a directoryName',
      nameConstraints({ permitted: [general(2, 'edo.kz')] }),
      [C('KZ'), O('ANY'), CN('ALICE')],
      [],
      true,
    ],
  ];

  it.each(cases)('%s', async (_, constraint, eeName, eeExtra, passes) => {
    const report = await verifyBuilt(hierarchy({ ca: [constraint], eeName, ee: eeExtra }));
    if (passes) expect(report.indication).toBe('TOTAL_PASSED');
    else expectRefused(report, /violates the name constraints of .*EDO Constrained CA/);
  });

  it('refuses a critical nameConstraints on a name form it cannot process (registeredID)', async () => {
    const registeredId = general(8, '1.2.398.3.3.4');
    const report = await verifyBuilt(hierarchy({ ca: [nameConstraints({ permitted: [registeredId] })] }));
    expectRefused(report, /nameConstraints on registeredID names cannot be processed/);
  });

  it('applies the constraints of a CA to every certificate below it, intermediates included', async () => {
    // root → CA (permitted O=EDO) → sub-CA O=EVIL → end entity O=EDO: the sub-CA's subject violates.
    const root = pki.get('rsa/root-ca');
    const caKey = pki.get('rsa/nca').key;
    const subKey = pki.get('rsa/ocsp-responder').key;
    const eeKey = pki.get('rsa/individual-sign').key;
    const ca = {
      ...issue([C('KZ'), O('EDO'), CN('EDO Constrained CA')], root, caKey, [
        ...caExtensions(caKey, root.key),
        nameConstraints({ permitted: [general(4, rdn([C('KZ'), O('EDO')]))] }),
      ]),
      key: caKey,
    };
    const sub = { ...issue([C('KZ'), O('EVIL'), CN('Sub CA')], ca, subKey, caExtensions(subKey, caKey)), key: subKey };
    const ee = issue([C('KZ'), O('EDO'), CN('ALICE')], sub, eeKey, eeExtensions(eeKey, subKey));
    const report = await verifyCms({
      cms: await createCadesBes({ ...ee, key: eeKey }, CONTENT, {
        signingTime: SIGNING_TIME,
        extraCertificates: [ca.der, sub.der],
      }),
      trustAnchors: [root.der],
      validationTime: VALIDATION_TIME,
      policy: { revocation: 'off' },
    });
    expectRefused(report, /Sub CA.* violates the name constraints/);
  });
});

// Keep the helpers honest: wholeSeconds is what the builders use for times.
test('test dates are whole seconds', () => expect(wholeSeconds(SIGNING_TIME)).toEqual(SIGNING_TIME));
