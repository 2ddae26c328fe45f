import { verifyCms, VerifyCmsInput } from './cms-verifier';
import { CMS_OID } from './oids';
import { CheckName, VerificationReport } from './report';
import { buildTestCms, flipByte, loadP12Signer, TestCmsOptions, vectorDer } from './spec-support';

// CMS built here with the public NCA test keys: the RSA SIGN key of the lol_kek vector
// (valid 2021-01-18…2022-01-18) and an RSA AUTH key (valid 2022-01-18…2023-01-18), both issued
// by ҰКО 3.0 (RSA TEST).
const SIGN = loadP12Signer('keys/individual_valid_sign_rsa.p12');
const AUTH = loadP12Signer('keys/individual_auth_revoked_rsa.p12');
const RSA_CA = vectorDer('ca/nca_rsa_test.crt');
const CONTENT = Buffer.from('договор №1');

async function verify(options: TestCmsOptions, input: Partial<VerifyCmsInput> = {}, signer = SIGN): Promise<VerificationReport> {
  return verifyCms({
    cms: buildTestCms(signer, { content: CONTENT, ...options }),
    validationTime: new Date(signer === SIGN ? '2021-06-01T00:00:00Z' : '2022-06-01T00:00:00Z'),
    trustAnchors: [RSA_CA],
    policy: { revocation: 'off' },
    ...input,
  });
}

const statusOf = (report: VerificationReport, name: CheckName) => report.signers[0].checks.find((c) => c.name === name);

