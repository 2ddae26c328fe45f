import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createCadesBes } from '../test-pki/cades';
import { loadTestPki } from '../test-pki/manifest';
import { ALGORITHM_OID } from '../verification/oids';
import { loadTrustStores } from './trust-stores';
import {
  laneOf,
  LIGHT_CMS_MAX_LENGTH,
  LIGHT_DATA_MAX_LENGTH,
  VerificationPool,
  VerificationPoolSettings,
} from './verification-pool';

const VECTORS = path.resolve(__dirname, '../../../certs/nca-test/ncanode');
const RSA_CMS = new Uint8Array(readFileSync(path.join(VECTORS, 'cms/rsa_attached_lol_kek.p7s')));
const AT = new Date('2021-06-01T00:00:00Z');

describe('VerificationPool', () => {
  const settings: Omit<VerificationPoolSettings, 'workers'> = {
    queueLimit: 4,
    heavyQueueLimit: 4,
    trustAnchors: loadTrustStores(['nca-test', 'test-pki']),
    revocationOnline: false,
  };
  const inline = new VerificationPool({ ...settings, workers: 0 });
  let pool: VerificationPool;

  beforeAll(() => {
    pool = new VerificationPool({ ...settings, workers: 1 });
  });
  afterAll(() => pool.onModuleDestroy());

  it('answers on a worker thread exactly the report the inline verifier builds', async () => {
    const job = {
      kind: 'request' as const,
      compareContent: true,
      request: {
        cms: RSA_CMS,
        data: new Uint8Array(Buffer.from('lol_kek')),
        validationTime: AT,
        policy: { revocation: 'off' as const },
      },
    };
    const [onWorker, onLoop] = await Promise.all([pool.run(job), inline.run(job)]);
    expect(onWorker.report.indication).toBe('TOTAL_PASSED');
    expect(onWorker).toEqual(onLoop);
  });

  it('moves the buffers it is given to the worker instead of copying them', async () => {
    const data = new Uint8Array(new ArrayBuffer(1024));
    await pool.run(
      {
        kind: 'request',
        compareContent: false,
        request: { cms: RSA_CMS, data, validationTime: AT, policy: { revocation: 'off' } },
      },
      { transfer: [data.buffer as ArrayBuffer] },
    );
    expect(data.byteLength).toBe(0);
  });

  it('streams detached content through the main thread: asks for the digests its signer uses', async () => {
    const pki = loadTestPki(path.resolve(__dirname, '../../../certs/test-pki'));
    const content = Buffer.from('a stored document');
    const cms = Buffer.from(
      await createCadesBes(pki.get('rsa/individual-sign'), new Uint8Array(content), { detached: true }),
    ).toString('base64');
    const asked: string[][] = [];
    const { report, attachedSha256 } = await pool.run(
      { kind: 'stream', cms, validationTime: new Date(), policy: { revocation: 'off' } },
      {
        contentDigests: async (oids) => {
          asked.push(oids);
          const { createHash } = await import('node:crypto');
          return { [ALGORITHM_OID.sha256]: new Uint8Array(createHash('sha256').update(content).digest()) };
        },
      },
    );
    expect(asked).toEqual([[ALGORITHM_OID.sha256]]);
    expect(attachedSha256).toBeUndefined();
    expect(report.indication).toBe('TOTAL_PASSED');
  });

  it('throws what the main thread threw while streaming (a storage failure), not a copy', async () => {
    const pki = loadTestPki(path.resolve(__dirname, '../../../certs/test-pki'));
    const cms = Buffer.from(
      await createCadesBes(pki.get('rsa/individual-sign'), new Uint8Array(Buffer.from('x')), { detached: true }),
    ).toString('base64');
    const failure = new Error('object storage unavailable');
    await expect(
      pool.run(
        { kind: 'stream', cms, validationTime: new Date(), policy: {} },
        { contentDigests: () => Promise.reject(failure) },
      ),
    ).rejects.toBe(failure);
  });

  it('sends a CMS of ordinary size without evidence to the light lane, anything larger or with evidence to the heavy one', async () => {
    const request = { cms: RSA_CMS, validationTime: AT };
    expect(laneOf({ kind: 'request', compareContent: false, request })).toBe('light');
    expect(
      laneOf({ kind: 'request', compareContent: false, request: { ...request, revocationEvidence: [new Uint8Array(1)] } }),
    ).toBe('heavy');
    const large = 'A'.repeat(LIGHT_CMS_MAX_LENGTH + 1);
    expect(laneOf({ kind: 'request', compareContent: false, request: { ...request, cms: large } })).toBe('heavy');
    expect(laneOf({ kind: 'stream', cms: large, validationTime: AT, policy: {} })).toBe('heavy');
    // A small CMS over a large detached content: the digests are the work.
    const content = new Uint8Array(LIGHT_DATA_MAX_LENGTH + 1);
    expect(laneOf({ kind: 'request', compareContent: false, request: { ...request, data: content } })).toBe('heavy');
    // The heavy lane answers the same report as the light one (here: the CMS padded with evidence).
    const job = {
      kind: 'request' as const,
      compareContent: false,
      request: { ...request, policy: { revocation: 'off' as const } },
    };
    const [light, heavy] = await Promise.all([
      pool.run(job),
      pool.run({ ...job, request: { ...job.request, revocationEvidence: [new Uint8Array([0x30, 0x00])] } }),
    ]);
    expect(heavy.report.indication).toBe(light.report.indication);
    expect(heavy.report.signers).toEqual(light.report.signers);
  });
});
