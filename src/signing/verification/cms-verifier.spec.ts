import { parseCms } from './cms-parser';
import { verifyCms, VerifyCmsInput } from './cms-verifier';
import { Check, CheckName, VerificationReport } from './report';
import { flipByte, offsetOf, readVector, stripContent, vectorDer } from './spec-support';

// Expected outcomes of the NCA RK vectors (certs/nca-test/README.md). The signer certificates
// are expired, so "inside validity" times are picked per vector; the issuing test CA is the
// trust anchor because the test roots are not in the vectors.
const RSA_CA = vectorDer('ca/nca_rsa_test.crt');
const GOST2015_CA = vectorDer('ca/nca_gost2015_test.cer');
const GOST2004_CA = vectorDer('ca/nca_gost_test.crt');

interface VectorCase {
  readonly file: string;
  readonly content: string;
  readonly validationTime: Date;
  readonly anchors: readonly Buffer[];
  readonly signers: readonly { readonly iin: string; readonly algorithm: string; readonly passes: boolean }[];
}

const VECTORS: readonly VectorCase[] = [
  {
    file: 'cms/rsa_attached_lol_kek.p7s',
    content: 'lol_kek',
    validationTime: new Date('2021-06-01T00:00:00Z'),
    anchors: [RSA_CA],
    signers: [{ iin: '123456789011', algorithm: 'SHA-256 with RSA', passes: true }],
  },
  {
    // The RSA certificate had expired before the GOST one was issued: no time passes both.
    file: 'cms/gost2015_rsa_2signers_attached_test123.p7s',
    content: 'test123',
    validationTime: new Date('2022-10-01T00:00:00Z'),
    anchors: [GOST2015_CA, RSA_CA],
    signers: [
      { iin: '123456789012', algorithm: 'GOST 34.10-2015 (512)', passes: true },
      { iin: '123456789011', algorithm: 'SHA-256 with RSA', passes: false },
    ],
  },
  {
    file: 'tsp/tsp_token.bin',
    content: '',
    validationTime: new Date('2022-09-18T13:20:14Z'),
    anchors: [GOST2004_CA],
    signers: [{ iin: '123456789011', algorithm: 'GOST 34.310-2004', passes: true }],
  },
];

const check = (report: VerificationReport, signer: number, name: CheckName): Check => {
  const found = report.signers[signer]?.checks.find((c) => c.name === name);
  if (!found) throw new Error(`no ${name} check for signer ${signer}`);
  return found;
};

function verifyVector(v: VectorCase, overrides: Partial<VerifyCmsInput> = {}): Promise<VerificationReport> {
  return verifyCms({
    cms: readVector(v.file),
    validationTime: v.validationTime,
    trustAnchors: v.anchors,
    policy: { revocation: 'off' },
    ...overrides,
  });
}

