// Every file of the shared NCA RK test vectors (certs/nca-test) against the outcome its
// README documents. The files are enumerated from disk, so a vector added without an
// expectation here fails with "no expectation for <file>" instead of going untested.
//
// The end-entity certificates are expired, so every case picks a time inside the validity the
// README gives; the issuing test CAs (ncanode/ca) are the trust anchors because the test roots
// are not among the vectors.

import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import * as asn1js from 'asn1js';
import forge from 'node-forge';
import * as pkijs from 'pkijs';
import { runCert, runCrl } from '../cli/verify-commands';
import { CrlIndex } from '../revocation/crl-index';
import { CertificateInfo, loadCertificates } from './certificates';
import { checkCrl } from './crl';
import { parseCms } from './cms-parser';
import { verifyCms, VerifyCmsInput } from './cms-verifier';
import { checkOcspResponse, OcspOutcome, parseBasicResponse } from './ocsp';
import { CMS_OID } from './oids';
import { CheckName, Indication, SubIndication, VerificationReport } from './report';
import { extractSignerIdentity, SignerIdentity } from './signer-identity';
import { buildTestCms, loadP12Signer, readVector, stripContent, VECTORS, vectorDer } from './spec-support';
import { checkTsaUsage, readTstInfo } from './timestamp';

const ROOT = path.resolve(VECTORS, '..');
const CA_DIR = path.join(VECTORS, 'ca');
const file = (relative: string) => path.join(VECTORS, relative);
const cert = (relative: string) => loadCertificates([vectorDer(relative)]).certificates[0];

const CA = {
  gost2015: 'ca/nca_gost2015_test.cer',
  gost2004: 'ca/nca_gost_test.crt',
  rsa: 'ca/nca_rsa_test.crt',
} as const;
type CaName = keyof typeof CA;
const CA_NAMES = Object.keys(CA) as CaName[];

const OCSP_FILES = ['ocsp/ocsp_response_individual_2015.bin', 'ocsp/ocsp_response_individual_sign_2004.bin'];
const CRL_FILES = ['crl/nca_gost2022_test.crl', 'crl/nca_rsa_test.crl'];
const NONCE: Record<string, string> = {
  'ocsp/ocsp_response_individual_2015.bin': 'e408ffb790834af2',
  'ocsp/ocsp_response_individual_sign_2004.bin': 'b5e5c9b552cbcac4',
};
const SKEW_MS = 5 * 60_000;

function ocspThisUpdate(relative: string): Date {
  const basic = parseBasicResponse(readVector(relative));
  if (!(basic instanceof pkijs.BasicOCSPResponse)) throw new Error(`${relative}: not an OCSP response`);
  return basic.tbsResponseData.responses[0].thisUpdate;
}

// What the vectors' own OCSP responses and CRLs say about one certificate at `time`: every
// authentic answer, named by file. The README's "which CRL/OCSP belongs to which CA" is the set of
// files that answer at all.
interface StatusAnswer {
  readonly file: string;
  readonly status: 'good' | 'revoked' | 'unknown';
  readonly revocationTime?: string;
  readonly reason?: string;
}

function revocationAnswers(serialNumber: string, issuer: CertificateInfo, time: Date): StatusAnswer[] {
  const answers: StatusAnswer[] = [];
  for (const relative of OCSP_FILES) {
    // An OCSP answer speaks about its thisUpdate: judge it right after that, with the nonce sent.
    const at = new Date(ocspThisUpdate(relative).getTime() + 60_000);
    const outcome: OcspOutcome = checkOcspResponse(readVector(relative), {
      serialNumber,
      issuer,
      time: at,
      nonce: Buffer.from(NONCE[relative], 'hex'),
      skewMs: SKEW_MS,
      maxAgeMs: 3_600_000,
    });
    if (outcome.ok)
      answers.push({
        file: relative,
        status: outcome.status,
        ...(outcome.revocationTime && { revocationTime: outcome.revocationTime.toISOString() }),
        ...(outcome.reason && { reason: outcome.reason }),
      });
  }
  for (const relative of CRL_FILES) {
    const outcome = checkCrl(CrlIndex.fromDer(readVector(relative)), { serialNumber, issuer, time, skewMs: SKEW_MS });
    if (outcome.ok)
      answers.push({
        file: relative,
        status: outcome.status,
        ...(outcome.revocationTime && { revocationTime: outcome.revocationTime.toISOString() }),
        ...(outcome.reason && { reason: outcome.reason }),
      });
  }
  return answers;
}

// ---------------------------------------------------------------------------------------------
// Expectations per kind of file.

interface Identity {
  readonly serialNumber: string;
  readonly iin?: string;
  readonly bin?: string;
  readonly roles: SignerIdentity['roles'];
  readonly keyUsage: SignerIdentity['keyUsage'];
}