describe('signer checks on CMS built with the NCA test keys', () => {
  it('passes a CAdES-BES style signature with signingCertificateV2', async () => {
    const report = await verify({});
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(statusOf(report, 'SIGNING_CERTIFICATE_REFERENCE')).toMatchObject({ status: 'PASSED' });
  });

  it.each([['v1' as const], ['v2-issuer-serial' as const]])('accepts a matching ESS reference (%s)', async (ess) => {
    const report = await verify({ ess });
    expect(statusOf(report, 'SIGNING_CERTIFICATE_REFERENCE')?.status).toBe('PASSED');
    expect(report.indication).toBe('TOTAL_PASSED');
  });

  it.each([['v2-wrong-hash' as const], ['v2-wrong-serial' as const]])(
    'fails a mismatching ESS reference (%s) as NO_SIGNING_CERTIFICATE_FOUND, or warns by policy',
    async (ess) => {
      const strict = await verify({ ess });
      expect(statusOf(strict, 'SIGNING_CERTIFICATE_REFERENCE')).toMatchObject({
        status: 'FAILED',
        subIndication: 'NO_SIGNING_CERTIFICATE_FOUND',
      });
      expect(strict.signers[0]).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'NO_SIGNING_CERTIFICATE_FOUND' });
      const lenient = await verify({ ess }, { policy: { revocation: 'off', signingCertificateMismatch: 'warn' } });
      expect(statusOf(lenient, 'SIGNING_CERTIFICATE_REFERENCE')?.status).toBe('WARNING');
      expect(lenient.indication).toBe('TOTAL_PASSED');
    },
  );

  it('warns about a missing ESS reference, and fails it when the policy requires one', async () => {
    const report = await verify({ ess: 'none' });
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(report.signers[0].warnings.join()).toMatch(/no signingCertificate/);
    const strict = await verify({ ess: 'none' }, { policy: { revocation: 'off', requireSigningCertificateAttribute: true } });
    expect(strict.signers[0].subIndication).toBe('NO_SIGNING_CERTIFICATE_FOUND');
  });

  it('finds the signer certificate by subjectKeyIdentifier', async () => {
    const report = await verify({ sid: 'subjectKeyIdentifier' });
    expect(statusOf(report, 'SIGNING_CERTIFICATE_IDENTIFIED')?.message).toMatch(/subject key identifier/);
    expect(report.indication).toBe('TOTAL_PASSED');
  });

  it('does not find a signer whose certificate is not in the CMS, unless the caller supplies it', async () => {
    const report = await verify({ certificates: [] });
    expect(report.signers[0]).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'NO_SIGNING_CERTIFICATE_FOUND' });
    expect(statusOf(report, 'SIGNATURE_VALUE')?.status).toBe('NOT_CHECKED');
    const supplied = await verify({ certificates: [] }, { certificates: [SIGN.certificate] });
    expect(supplied.indication).toBe('TOTAL_PASSED');
  });

  it('refuses to guess between two certificates that match the same signer identifier', async () => {
    // Same issuer and serial, one byte of the certificate signature changed.
    const twin = flipByte(SIGN.certificate, SIGN.certificate.length - 5);
    const report = await verify({ certificates: [SIGN.certificate, twin] });
    expect(statusOf(report, 'SIGNING_CERTIFICATE_IDENTIFIED')?.message).toMatch(/2 different certificates/);
    expect(report.signers[0].subIndication).toBe('NO_SIGNING_CERTIFICATE_FOUND');
    // Same person, different certificate: not the signer, whatever the names say.
    const other = await verify({ certificates: [vectorDer('certs/individual_valid_sign_2004_rsa.cer')] });
    expect(other.signers[0].subIndication).toBe('NO_SIGNING_CERTIFICATE_FOUND');
  });

  it('verifies rsaEncryption as the signature algorithm', async () => {
    expect((await verify({ signatureAlgorithm: 'rsaEncryption' })).indication).toBe('TOTAL_PASSED');
  });

  it('reports SHA-1 as weak, and rejects it when the policy says so', async () => {
    const report = await verify({ digest: 'sha1' });
    expect(statusOf(report, 'DIGEST_ALGORITHM')).toMatchObject({ status: 'WARNING' });
    expect(report.indication).toBe('TOTAL_PASSED');
    const strict = await verify({ digest: 'sha1' }, { policy: { revocation: 'off', weakDigests: 'reject' } });
    expect(strict.signers[0]).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'CRYPTO_CONSTRAINTS_FAILURE' });
  });

  it('verifies a signature without signed attributes over the content, attached and detached', async () => {
    const attached = await verify({ signedAttributes: false });
    expect(statusOf(attached, 'SIGNATURE_VALUE')?.message).toMatch(/over the content/);
    expect(attached.indication).toBe('TOTAL_PASSED');
    const detached = await verify({ signedAttributes: false, detached: true }, { data: CONTENT });
    expect(detached.indication).toBe('TOTAL_PASSED');
    const wrong = await verify({ signedAttributes: false, detached: true }, { data: Buffer.from('другой') });
    expect(wrong.signers[0].subIndication).toBe('SIG_CRYPTO_FAILURE');
  });

  it('verifies RSA over a precomputed digest when there are no signed attributes', async () => {
    const { createHash } = await import('node:crypto');
    const dataDigests = { '2.16.840.1.101.3.4.2.1': createHash('sha256').update(CONTENT).digest() };
    const report = await verify({ signedAttributes: false, detached: true }, { dataDigests });
    expect(report.indication).toBe('TOTAL_PASSED');
    const bad = await verify(
      { signedAttributes: false, detached: true },
      { dataDigests: { '2.16.840.1.101.3.4.2.1': Buffer.alloc(32) } },
    );
    expect(bad.signers[0].subIndication).toBe('SIG_CRYPTO_FAILURE');
  });

  it('requires signed attributes for content types other than id-data', async () => {
    const report = await verify({ signedAttributes: false, eContentType: CMS_OID.tstInfo });
    expect(report.signers[0]).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'FORMAT_FAILURE' });
  });

  it.each([
    ['missing', 'SIG_CONSTRAINTS_FAILURE'],
    ['wrong', 'SIG_CONSTRAINTS_FAILURE'],
  ] as const)('fails a %s contentType attribute', async (contentTypeAttribute, sub) => {
    const report = await verify({ contentTypeAttribute });
    expect(statusOf(report, 'CONTENT_TYPE_ATTRIBUTE')).toMatchObject({ status: 'FAILED', subIndication: sub });
    expect(report.indication).toBe('INDETERMINATE');
  });

  it('warns when the claimed signing time is outside the certificate validity', async () => {
    const report = await verify({ signingTime: new Date('2023-01-01T00:00:00Z') });
    expect(statusOf(report, 'SIGNING_TIME')?.status).toBe('WARNING');
    expect(report.signers[0].signingTime).toBe('2023-01-01T00:00:00.000Z');
  });

  it('verifies each of several SignerInfos independently, up to the policy limit', async () => {
    const report = await verify({ signers: 3 });
    expect(report.signers.map((s) => s.indication)).toEqual(['TOTAL_PASSED', 'TOTAL_PASSED', 'TOTAL_PASSED']);
    const limited = await verify({ signers: 3 }, { policy: { maxSigners: 2 } });
    expect(limited).toMatchObject({ indication: 'TOTAL_FAILED', error: { code: 'TOO_LARGE' } });
  });

  describe('key usage', () => {
    it('classifies the AUTH key and accepts it only when the policy allows any key', async () => {
      const any = await verify({}, {}, AUTH);
      expect(any.signers[0].signer?.keyUsage).toBe('AUTH');
      expect(statusOf(any, 'KEY_USAGE')?.status).toBe('WARNING');
      expect(statusOf(any, 'CERTIFICATE_CHAIN')?.status).toBe('PASSED');
      expect(any.indication).toBe('TOTAL_PASSED');
      const sign = await verify({}, { policy: { revocation: 'off', keyUsage: 'SIGN' } }, AUTH);
      expect(sign.signers[0]).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'CHAIN_CONSTRAINTS_FAILURE' });
    });

    it('accepts the SIGN key under a SIGN policy', async () => {
      const report = await verify({}, { policy: { revocation: 'off', keyUsage: 'SIGN' } });
      expect(statusOf(report, 'KEY_USAGE')?.status).toBe('PASSED');
      expect(report.indication).toBe('TOTAL_PASSED');
    });
  });

  it('rejects a signature time-stamp whose imprint covers another signature (real NCA token)', async () => {
    const token = vectorDer('tsp/tsp_token.bin');
    const report = await verify({ unsignedAttributes: [{ type: CMS_OID.signatureTimeStampToken, value: token }] });
    expect(report.signers[0].unsignedAttributes).toEqual(['signatureTimeStampToken']);
    expect(statusOf(report, 'SIGNATURE_TIMESTAMP')).toMatchObject({
      status: 'FAILED',
      subIndication: 'HASH_FAILURE',
      evidence: { genTime: '2022-09-18T13:20:14.000Z', policy: '1.2.398.3.3.2.6.1', imprintAlgorithm: 'SHA-1' },
    });
    expect(report.signers[0]).toMatchObject({ adesLevel: 'B-B', timestamp: { valid: false } });
    expect(report.indication).toBe('TOTAL_FAILED');
  });

  it('accepts the signer certificate itself as a (pinned) trust anchor', async () => {
    const report = await verify({}, { trustAnchors: [SIGN.certificate] });
    expect(statusOf(report, 'CERTIFICATE_CHAIN')?.message).toMatch(/chain of 1 certificate/);
  });

  it('counts CRLs and OCSP responses carried in the SignedData (revocation off)', async () => {
    const report = await verify({
      crls: [vectorDer('crl/nca_rsa_test.crl')],
      ocspResponses: [vectorDer('ocsp/ocsp_response_individual_sign_2004.bin')],
    });
    expect(report.revocationData).toEqual({ crls: 1, ocspResponses: 1, other: 0 });
    expect(statusOf(report, 'REVOCATION')?.evidence).toEqual({ crlsInCms: 1, ocspResponsesInCms: 1 });
  });
});
