// How vectors.spec.ts checks each kind of file of the NCA RK test vectors (certs/nca-test):
// certificates, CRLs, OCSP responses, time-stamps, PKCS#12 key stores and CMS signatures, each
// against what the vectors' README documents.

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

export const ROOT = path.resolve(VECTORS, '..');
export const CA_DIR = path.join(VECTORS, 'ca');
export const file = (relative: string) => path.join(VECTORS, relative);
export const cert = (relative: string) => loadCertificates([vectorDer(relative)]).certificates[0];

export const CA = {
  gost2015: 'ca/nca_gost2015_test.cer',
  gost2004: 'ca/nca_gost_test.crt',
  rsa: 'ca/nca_rsa_test.crt',
} as const;
export type CaName = keyof typeof CA;
export const CA_NAMES = Object.keys(CA) as CaName[];

export const OCSP_FILES = ['ocsp/ocsp_response_individual_2015.bin', 'ocsp/ocsp_response_individual_sign_2004.bin'];
export const CRL_FILES = ['crl/nca_gost2022_test.crl', 'crl/nca_rsa_test.crl'];
export const NONCE: Record<string, string> = {
  'ocsp/ocsp_response_individual_2015.bin': 'e408ffb790834af2',
  'ocsp/ocsp_response_individual_sign_2004.bin': 'b5e5c9b552cbcac4',
};
export const SKEW_MS = 5 * 60_000;

export function ocspThisUpdate(relative: string): Date {
  const basic = parseBasicResponse(readVector(relative));
  if (!(basic instanceof pkijs.BasicOCSPResponse)) throw new Error(`${relative}: not an OCSP response`);
  return basic.tbsResponseData.responses[0].thisUpdate;
}

// What the vectors' own OCSP responses and CRLs say about one certificate at `time`: every
// authentic answer, named by file. The README's "which CRL/OCSP belongs to which CA" is the set of
// files that answer at all.
export interface StatusAnswer {
  readonly file: string;
  readonly status: 'good' | 'revoked' | 'unknown';
  readonly revocationTime?: string;
  readonly reason?: string;
}

export function revocationAnswers(serialNumber: string, issuer: CertificateInfo, time: Date): StatusAnswer[] {
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

export interface Identity {
  readonly serialNumber: string;
  readonly iin?: string;
  readonly bin?: string;
  readonly roles: SignerIdentity['roles'];
  readonly keyUsage: SignerIdentity['keyUsage'];
}

export function expectIdentity(actual: SignerIdentity | undefined, expected: Identity): void {
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
export function caCertificate(subjectCn: string, signatureOid: string, notBefore: string, notAfter: string) {
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
export function endEntityCertificate(issuer: CaName, identity: Identity, at: Date, revocation: readonly StatusAnswer[]) {
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
export function crlFile(
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
export function ocspFile(issuer: CaName, serialNumber: string, expected: Partial<Extract<OcspOutcome, { ok: true }>>) {
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
export const TSP_GEN_TIME = new Date('2022-09-18T13:20:14Z');
export const SHA1 = '1.3.14.3.2.26';

export function tokenFields(token: Uint8Array) {
  const parsed = parseCms(token);
  if (!parsed.ok) throw new Error(`token: ${parsed.message}`);
  expect(parsed.cms.contentType).toBe(CMS_OID.tstInfo);
  expect(parsed.cms.content).toBeDefined();
  return readTstInfo(parsed.cms.content as Uint8Array);
}

export function expectTstInfo(token: Uint8Array): void {
  const fields = tokenFields(token);
  expect(fields).toMatchObject({ genTime: TSP_GEN_TIME, policy: '1.2.398.3.3.2.6.1', imprintOid: SHA1 });
  expect(fields.imprint).toHaveLength(20);
}

export async function tspToken(relative: string): Promise<void> {
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

export function tspResponse(relative: string): void {
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
export interface P12Certificate {
  readonly der: Buffer;
  readonly rsaKeyMatches?: boolean;
}

export function openP12(relative: string, password: string): P12Certificate {
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
export interface SignedWithKey {
  readonly at: Date;
  readonly indication: Indication;
  readonly subIndication?: SubIndication;
}

export async function verifySignedWithKey(
  relative: string,
  password: string,
  issuer: CaName,
  expected: SignedWithKey,
): Promise<void> {
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

export function p12File(
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
export interface SignerExpectation {
  readonly indication: Indication;
  readonly subIndication?: SubIndication;
  readonly identity: Identity;
  readonly signatureAlgorithm: RegExp;
  // Checks that must have this status (e.g. the revocation evidence used).
  readonly checks?: Partial<Record<CheckName, Record<string, unknown>>>;
}

export interface CmsScenario {
  readonly name: string;
  readonly input: Omit<VerifyCmsInput, 'cms'>;
  readonly detached?: boolean;
  readonly indication: Indication;
  readonly subIndication?: SubIndication;
  readonly signers: readonly SignerExpectation[];
}

export function cmsFile(content: string, scenarios: readonly CmsScenario[]) {
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
