import * as pkijs from 'pkijs';
import { CrlIndex } from '../revocation/crl-index';
import { loadCertificates } from './certificates';
import { checkCrl } from './crl';
import { checkOcspResponse, OcspCheckOptions, parseBasicResponse } from './ocsp';
import { verifyCms } from './cms-verifier';
import { buildTestCms, flipByte, loadP12Signer, readVector, vectorDer } from './spec-support';

// The real NCA RK OCSP responses and CRLs (certs/nca-test/README.md).
const cert = (file: string) => loadCertificates([vectorDer(file)]).certificates[0];
const GOST2015_CA = cert('ca/nca_gost2015_test.cer');
const RSA_CA = cert('ca/nca_rsa_test.crt');
const GOST_OCSP = readVector('ocsp/ocsp_response_individual_2015.bin');
const RSA_OCSP = readVector('ocsp/ocsp_response_individual_sign_2004.bin');
const GOST_NONCE = Buffer.from('e408ffb790834af2', 'hex');
const RSA_NONCE = Buffer.from('b5e5c9b552cbcac4', 'hex');

function producedAt(der: Uint8Array): Date {
  const basic = parseBasicResponse(der);
  if (!(basic instanceof pkijs.BasicOCSPResponse)) throw new Error('not an OCSP response');
  return basic.tbsResponseData.responses[0].thisUpdate;
}

const options = (der: Uint8Array, extra: Partial<OcspCheckOptions>): OcspCheckOptions => ({
  serialNumber: '',
  issuer: GOST2015_CA,
  time: new Date(producedAt(der).getTime() + 60_000),
  skewMs: 300_000,
  maxAgeMs: 3_600_000,
  ...extra,
});

describe('OCSP responses of the NCA RK test responders', () => {
  const gost = options(GOST_OCSP, { serialNumber: '0FF06211DC82BEB00253FFA000F1DE84ABEF454F', nonce: GOST_NONCE });
  const rsa = options(RSA_OCSP, { serialNumber: '4279390A141F5353A62947B61ED65E81741467D1', issuer: RSA_CA, nonce: RSA_NONCE });

  it('verifies the GOST 2015 response through its delegated responder: revoked (certificateHold)', () => {
    expect(checkOcspResponse(GOST_OCSP, gost)).toMatchObject({
      ok: true,
      status: 'revoked',
      responderKind: 'delegated',
      noCheck: true,
      reason: 'certificateHold',
      revocationTime: new Date('1970-01-01T00:00:00Z'),
    });
  });

  it('verifies the RSA response: good', () => {
    expect(checkOcspResponse(RSA_OCSP, rsa)).toMatchObject({ ok: true, status: 'good' });
  });

  it('rejects a tampered response (signature)', () => {
    // Flip a byte of producedAt's neighbourhood: inside tbsResponseData, still parseable.
    const at = Buffer.from(GOST_OCSP).indexOf(Buffer.from(GOST_NONCE)) + 2;
    expect(checkOcspResponse(flipByte(GOST_OCSP, at), { ...gost, nonce: undefined })).toMatchObject({
      ok: false,
      problem: 'SIGNATURE',
    });
    const rsaAt = Buffer.from(RSA_OCSP).indexOf(Buffer.from(RSA_NONCE)) + 2;
    expect(checkOcspResponse(flipByte(RSA_OCSP, rsaAt), { ...rsa, nonce: undefined })).toMatchObject({
      ok: false,
      problem: 'SIGNATURE',
    });
  });

  it('rejects a response whose nonce is not the one sent (replay)', () => {
    expect(checkOcspResponse(GOST_OCSP, { ...gost, nonce: RSA_NONCE })).toMatchObject({ ok: false, problem: 'NONCE' });
    expect(checkOcspResponse(RSA_OCSP, { ...rsa, nonce: GOST_NONCE })).toMatchObject({ ok: false, problem: 'NONCE' });
  });

  it('does not match another serial or another CA', () => {
    expect(checkOcspResponse(GOST_OCSP, { ...gost, serialNumber: '01' })).toMatchObject({ problem: 'NO_MATCH' });
    expect(checkOcspResponse(GOST_OCSP, { ...gost, issuer: RSA_CA })).toMatchObject({ problem: 'NO_MATCH' });
  });

  it('rejects a good answer older than the maximum age, and one from the future', () => {
    const later = new Date(rsa.time.getTime() + 2 * 3_600_000);
    expect(checkOcspResponse(RSA_OCSP, { ...rsa, time: later })).toMatchObject({ problem: 'STALE' });
    const before = new Date(rsa.time.getTime() - 3_600_000);
    expect(checkOcspResponse(RSA_OCSP, { ...rsa, time: before })).toMatchObject({ problem: 'NOT_YET_VALID' });
  });

  it('lets a later "good" speak for an earlier time only while the certificate was valid when it was issued', () => {
    const before = new Date(rsa.time.getTime() - 30 * 86_400_000);
    const stillValid = new Date(rsa.time.getTime() + 365 * 86_400_000);
    expect(checkOcspResponse(RSA_OCSP, { ...rsa, time: before, certificateNotAfter: stillValid })).toMatchObject({
      ok: true,
      status: 'good',
    });
    // This RSA certificate expired on 2022-01-18, months before the 2022-09-02 answer was made.
    const expired = new Date('2022-01-18T04:40:24Z');
    expect(checkOcspResponse(RSA_OCSP, { ...rsa, time: before, certificateNotAfter: expired })).toMatchObject({
      ok: false,
      problem: 'NOT_YET_VALID',
      message: expect.stringMatching(/after the certificate expired/),
    });
  });

  it('reports a revocation from an answer made later, for the caller to judge by its revocationTime', () => {
    const before = new Date(gost.time.getTime() - 30 * 86_400_000);
    expect(checkOcspResponse(GOST_OCSP, { ...gost, time: before })).toMatchObject({ ok: true, status: 'revoked' });
  });

  it('never throws on garbage', () => {
    expect(checkOcspResponse(Buffer.from([0x30, 0x03, 0x0a, 0x01, 0x03]), gost)).toMatchObject({ problem: 'NOT_SUCCESSFUL' });
    expect(checkOcspResponse(Buffer.from('nonsense'), gost)).toMatchObject({ ok: false, problem: 'MALFORMED' });
  });
});