function expectIdentity(actual: SignerIdentity | undefined, expected: Identity): void {
  expect(actual).toMatchObject({
    serialNumber: expected.serialNumber,
    roles: expected.roles,
    keyUsage: expected.keyUsage,
    ...(expected.iin && { iin: expected.iin }),
    ...(expected.bin ? { bin: expected.bin } : {}),
  });
  if (!expected.bin) expect(actual?.bin).toBeUndefined();
}

// A CA certificate: parsed, a CA that may sign certificates and CRLs, with the README's subject,
// algorithm and validity, and a trust anchor of its own in the CLI's `cert` command.
function caCertificate(subjectCn: string, signatureOid: string, notBefore: string, notAfter: string) {
  return (relative: string) => {
    const ca = cert(relative);
    expect(ca.isCa).toBe(true);
    expect(ca.keyUsage?.has('keyCertSign')).toBe(true);
    expect(ca.keyUsage?.has('cRLSign')).toBe(true);
    expect(ca.certificate.signatureAlgorithm.algorithmId).toBe(signatureOid);
    expect(extractSignerIdentity(ca).subject).toContain(`CN=${subjectCn}`);
    expect([ca.notBefore.toISOString().slice(0, 10), ca.notAfter.toISOString().slice(0, 10)]).toEqual([notBefore, notAfter]);
    const inside = new Date(ca.notBefore.getTime() + 86_400_000);
    const result = runCert({ command: 'cert', file: file(relative), chain: [], trust: [CA_DIR], at: inside, json: false });
    expect(result.indication).toBe('TOTAL_PASSED');
    expect(
      runCert({
        command: 'cert',
        file: file(relative),
        chain: [],
        trust: [CA_DIR],
        at: new Date(ca.notAfter.getTime() + 1000),
        json: false,
      }),
    ).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'OUT_OF_BOUNDS_NO_POE' });
  };
}

// An end-entity certificate: its chain to the right test CA (and to no other), its identity, and
// its revocation status from the vectors' CRL/OCSP files at `at`.
function endEntityCertificate(issuer: CaName, identity: Identity, at: Date, revocation: readonly StatusAnswer[]) {
  return (relative: string) => {
    const result = runCert({ command: 'cert', file: file(relative), chain: [], trust: [CA_DIR], at, json: false });
    expect(result).toMatchObject({ indication: 'TOTAL_PASSED', validationTime: at.toISOString() });
    expectIdentity(result.certificate, identity);
    const chain = result.checks.find((c) => c.name === 'CERTIFICATE_CHAIN');
    const pathOf = (chain?.evidence?.path ?? []) as { serialNumber: string }[];
    expect(pathOf.map((c) => c.serialNumber)).toEqual([identity.serialNumber, cert(CA[issuer]).serialNumber]);
    for (const other of CA_NAMES.filter((name) => name !== issuer))
      expect(
        runCert({ command: 'cert', file: file(relative), chain: [], trust: [file(CA[other])], at, json: false }),
      ).toMatchObject({
        indication: 'INDETERMINATE',
        subIndication: 'NO_CERTIFICATE_CHAIN_FOUND',
      });
    expect(revocationAnswers(identity.serialNumber, cert(CA[issuer]), at)).toEqual(revocation);
  };
}

// A CRL: verified with exactly one test CA (the README's), its entry count and dates, and the
// revoked serials the README names.
function crlFile(
  issuer: CaName,
  expected: { entries: number; crlNumber: string; thisUpdate: string; nextUpdate: string },
  revoked: readonly { serial: string; revocationTime: string; reason: string }[],
) {
  return (relative: string) => {
    const at = new Date(new Date(expected.thisUpdate).getTime() + 86_400_000);
    for (const name of CA_NAMES) {
      const result = runCrl({ command: 'crl', file: file(relative), issuer: file(CA[name]), at, json: false });
      if (name === issuer) {
        expect(result).toMatchObject({
          indication: 'TOTAL_PASSED',
          crl: { ...expected, issuer: extractSignerIdentity(cert(CA[name])).subject },
        });
        expect(result.checks.find((c) => c.name === 'SIGNATURE')?.status).toBe('PASSED');
      } else {
        expect(result.indication).toBe('TOTAL_FAILED');
        expect(result.checks.find((c) => c.name === 'ISSUER_NAME')?.status).toBe('FAILED');
      }
    }
    const stale = runCrl({
      command: 'crl',
      file: file(relative),
      issuer: file(CA[issuer]),
      at: new Date(new Date(expected.nextUpdate).getTime() + 1000),
      json: false,
    });
    expect(stale).toMatchObject({ indication: 'INDETERMINATE' });
    const index = CrlIndex.fromDer(readVector(relative));
    for (const entry of revoked)
      expect(checkCrl(index, { serialNumber: entry.serial, issuer: cert(CA[issuer]), time: at, skewMs: SKEW_MS })).toMatchObject({
        ok: true,
        status: 'revoked',
        revocationTime: new Date(entry.revocationTime),
        reason: entry.reason,
      });
  };
}

