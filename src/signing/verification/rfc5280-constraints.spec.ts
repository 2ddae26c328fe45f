// What RFC 5280 makes a certificate-using system refuse, built here from the standard with the test
// PKI's keys: unrecognized critical extensions (§4.2; also in CRLs §5.2/§5.3, OCSP responses
// RFC 6960 §4.4 and TSA certificates), repeated or malformed extensions, and the policies a CA
// demands. Name constraints of a CA: rfc5280-name-constraints.spec.ts.

import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { createCadesBes } from '../test-pki/cades';
import { hostileCms } from '../test-pki/hostile-cms';
import { toDer } from '../test-pki/der';
import { signatureAlgorithmIdentifier, TestKey } from '../test-pki/keys';
import { TestPki, TestPkiEntity } from '../test-pki/manifest';
import { OID } from '../test-pki/oids';
import { ocspRequest, TestOcspResponder } from '../test-pki/test-ocsp-responder';
import { inProcessTimestamper, TestTsa } from '../test-pki/test-tsa';
import {
  authorityKeyIdentifier,
  extendedKeyUsage,
  extension,
  keyIdentifierOf,
  keyUsage,
  signCertificate,
  signCrl,
  subjectKeyIdentifier,
} from '../test-pki/x509-builder';
import { verifyCms } from './cms-verifier';
import { Check } from './report';
import { RevocationCache } from './revocation-fetcher';
import {
  caExtensions,
  chainOf,
  CONTENT,
  expectRefused,
  hierarchy,
  loadTestPkiBeforeAll,
  noNetwork,
  pki,
  SIGNING_TIME,
  UNKNOWN,
  unknown,
  VALIDATION_TIME,
  verifyBuilt,
} from './rfc5280-spec-support';

loadTestPkiBeforeAll();

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