describe('NCA RK test CRLs', () => {
  const gostCrl = CrlIndex.fromDer(readVector('crl/nca_gost2022_test.crl'));
  const rsaCrl = CrlIndex.fromDer(readVector('crl/nca_rsa_test.crl'));
  const inside = new Date('2022-10-01T00:00:00Z');
  const base = { issuer: GOST2015_CA, time: inside, skewMs: 300_000 };

  it('verifies the GOST 2015 CRL and finds the revoked CEO certificate', () => {
    expect(checkCrl(gostCrl, { ...base, serialNumber: '3A90343E720594C55204B19CB9A402422EF0E622' })).toMatchObject({
      ok: true,
      status: 'revoked',
    });
    expect(checkCrl(gostCrl, { ...base, serialNumber: '01' })).toMatchObject({ ok: true, status: 'good' });
  });

  it('verifies the RSA CRL with the RSA CA', () => {
    const time = new Date(rsaCrl.thisUpdate.getTime() + 60_000);
    expect(checkCrl(rsaCrl, { ...base, issuer: RSA_CA, time, serialNumber: '01' })).toMatchObject({ ok: true, status: 'good' });
  });

  it('refuses a CRL of another CA, and a stale one for "not listed"', () => {
    expect(checkCrl(rsaCrl, { ...base, serialNumber: '01' })).toMatchObject({ ok: false, problem: 'NO_MATCH' });
    const late = new Date('2024-01-01T00:00:00Z');
    expect(checkCrl(gostCrl, { ...base, time: late, serialNumber: '01' })).toMatchObject({ problem: 'STALE' });
    // A listed revocation stays true.
    expect(checkCrl(gostCrl, { ...base, time: late, serialNumber: '3A90343E720594C55204B19CB9A402422EF0E622' })).toMatchObject({
      status: 'revoked',
    });
  });

  it('refuses a CRL with a broken signature', () => {
    const der = readVector('crl/nca_rsa_test.crl');
    const tampered = CrlIndex.fromDer(flipByte(der, der.length - 10));
    const time = new Date(tampered.thisUpdate.getTime() + 60_000);
    expect(checkCrl(tampered, { ...base, issuer: RSA_CA, time, serialNumber: '01' })).toMatchObject({ problem: 'SIGNATURE' });
  });
});

describe('revocation evidence embedded in the CMS', () => {
  it('uses the OCSP response carried in the SignedData (RFC 5940)', async () => {
    const signer = loadP12Signer('keys/individual_valid_sign_rsa.p12');
    const report = await verifyCms({
      cms: buildTestCms(signer, {
        content: Buffer.from('x'),
        ocspResponses: [RSA_OCSP],
        crls: [readVector('crl/nca_gost2022_test.crl')],
      }),
      validationTime: new Date(producedAt(RSA_OCSP).getTime() + 60_000),
      trustAnchors: [vectorDer('ca/nca_rsa_test.crt')],
      policy: { revocationOnline: false },
    });
    const check = report.signers[0].checks.find((c) => c.name === 'REVOCATION');
    expect(check).toMatchObject({ status: 'PASSED', evidence: { type: 'OCSP', source: 'embedded', status: 'good' } });
  });
});