// An OCSP response: authentic for exactly one test CA (its CertID and signer), with the README's
// responder, status and nonce.
function ocspFile(issuer: CaName, serialNumber: string, expected: Partial<Extract<OcspOutcome, { ok: true }>>) {
  return (relative: string) => {
    const time = new Date(ocspThisUpdate(relative).getTime() + 60_000);
    const options = { serialNumber, time, nonce: Buffer.from(NONCE[relative], 'hex'), skewMs: SKEW_MS, maxAgeMs: 3_600_000 };
    for (const name of CA_NAMES) {
      const outcome = checkOcspResponse(readVector(relative), { ...options, issuer: cert(CA[name]) });
      if (name === issuer) expect(outcome).toMatchObject({ ok: true, ...expected });
      else expect(outcome).toMatchObject({ ok: false, problem: 'NO_MATCH' });
    }
    // The nonce the README gives is the one in the response: another one is a replay.
    expect(
      checkOcspResponse(readVector(relative), {
        ...options,
        issuer: cert(CA[issuer]),
        nonce: Buffer.from('0011223344556677', 'hex'),
      }),
    ).toMatchObject({ ok: false, problem: 'NONCE' });
  };
}

// tsp/: README: granted, policy 1.2.398.3.3.2.6.1, SHA-1 imprint, genTime 2022-09-18T13:20:14Z,
// TSA certificate "СЕРВИС МЕТКИ ВРЕМЕНИ" issued by ҰКО 3.0 (GOST TEST).
const TSP_GEN_TIME = new Date('2022-09-18T13:20:14Z');
const SHA1 = '1.3.14.3.2.26';

function tokenFields(token: Uint8Array) {
  const parsed = parseCms(token);
  if (!parsed.ok) throw new Error(`token: ${parsed.message}`);
  expect(parsed.cms.contentType).toBe(CMS_OID.tstInfo);
  expect(parsed.cms.content).toBeDefined();
  return readTstInfo(parsed.cms.content as Uint8Array);
}

function expectTstInfo(token: Uint8Array): void {
  const fields = tokenFields(token);
  expect(fields).toMatchObject({ genTime: TSP_GEN_TIME, policy: '1.2.398.3.3.2.6.1', imprintOid: SHA1 });
  expect(fields.imprint).toHaveLength(20);
}

async function tspToken(relative: string): Promise<void> {
  const token = readVector(relative);
  expectTstInfo(token);
  // The token is a GOST 34.310-2004 CMS vector: its signature, digest and chain verify.
  const report = await verifyCms({
    cms: token,
    validationTime: TSP_GEN_TIME,
    trustAnchors: [vectorDer(CA.gost2004)],
    policy: { revocation: 'off' },
  });
  expect(report).toMatchObject({ indication: 'TOTAL_PASSED', content: { contentType: CMS_OID.tstInfo, attached: true } });
  expect(report.signers).toHaveLength(1);
  const tsa = report.signers[0].signer;
  expect(tsa?.subject).toContain('CN=СЕРВИС МЕТКИ ВРЕМЕНИ');
  expect(tsa?.issuer).toContain('CN=ҰКО 3.0 (GOST TEST)');
  expect(report.signers[0].signatureAlgorithm).toMatch(/34\.310/);
  const parsed = parseCms(token);
  if (!parsed.ok) throw new Error(parsed.message);
  const inside = parsed.cms.certificates.find((c) => extractSignerIdentity(c).subject.includes('СЕРВИС МЕТКИ ВРЕМЕНИ'));
  expect(inside && checkTsaUsage(inside)).toBeUndefined();
}

function tspResponse(relative: string): void {
  const response = pkijs.TimeStampResp.fromBER(readVector(relative));
  expect(response.status.status).toBe(0); // granted
  expect(response.timeStampToken).toBeDefined();
  const token = new Uint8Array(response.timeStampToken!.toSchema().toBER(false));
  expectTstInfo(token);
  // The response carries exactly the token of tsp/tsp_token.bin.
  expect(Buffer.from(token).equals(readVector('tsp/tsp_token.bin'))).toBe(true);
}

// keys/*.p12: a PKCS#12 PFX (version 3, authSafe id-data) that opens with its README password (the
// MAC is checked) and not with another one, holding one key bag and one certificate bag.
// node-forge decrypts the GOST containers too (classic PBE), but cannot decode the GOST private
// keys (PKCS#8 algorithm 1.2.398.3.10.1.1.x): their key bag comes back undecoded and their
// certificate only as ASN.1, which the verifier's own parser reads.
interface P12Certificate {
  readonly der: Buffer;
  readonly rsaKeyMatches?: boolean;
}