describe.each(VECTORS)('vector $file', (v) => {
  it('verifies every signature, identifies the signers and validates the chain', async () => {
    const report = await verifyVector(v);
    expect(report.error).toBeUndefined();
    expect(report.signers).toHaveLength(v.signers.length);
    v.signers.forEach((expected, i) => {
      const signer = report.signers[i];
      expect(check(report, i, 'SIGNATURE_VALUE').status).toBe('PASSED');
      expect(check(report, i, 'MESSAGE_DIGEST').status).toBe('PASSED');
      expect(check(report, i, 'CERTIFICATE_CHAIN').status).toBe('PASSED');
      expect(signer.signer?.iin).toBe(expected.iin);
      expect(signer.signatureAlgorithm).toBe(expected.algorithm);
      expect(signer.indication).toBe(expected.passes ? 'TOTAL_PASSED' : 'INDETERMINATE');
      // Revocation is off by policy: passing is allowed, but the report says it was not checked.
      expect(signer.warnings.some((w) => w.startsWith('REVOCATION'))).toBe(true);
    });
    expect(report.indication).toBe(v.signers.every((s) => s.passes) ? 'TOTAL_PASSED' : 'INDETERMINATE');
  });

  it('is not TOTAL_PASSED at the current time: the certificates have expired (OUT_OF_BOUNDS_NO_POE)', async () => {
    const report = await verifyVector(v, { validationTime: undefined });
    expect(report.indication).toBe('INDETERMINATE');
    expect(report.subIndication).toBe('OUT_OF_BOUNDS_NO_POE');
    report.signers.forEach((_, i) => {
      expect(check(report, i, 'SIGNING_CERTIFICATE_VALIDITY')).toMatchObject({
        status: 'FAILED',
        subIndication: 'OUT_OF_BOUNDS_NO_POE',
      });
      expect(check(report, i, 'SIGNATURE_VALUE').status).toBe('PASSED');
    });
  });

  it('without trust anchors is at best INDETERMINATE / NO_CERTIFICATE_CHAIN_FOUND', async () => {
    const report = await verifyVector(v, { trustAnchors: undefined });
    expect(report.indication).toBe('INDETERMINATE');
    expect(report.signers[0].subIndication).toBe('NO_CERTIFICATE_CHAIN_FOUND');
    expect(check(report, 0, 'CERTIFICATE_CHAIN').status).toBe('NOT_CHECKED');
  });

  it('with revocation required (the default) and no reachable evidence is INDETERMINATE / TRY_LATER', async () => {
    // Offline: the NCA test responders are not reachable from the test run.
    const report = await verifyVector(v, { policy: { revocationOnline: false } });
    expect(report.signers[0]).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'TRY_LATER' });
    expect(check(report, 0, 'REVOCATION')).toMatchObject({ status: 'NOT_CHECKED', subIndication: 'TRY_LATER' });
  });

  it('reports tampered signature bytes as SIG_CRYPTO_FAILURE', async () => {
    const der = vectorDer(v.file);
    const parsed = parseCms(der);
    if (!parsed.ok) throw new Error(parsed.message);
    for (const signer of parsed.cms.signers) {
      const at = offsetOf(der, signer.signature) + (signer.signature.length >> 1);
      const report = await verifyVector(v, { cms: flipByte(der, at) });
      expect(report.indication).toBe('TOTAL_FAILED');
      expect(report.signers[signer.index]).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'SIG_CRYPTO_FAILURE' });
    }
  });

  if (v.content) {
    it('reports tampered attached content as HASH_FAILURE', async () => {
      const der = vectorDer(v.file);
      const report = await verifyVector(v, { cms: flipByte(der, offsetOf(der, Buffer.from(v.content))) });
      expect(report.indication).toBe('TOTAL_FAILED');
      for (const signer of report.signers) expect(signer.subIndication).toBe('HASH_FAILURE');
    });

    it('verifies the detached form with the right data and fails with the wrong data', async () => {
      const detached = stripContent(vectorDer(v.file));
      const good = await verifyVector(v, { cms: detached, data: Buffer.from(v.content) });
      expect(good.content).toMatchObject({ attached: false });
      good.signers.forEach((_, i) => expect(check(good, i, 'MESSAGE_DIGEST').status).toBe('PASSED'));
      expect(good.signers.map((s) => s.indication)).toEqual(v.signers.map((s) => (s.passes ? 'TOTAL_PASSED' : 'INDETERMINATE')));

      const wrong = await verifyVector(v, { cms: detached, data: Buffer.from(`${v.content}!`) });
      expect(wrong.indication).toBe('TOTAL_FAILED');
      for (const signer of wrong.signers) expect(signer.subIndication).toBe('HASH_FAILURE');

      const missing = await verifyVector(v, { cms: detached });
      expect(missing.signers[0]).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'SIGNED_DATA_NOT_FOUND' });
    });
  }
});