function openP12(relative: string, password: string): P12Certificate {
  const pfx = asn1js.fromBER(readVector(relative));
  expect(pfx.offset).not.toBe(-1);
  const outer = pfx.result as asn1js.Sequence;
  expect((outer.valueBlock.value[0] as asn1js.Integer).valueBlock.valueDec).toBe(3);
  const authSafe = outer.valueBlock.value[1] as asn1js.Sequence;
  expect((authSafe.valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString()).toBe(CMS_OID.data);
  expect(outer.valueBlock.value).toHaveLength(3); // version, authSafe, macData

  const asn1 = forge.asn1.fromDer(readVector(relative).toString('binary'));
  expect(() => forge.pkcs12.pkcs12FromAsn1(asn1, `${password}x`)).toThrow();
  const p12 = forge.pkcs12.pkcs12FromAsn1(asn1, password);
  const keyBags = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? [];
  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  expect([keyBags.length, certBags.length]).toEqual([1, 1]);
  const [certBag] = certBags;
  const certAsn1 = certBag.cert ? forge.pki.certificateToAsn1(certBag.cert) : certBag.asn1;
  const der = Buffer.from(forge.asn1.toDer(certAsn1).getBytes(), 'binary');
  const key = keyBags[0].key as forge.pki.rsa.PrivateKey | null | undefined;
  if (!key || !certBag.cert) return { der };
  const publicKey = certBag.cert.publicKey as forge.pki.rsa.PublicKey;
  return { der, rsaKeyMatches: key.n.equals(publicKey.n) && key.e.equals(publicKey.e) };
}

// A CMS signed with an RSA key of the vectors (spec-support.ts's builder), verified with revocation
// required and every CRL/OCSP file of the vectors supplied, at `at`.
interface SignedWithKey {
  readonly at: Date;
  readonly indication: Indication;
  readonly subIndication?: SubIndication;
}

async function verifySignedWithKey(relative: string, password: string, issuer: CaName, expected: SignedWithKey): Promise<void> {
  const report = await verifyCms({
    cms: buildTestCms(loadP12Signer(relative, password), {
      content: Buffer.from('signed with a vector key'),
      signingTime: expected.at,
    }),
    validationTime: expected.at,
    trustAnchors: [vectorDer(CA[issuer])],
    policy: { revocation: 'require', revocationOnline: false },
    revocationEvidence: [...CRL_FILES, ...OCSP_FILES].map((f) => readVector(f)),
  });
  const label = `${relative} at ${expected.at.toISOString()}`;
  expect({ label, indication: report.indication, subIndication: report.subIndication }).toEqual({
    label,
    indication: expected.indication,
    subIndication: expected.subIndication,
  });
}

function p12File(
  password: string,
  keyAlgorithm: 'RSA' | 'GOST',
  issuer: CaName,
  identity: Identity,
  at: Date,
  revocation: readonly StatusAnswer[],
  signed: readonly SignedWithKey[] = [],
) {
  return async (relative: string) => {
    const opened = openP12(relative, password);
    expect(opened.rsaKeyMatches).toBe(keyAlgorithm === 'RSA' ? true : undefined);
    const [certificate] = loadCertificates([opened.der]).certificates;
    expectIdentity(extractSignerIdentity(certificate), identity);
    expect(extractSignerIdentity(certificate).publicKeyAlgorithm).toMatch(keyAlgorithm === 'RSA' ? /RSA/i : /GOST|34\./);
    expect(certificate.validAt(at)).toBe(true);
    expect(revocationAnswers(identity.serialNumber, cert(CA[issuer]), at)).toEqual(revocation);
    for (const expected of signed) await verifySignedWithKey(relative, password, issuer, expected);
  };
}

// cms/*.p7s: verifyCms per scenario; per signer the indication and identity.
interface SignerExpectation {
  readonly indication: Indication;
  readonly subIndication?: SubIndication;
  readonly identity: Identity;
  readonly signatureAlgorithm: RegExp;
  // Checks that must have this status (e.g. the revocation evidence used).
  readonly checks?: Partial<Record<CheckName, Record<string, unknown>>>;
}

interface CmsScenario {
  readonly name: string;
  readonly input: Omit<VerifyCmsInput, 'cms'>;
  readonly detached?: boolean;
  readonly indication: Indication;
  readonly subIndication?: SubIndication;
  readonly signers: readonly SignerExpectation[];
}

function cmsFile(content: string, scenarios: readonly CmsScenario[]) {
  return async (relative: string) => {
    // The signed content is the README's literal, also stored as the .bin next to the CMS.
    expect(readVector(`cms/${content}.bin`).toString('latin1')).toBe(content);
    for (const scenario of scenarios) {
      const der = readVector(relative);
      const report: VerificationReport = await verifyCms({
        cms: scenario.detached ? stripContent(der) : der,
        ...(scenario.detached && { data: readVector(`cms/${content}.bin`) }),
        ...scenario.input,
      });
      const label = `${relative}: ${scenario.name}`;
      expect({ label, indication: report.indication, subIndication: report.subIndication }).toEqual({
        label,
        indication: scenario.indication,
        subIndication: scenario.subIndication,
      });
      expect(report.error).toBeUndefined();
      expect(report.content).toEqual({ contentType: CMS_OID.data, attached: !scenario.detached, size: content.length });
      expect(report.signers).toHaveLength(scenario.signers.length);
      scenario.signers.forEach((expected, i) => {
        const signer = report.signers[i];
        expect({ label, i, indication: signer.indication, subIndication: signer.subIndication }).toEqual({
          label,
          i,
          indication: expected.indication,
          subIndication: expected.subIndication,
        });
        expectIdentity(signer.signer, expected.identity);
        expect(signer.signatureAlgorithm).toMatch(expected.signatureAlgorithm);
        expect(signer.adesLevel).toBe('B-B');
        // README: "sig OK" for every signer, whatever the certificate's status.
        expect(signer.checks.find((c) => c.name === 'SIGNATURE_VALUE')?.status).toBe('PASSED');
        expect(signer.checks.find((c) => c.name === 'MESSAGE_DIGEST')?.status).toBe('PASSED');
        for (const [name, fields] of Object.entries(expected.checks ?? {}))
          expect(signer.checks.find((c) => c.name === name)).toMatchObject(fields);
      });
    }
  };
}

// ---------------------------------------------------------------------------------------------
// The README, file by file.

const RSA_SIGNER: Identity = {
  serialNumber: '4279390A141F5353A62947B61ED65E81741467D1',
  iin: '123456789011',
  roles: ['INDIVIDUAL'],
  keyUsage: 'SIGN',
};
const GOST2015_SIGNER: Identity = {
  serialNumber: '0FF06211DC82BEB00253FFA000F1DE84ABEF454F',
  iin: '123456789012',
  roles: ['INDIVIDUAL'],
  keyUsage: 'SIGN',
};
const RSA_ALGORITHM = /SHA-256 with RSA/;
const GOST2015_ALGORITHM = /34\.10-2015/;

// Inside the RSA signer's validity (2021-01-18…2022-01-18).
const RSA_SIGNER_TIME = new Date('2021-06-01T00:00:00Z');
// Inside the GOST signer's validity (2022-07-28…2023-07-28) and the GOST CRL's (2022-07-27…2023-01-23).
const GOST_SIGNER_TIME = new Date('2022-10-01T00:00:00Z');
// Inside the RSA CRL's period (2022-03-29…2022-09-25) and the 2022 RSA/GOST-2004 certificates'.
const RSA_CRL_TIME = new Date('2022-06-01T00:00:00Z');
const OFFLINE = { revocationOnline: false } as const;

const GOST_OCSP_REVOKED: StatusAnswer = {
  file: 'ocsp/ocsp_response_individual_2015.bin',
  status: 'revoked',
  revocationTime: '1970-01-01T00:00:00.000Z',
  reason: 'certificateHold',
};

const EXPECTATIONS: Readonly<Record<string, (relative: string) => void | Promise<void>>> = {
  // The README itself names every vector file.
  'README.md': () => {
    const text = readVector('../README.md').toString('utf8');
    for (const vector of listFiles(ROOT).filter((f) => f.startsWith('ncanode/')))
      expect({ vector, documented: text.includes(vector.replace(/^ncanode\//, '')) }).toEqual({ vector, documented: true });
  },

  'ncanode/ca/nca_gost2015_test.cer': caCertificate(
    'ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) TEST 2022',
    '1.2.398.3.10.1.1.2.3.2',
    '2022-07-07',
    '2032-07-04',
  ),
  'ncanode/ca/nca_gost_test.crt': caCertificate('ҰКО 3.0 (GOST TEST)', '1.2.398.3.10.1.1.1.2', '2019-03-14', '2024-03-12'),
  'ncanode/ca/nca_rsa_test.crt': caCertificate('ҰКО 3.0 (RSA TEST)', '1.2.840.113549.1.1.11', '2019-03-15', '2024-03-13'),

  // No CRL or OCSP response of ҰКО 3.0 (GOST TEST) is among the vectors: no status can be found.
  'ncanode/certs/ceo_valid_sign_2004_gost.cer': endEntityCertificate(
    'gost2004',
    {
      serialNumber: '6CBD4560A33A58C0B07C3363C9AE0674A0838E58',
      iin: '123456789011',
      bin: '123456789021',
      roles: ['ORGANIZATION', 'CEO'],
      keyUsage: 'SIGN',
    },
    RSA_CRL_TIME,
    [],
  ),
  'ncanode/certs/individual_valid_sign_2004_rsa.cer': endEntityCertificate(
    'rsa',
    { serialNumber: '41E45CC8A04C705963E5CD6769848A934D8EAEF5', iin: '123456789011', roles: ['INDIVIDUAL'], keyUsage: 'SIGN' },
    RSA_CRL_TIME,
    [{ file: 'crl/nca_rsa_test.crl', status: 'good' }],
  ),
  'ncanode/certs/individual_valid_sign_2004_rsa_auth.cer': endEntityCertificate(
    'rsa',
    { serialNumber: '247C3FDA89FA641EA226987393CDAF3F5BAF24B3', iin: '123456789011', roles: ['INDIVIDUAL'], keyUsage: 'AUTH' },
    RSA_CRL_TIME,
    [{ file: 'crl/nca_rsa_test.crl', status: 'good' }],
  ),

  'ncanode/cms/rsa_attached_lol_kek.p7s': cmsFile('lol_kek', [
    {
      name: 'chain and signature, revocation off',
      input: { validationTime: RSA_SIGNER_TIME, trustAnchors: [vectorDer(CA.rsa)], policy: { revocation: 'off' } },
      indication: 'TOTAL_PASSED',
      signers: [{ indication: 'TOTAL_PASSED', identity: RSA_SIGNER, signatureAlgorithm: RSA_ALGORITHM }],
    },
    {
      name: 'detached copy with lol_kek.bin',
      detached: true,
      input: { validationTime: RSA_SIGNER_TIME, trustAnchors: [vectorDer(CA.rsa)], policy: { revocation: 'off' } },
      indication: 'TOTAL_PASSED',
      signers: [{ indication: 'TOTAL_PASSED', identity: RSA_SIGNER, signatureAlgorithm: RSA_ALGORITHM }],
    },
    {
      name: 'another CA as the only anchor',
      input: { validationTime: RSA_SIGNER_TIME, trustAnchors: [vectorDer(CA.gost2004)], policy: { revocation: 'off' } },
      indication: 'INDETERMINATE',
      subIndication: 'NO_CERTIFICATE_CHAIN_FOUND',
      signers: [
        {
          indication: 'INDETERMINATE',
          subIndication: 'NO_CERTIFICATE_CHAIN_FOUND',
          identity: RSA_SIGNER,
          signatureAlgorithm: RSA_ALGORITHM,
        },
      ],
    },
    {
      // The RSA OCSP response ("good", 2022-09-02) and the RSA CRL (2022-03-29) were both issued
      // after the certificate expired (2022-01-18): nothing speaks for a time inside its validity,
      // so revocation "require" cannot be satisfied.
      name: 'revocation required, RSA OCSP + CRL supplied',
      input: {
        validationTime: RSA_SIGNER_TIME,
        trustAnchors: [vectorDer(CA.rsa)],
        policy: { revocation: 'require', ...OFFLINE },
        revocationEvidence: [readVector(OCSP_FILES[1]), readVector(CRL_FILES[1])],
      },
      indication: 'INDETERMINATE',
      subIndication: 'TRY_LATER',
      signers: [
        {
          indication: 'INDETERMINATE',
          subIndication: 'TRY_LATER',
          identity: RSA_SIGNER,
          signatureAlgorithm: RSA_ALGORITHM,
          checks: { REVOCATION: { status: 'NOT_CHECKED' } },
        },
      ],
    },
  ]),

  // README: no time is inside both signers' validity (RSA 2021-01-18…2022-01-18, GOST
  // 2022-07-28…2023-07-28), so the document is never TOTAL_PASSED although both signatures verify.
  'ncanode/cms/gost2015_rsa_2signers_attached_test123.p7s': cmsFile('test123', [
    {
      name: 'at a time inside the GOST certificate, GOST CRL supplied',
      input: {
        validationTime: GOST_SIGNER_TIME,
        trustAnchors: [vectorDer(CA.gost2015), vectorDer(CA.rsa)],
        policy: { revocation: 'require', ...OFFLINE },
        revocationEvidence: [readVector(CRL_FILES[0])],
      },
      indication: 'INDETERMINATE',
      subIndication: 'OUT_OF_BOUNDS_NO_POE',
      signers: [
        {
          indication: 'TOTAL_PASSED',
          identity: GOST2015_SIGNER,
          signatureAlgorithm: GOST2015_ALGORITHM,
          checks: { REVOCATION: { status: 'PASSED', evidence: { type: 'CRL', source: 'supplied', status: 'good' } } },
        },
        {
          // The RSA CRL does not cover 2022-10-01 (nextUpdate 2022-09-25); expiry comes first anyway.
          indication: 'INDETERMINATE',
          subIndication: 'OUT_OF_BOUNDS_NO_POE',
          identity: RSA_SIGNER,
          signatureAlgorithm: RSA_ALGORITHM,
        },
      ],
    },
    {
      // The GOST OCSP response says revoked (certificateHold, 1970-01-01, a test-PKI artefact).
      name: 'right after the GOST OCSP response, which is supplied',
      input: {
        validationTime: new Date(ocspThisUpdate(OCSP_FILES[0]).getTime() + 60_000),
        trustAnchors: [vectorDer(CA.gost2015), vectorDer(CA.rsa)],
        policy: { revocation: 'require', ...OFFLINE },
        revocationEvidence: [readVector(OCSP_FILES[0])],
      },
      indication: 'TOTAL_FAILED',
      subIndication: 'REVOKED',
      signers: [
        {
          indication: 'TOTAL_FAILED',
          subIndication: 'REVOKED',
          identity: GOST2015_SIGNER,
          signatureAlgorithm: GOST2015_ALGORITHM,
          checks: {
            REVOCATION: {
              status: 'FAILED',
              evidence: {
                type: 'OCSP',
                status: 'revoked',
                reason: 'certificateHold',
                revocationTime: '1970-01-01T00:00:00.000Z',
              },
            },
          },
        },
        {
          indication: 'INDETERMINATE',
          subIndication: 'OUT_OF_BOUNDS_NO_POE',
          identity: RSA_SIGNER,
          signatureAlgorithm: RSA_ALGORITHM,
        },
      ],
    },
    {
      name: 'at a time inside the RSA certificate, revocation off',
      input: {
        validationTime: RSA_SIGNER_TIME,
        trustAnchors: [vectorDer(CA.gost2015), vectorDer(CA.rsa)],
        policy: { revocation: 'off' },
      },
      indication: 'INDETERMINATE',
      subIndication: 'OUT_OF_BOUNDS_NO_POE',
      signers: [
        {
          indication: 'INDETERMINATE',
          subIndication: 'OUT_OF_BOUNDS_NO_POE',
          identity: GOST2015_SIGNER,
          signatureAlgorithm: GOST2015_ALGORITHM,
        },
        { indication: 'TOTAL_PASSED', identity: RSA_SIGNER, signatureAlgorithm: RSA_ALGORITHM },
      ],
    },
    {
      name: 'detached copy with test123.bin, GOST time, revocation off',
      detached: true,
      input: {
        validationTime: GOST_SIGNER_TIME,
        trustAnchors: [vectorDer(CA.gost2015), vectorDer(CA.rsa)],
        policy: { revocation: 'off' },
      },
      indication: 'INDETERMINATE',
      subIndication: 'OUT_OF_BOUNDS_NO_POE',
      signers: [
        { indication: 'TOTAL_PASSED', identity: GOST2015_SIGNER, signatureAlgorithm: GOST2015_ALGORITHM },
        {
          indication: 'INDETERMINATE',
          subIndication: 'OUT_OF_BOUNDS_NO_POE',
          identity: RSA_SIGNER,
          signatureAlgorithm: RSA_ALGORITHM,
        },
      ],
    },
  ]),
  // The signed contents: checked as part of the CMS cases above (attached and detached).
  'ncanode/cms/lol_kek.bin': (relative) =>
    expect(readVector(relative).equals(contentOf('cms/rsa_attached_lol_kek.p7s'))).toBe(true),
  'ncanode/cms/test123.bin': (relative) =>
    expect(readVector(relative).equals(contentOf('cms/gost2015_rsa_2signers_attached_test123.p7s'))).toBe(true),

  'ncanode/crl/nca_gost2022_test.crl': crlFile(
    'gost2015',
    { entries: 6, crlNumber: '4', thisUpdate: '2022-07-27T11:26:06.000Z', nextUpdate: '2023-01-23T11:26:06.000Z' },
    [{ serial: '3A90343E720594C55204B19CB9A402422EF0E622', revocationTime: '2022-07-27T10:25:30Z', reason: 'certificateHold' }],
  ),
  'ncanode/crl/nca_rsa_test.crl': crlFile(
    'rsa',
    { entries: 126, crlNumber: '9', thisUpdate: '2022-03-29T04:18:29.000Z', nextUpdate: '2022-09-25T04:18:29.000Z' },
    [
      { serial: '46757A2158A604189C40FB1FCDAB1143F83F32DB', revocationTime: '2022-01-18T04:40:24Z', reason: 'superseded' },
      { serial: '1AB11253653B2537F2EDD55F0F66281CA4FA3F98', revocationTime: '2022-01-18T04:41:12Z', reason: 'superseded' },
    ],
  ),

  'ncanode/ocsp/ocsp_response_individual_2015.bin': ocspFile('gost2015', GOST2015_SIGNER.serialNumber, {
    status: 'revoked',
    responder: expect.stringContaining('CN=OCSP RESPONDER') as string,
    responderKind: 'delegated',
    noCheck: true,
    revocationTime: new Date('1970-01-01T00:00:00Z'),
    reason: 'certificateHold',
  }),
  'ncanode/ocsp/ocsp_response_individual_sign_2004.bin': ocspFile('rsa', RSA_SIGNER.serialNumber, { status: 'good' }),

  'ncanode/tsp/tsp_response.bin': (relative) => tspResponse(relative),
  'ncanode/tsp/tsp_token.bin': (relative) => tspToken(relative),

  // The RSA OCSP response ("good", 2022-09-02) and CRL (2022-03-29) were issued after this
  // certificate expired (2022-01-18): they cannot vouch for a time inside its validity.
  'ncanode/keys/individual_valid_sign_rsa.p12': p12File(
    'Qwerty12',
    'RSA',
    'rsa',
    RSA_SIGNER,
    RSA_SIGNER_TIME,
    [{ file: 'ocsp/ocsp_response_individual_sign_2004.bin', status: 'good' }],
    [{ at: RSA_SIGNER_TIME, indication: 'INDETERMINATE', subIndication: 'TRY_LATER' }],
  ),
  'ncanode/keys/individual_sign_revoked_rsa.p12': p12File(
    'Qwerty12',
    'RSA',
    'rsa',
    { serialNumber: '46757A2158A604189C40FB1FCDAB1143F83F32DB', iin: '123456789011', roles: ['INDIVIDUAL'], keyUsage: 'SIGN' },
    RSA_CRL_TIME,
    [{ file: 'crl/nca_rsa_test.crl', status: 'revoked', revocationTime: '2022-01-18T04:40:24.000Z', reason: 'superseded' }],
    [
      { at: RSA_CRL_TIME, indication: 'TOTAL_FAILED', subIndication: 'REVOKED' },
      // After the revocation (2022-01-18) but before the CRL's thisUpdate (2022-03-29): a listed
      // revocation is final (RFC 5280 §3.3), so the later CRL proves the certificate was already
      // revoked at this time.
      { at: new Date('2022-02-01T00:00:00Z'), indication: 'TOTAL_FAILED', subIndication: 'REVOKED' },
    ],
  ),
  'ncanode/keys/individual_auth_revoked_rsa.p12': p12File(
    'Qwerty12',
    'RSA',
    'rsa',
    { serialNumber: '1AB11253653B2537F2EDD55F0F66281CA4FA3F98', iin: '123456789011', roles: ['INDIVIDUAL'], keyUsage: 'AUTH' },
    RSA_CRL_TIME,
    [{ file: 'crl/nca_rsa_test.crl', status: 'revoked', revocationTime: '2022-01-18T04:41:12.000Z', reason: 'superseded' }],
    [{ at: RSA_CRL_TIME, indication: 'TOTAL_FAILED', subIndication: 'REVOKED' }],
  ),
  // README: revoked, but no CRL/OCSP of ҰКО 3.0 (GOST TEST) is among the vectors to show it.
  'ncanode/keys/ceo_sign_revoked_gost2004.p12': p12File(
    'Qwerty12',
    'GOST',
    'gost2004',
    {
      serialNumber: '12E3E7B9966D09EB9CDA64251457E815C2A8DDED',
      iin: '123456789011',
      bin: '123456789021',
      roles: ['ORGANIZATION', 'CEO'],
      keyUsage: 'SIGN',
    },
    RSA_CRL_TIME,
    [],
  ),
  // The GOST OCSP response says revoked (certificateHold, 1970: test-PKI artefact); the older
  // GOST CRL does not list it.
  'ncanode/keys/individual_valid_gost2015.p12': p12File('Aa123456', 'GOST', 'gost2015', GOST2015_SIGNER, GOST_SIGNER_TIME, [
    GOST_OCSP_REVOKED,
    { file: 'crl/nca_gost2022_test.crl', status: 'good' },
  ]),
  'ncanode/keys/ceo_revoked_gost2015.p12': p12File(
    'Aa123456',
    'GOST',
    'gost2015',
    {
      serialNumber: '3A90343E720594C55204B19CB9A402422EF0E622',
      iin: '123456789011',
      bin: '123456789021',
      roles: ['ORGANIZATION', 'CEO'],
      keyUsage: 'SIGN',
    },
    GOST_SIGNER_TIME,
    [
      {
        file: 'crl/nca_gost2022_test.crl',
        status: 'revoked',
        revocationTime: '2022-07-27T10:25:30.000Z',
        reason: 'certificateHold',
      },
    ],
  ),
};

function contentOf(relative: string): Buffer {
  const parsed = parseCms(readVector(relative));
  if (!parsed.ok || !parsed.cms.content) throw new Error(`${relative}: no embedded content`);
  return Buffer.from(parsed.cms.content);
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) =>
      entry.isDirectory() ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
    );
}

const FILES = listFiles(ROOT);

describe('NCA RK test vectors (certs/nca-test)', () => {
  it('has an expectation for every file and a file for every expectation', () => {
    expect(Object.keys(EXPECTATIONS).filter((name) => !FILES.includes(name))).toEqual([]);
  });

  it.each(FILES)('%s', async (relative) => {
    const expectation = EXPECTATIONS[relative];
    if (!expectation) throw new Error(`no expectation for ${relative}`);
    // Paths below are relative to ncanode/, as the README writes them.
    await expectation(relative.replace(/^ncanode\//, ''));
  });
});