describe('verifyCms on the 2-signer vector', () => {
  const v = VECTORS[1];

  it('extracts the GOST signer identity and the claimed signing time', async () => {
    const report = await verifyVector(v);
    expect(report.signers[0].signer).toMatchObject({
      iin: '123456789012',
      commonName: 'ТЕСТТОВ ТЕСТТ',
      keyUsage: 'SIGN',
      roles: ['INDIVIDUAL'],
      serialNumber: '0FF06211DC82BEB00253FFA000F1DE84ABEF454F',
      publicKeyAlgorithm: 'GOST 34.10-2015 (512)',
    });
    expect(report.signers[0].signingTime).toBe('2022-09-27T21:17:59.000Z');
    expect(report.signers[0].digestAlgorithm).toBe('GOST R 34.11-2015 (Streebog-512)');
    expect(report.certificates).toHaveLength(2);
    expect(report.content).toEqual({ contentType: '1.2.840.113549.1.7.1', attached: true, size: 7 });
  });

  it('accepts precomputed digests for the detached form (large documents hashed as a stream)', async () => {
    const { hashContent, requiredDigestAlgorithms } = await import('./content-digests');
    const detached = stripContent(vectorDer(v.file));
    const parsed = parseCms(detached);
    if (!parsed.ok) throw new Error(parsed.message);
    const oids = requiredDigestAlgorithms(parsed.cms);
    expect(oids).toEqual(['1.2.398.3.10.1.3.3', '2.16.840.1.101.3.4.2.1']);
    const chunks = [Buffer.from('tes'), Buffer.from('t1'), Buffer.from('23')];
    const report = await verifyVector(v, { cms: detached, dataDigests: await hashContent(chunks, oids) });
    expect(report.signers.map((s) => check(report, s.index, 'MESSAGE_DIGEST').status)).toEqual(['PASSED', 'PASSED']);
    expect(report.signers[0].indication).toBe('TOTAL_PASSED');

    const partial = await verifyVector(v, { cms: detached, dataDigests: await hashContent(chunks, [oids[1]]) });
    expect(partial.signers[0]).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'SIGNED_DATA_NOT_FOUND' });
  });

  it('asks a streamed detached content for its digests once, with the CMS it parsed', async () => {
    const { hashContent, requiredDigestAlgorithms } = await import('./content-digests');
    const detached = stripContent(vectorDer(v.file));
    const asked: string[][] = [];
    const report = await verifyVector(v, {
      cms: detached,
      streamedContent: async (cms) => {
        asked.push(requiredDigestAlgorithms(cms));
        return hashContent([Buffer.from('test123')], requiredDigestAlgorithms(cms));
      },
    });
    expect(asked).toEqual([['1.2.398.3.10.1.3.3', '2.16.840.1.101.3.4.2.1']]);
    expect(report.signers.map((s) => check(report, s.index, 'MESSAGE_DIGEST').status)).toEqual(['PASSED', 'PASSED']);
    expect(report.signers[0].indication).toBe('TOTAL_PASSED');

    // A content that cannot be read is the caller's failure, not a finding about the signature.
    const unreadable = new Error('object storage unavailable');
    await expect(
      verifyVector(v, {
        cms: detached,
        streamedContent: async () => {
          throw unreadable;
        },
      }),
    ).rejects.toBe(unreadable);
  });

  it('does not chain a signer to an unrelated anchor', async () => {
    const report = await verifyVector(v, { trustAnchors: [GOST2004_CA] });
    expect(check(report, 0, 'CERTIFICATE_CHAIN')).toMatchObject({
      status: 'FAILED',
      subIndication: 'NO_CERTIFICATE_CHAIN_FOUND',
    });
  });

  it('fails the chain when the anchor is outside its validity at the validation time', async () => {
    // RSA CA valid 2019-03-15…2024-03-13, signer 2021-01-18…2022-01-18.
    const report = await verifyVector(VECTORS[0], { validationTime: new Date('2019-03-01T00:00:00Z') });
    expect(check(report, 0, 'CERTIFICATE_CHAIN')).toMatchObject({ status: 'FAILED', subIndication: 'OUT_OF_BOUNDS_NO_POE' });
    expect(check(report, 0, 'SIGNING_CERTIFICATE_VALIDITY').status).toBe('FAILED');
  });
});

describe('verifyCms input handling', () => {
  const rsa = readVector('cms/rsa_attached_lol_kek.p7s');
  const options = {
    validationTime: new Date('2021-06-01T00:00:00Z'),
    trustAnchors: [RSA_CA],
    policy: { revocation: 'off' as const },
  };

  it.each([
    ['base64', () => rsa.toString('base64')],
    ['base64 with line breaks', () => rsa.toString('base64').replace(/.{64}/g, '$&\r\n')],
    ['PEM CMS', () => `-----BEGIN CMS-----\n${rsa.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CMS-----\n`],
    ['PEM PKCS7 as bytes', () => Buffer.from(`-----BEGIN PKCS7-----\n${rsa.toString('base64')}\n-----END PKCS7-----`)],
  ])('accepts %s', async (_, make) => {
    const report = await verifyCms({ cms: make(), ...options });
    expect(report.indication).toBe('TOTAL_PASSED');
  });

  it.each([
    ['empty bytes', Buffer.alloc(0), 'EMPTY_INPUT'],
    ['empty string', '   \n', 'EMPTY_INPUT'],
    ['garbage text', 'hello, world', 'BAD_ENCODING'],
    ['garbage bytes', Buffer.from([0x01, 0x02, 0x03, 0xff]), 'BAD_ENCODING'],
    ['truncated DER', rsa.subarray(0, rsa.length - 10), 'MALFORMED_DER'],
    ['a lone SEQUENCE tag', Buffer.from([0x30]), 'MALFORMED_DER'],
    ['trailing bytes', Buffer.concat([rsa, Buffer.from([0, 0])]), 'TRAILING_DATA'],
    ['a certificate instead of a CMS', RSA_CA, 'MALFORMED_SIGNED_DATA'],
    ['a PEM certificate', readVector('ca/nca_rsa_test.crt'), 'BAD_ENCODING'],
    ['not a CMS at all', { not: 'bytes' } as unknown as string, 'BAD_ENCODING'],
  ])('reports %s as a FORMAT_FAILURE without throwing', async (_, cms, code) => {
    const report = await verifyCms({ cms, ...options });
    expect(report).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'FORMAT_FAILURE', error: { code }, signers: [] });
  });

  it('enforces the size limit from the policy', async () => {
    const report = await verifyCms({ cms: rsa, ...options, policy: { maxCmsBytes: 1000 } });
    expect(report.error?.code).toBe('TOO_LARGE');
    const text = await verifyCms({ cms: rsa.toString('base64'), ...options, policy: { maxCmsBytes: 1000 } });
    expect(text.error?.code).toBe('TOO_LARGE');
  });

  it('survives hostile arguments around the CMS', async () => {
    const report = await verifyCms({
      cms: rsa,
      validationTime: new Date('nonsense'),
      trustAnchors: [Buffer.from('junk')],
      policy: { revocation: 'sometimes' as never, maxCmsBytes: -1 },
    });
    expect(report.policy).toMatchObject({ revocation: 'require', maxCmsBytes: 64 * 1024 * 1024 });
    expect(report.warnings.some((w) => w.startsWith('validationTime ignored'))).toBe(true);
    expect(report.warnings.some((w) => w.startsWith('trust anchor ignored'))).toBe(true);
    expect(report.signers[0].subIndication).toBe('NO_CERTIFICATE_CHAIN_FOUND');
    await expect(verifyCms(undefined as unknown as VerifyCmsInput)).resolves.toMatchObject({ indication: 'TOTAL_FAILED' });
  });

  // ETSI EN 319 102-1 Table 5: the signature does not protect the data the caller asked about.
  it('fails with HASH_FAILURE when data is passed with an attached CMS that holds other content', async () => {
    const report = await verifyCms({ cms: rsa, data: Buffer.from('other'), ...options });
    expect(report).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' });
    expect(report.signers[0]).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' });
    expect(report.signers[0].checks.find((c) => c.name === 'MESSAGE_DIGEST')).toMatchObject({
      status: 'FAILED',
      subIndication: 'HASH_FAILURE',
      message: expect.stringMatching(/supplied data differs from the content embedded/),
    });
    expect(report.warnings.join()).toMatch(/differs from the content embedded/);
    const same = await verifyCms({ cms: rsa, data: readVector('cms/lol_kek.bin'), ...options });
    expect(same.signers[0].checks.find((c) => c.name === 'MESSAGE_DIGEST')?.status).toBe('PASSED');
    expect(same.indication).toBe((await verifyCms({ cms: rsa, ...options })).indication);
  });
});
