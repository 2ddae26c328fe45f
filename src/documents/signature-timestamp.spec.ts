import { ManualClock } from '../common/clock';
import { loadConfig } from '../config/app-config';
import type { SignedContentVerification } from '../signing/api/signature-verification.service';
import { loadTrustStores } from '../signing/api/trust-stores';
import { createCadesBes } from '../signing/test-pki/cades';
import { SignatureUpgradeService } from '../signing/upgrade/signature-upgrade.service';
import { InProcessServices, inProcessServices, TEST_TSA_URL, upgradeTestPki } from '../signing/upgrade/spec-support';
import { verifyCms } from '../signing/verification/cms-verifier';
import { SignatureEvidenceUpgrader } from './signature-timestamp';
import type { JobsService } from '../common/jobs/jobs.service';

const CONTENT = new Uint8Array(Buffer.from('%PDF-1.4\nакт сверки №12\n', 'utf8'));
const anchors = loadTrustStores(['test-pki']);

// Jobs the upgrader asked for (the retry sweep); the job table itself is tested elsewhere.
let scheduled: { name: string; runAt?: Date; dedupKey?: string }[] = [];
const jobs = {
  enqueue: async (name: string, _payload: object, options: { runAt?: Date; dedupKey?: string } = {}) => {
    scheduled.push({ name, ...options });
    return 'job';
  },
} as unknown as JobsService;
beforeEach(() => (scheduled = []));

function upgraderWith(env: Record<string, string>, services: InProcessServices, clock: ManualClock) {
  const config = loadConfig({ REVOCATION_ONLINE: 'true', TRUST_STORES: 'test-pki', ...env });
  const upgrades = new SignatureUpgradeService(anchors, config, clock, services.fetcher, services.fetcher);
  return new SignatureEvidenceUpgrader(upgrades, jobs, clock);
}

// The document flow's verification (revocation required, online through the in-process
// responder) of a CMS over `bytes`; `opened` counts the reads of the stored content.
function flow(services: InProcessServices, clock: ManualClock, bytes = CONTENT) {
  const reads = { opened: 0, verified: [] as string[] };
  const verifyAgain = async (cms: string): Promise<SignedContentVerification> => {
    reads.verified.push(cms);
    const report = await verifyCms({
      cms,
      data: bytes,
      trustAnchors: anchors,
      validationTime: clock.now(),
      policy: { revocation: 'require', revocationOnline: true, keyUsage: 'SIGN' },
      revocationFetcher: services.fetcher,
    });
    return { report, contentMatches: true };
  };
  // Chunked like a storage stream: the digests must not depend on the chunking.
  async function* chunks() {
    yield bytes.subarray(0, 7);
    yield bytes.subarray(7);
  }
  const openContent = () => {
    reads.opened++;
    return Promise.resolve(chunks());
  };
  return { reads, source: { openContent, verifyAgain } };
}

async function accepted(cms: Uint8Array, services: InProcessServices, clock: ManualClock) {
  const base64 = Buffer.from(cms).toString('base64');
  return { base64, verification: await flow(services, clock).source.verifyAgain(base64) };
}

describe('SignatureEvidenceUpgrader (document flow over SignatureUpgradeService)', () => {
  it.each(['rsa/ceo-sign', 'gost2015/ceo-sign'])('stores a detached %s signature at B-LT, content read once', async (key) => {
    const services = inProcessServices();
    const clock = new ManualClock(new Date());
    const cms = await createCadesBes(upgradeTestPki().get(key), CONTENT, { detached: true });
    const { base64, verification } = await accepted(cms, services, clock);
    expect(verification.report.indication).toBe('TOTAL_PASSED');
    const { reads, source } = flow(services, clock);

    const sealed = await upgraderWith({ TSA_URL: TEST_TSA_URL }, services, clock).seal(base64, verification, source);

    expect(sealed.timestampError).toBeUndefined();
    expect(reads.opened).toBe(1);
    expect(reads.verified).toEqual([sealed.cms.toString('base64')]);
    expect(sealed.report.signers[0].adesLevel).toBe('B-LT');
    expect(services.seen).toContain(`POST ${TEST_TSA_URL}`);
    const offline = await verifyCms({
      cms: new Uint8Array(sealed.cms),
      data: CONTENT,
      trustAnchors: anchors,
      validationTime: clock.now(),
      policy: { revocation: 'require', revocationOnline: false, keyUsage: 'SIGN' },
    });
    expect(offline.indication).toBe('TOTAL_PASSED');
    expect(offline.signers[0].adesLevel).toBe('B-LT');
  });

  it('an attached CMS needs no read of the stored content', async () => {
    const services = inProcessServices();
    const clock = new ManualClock(new Date());
    const cms = await createCadesBes(upgradeTestPki().get('rsa/ceo-sign'), CONTENT, { detached: false });
    const { base64, verification } = await accepted(cms, services, clock);
    const { reads, source } = flow(services, clock);
    const sealed = await upgraderWith({ TSA_URL: TEST_TSA_URL }, services, clock).seal(base64, verification, source);
    expect(reads.opened).toBe(0);
    expect(sealed.report.signers[0].adesLevel).toBe('B-LT');
  });

  it('without TSA_URL: the CMS as received, no reason, no request, no read', async () => {
    const services = inProcessServices();
    const clock = new ManualClock(new Date());
    const cms = await createCadesBes(upgradeTestPki().get('rsa/ceo-sign'), CONTENT, { detached: true });
    const { base64, verification } = await accepted(cms, services, clock);
    services.seen.length = 0;
    const { reads, source } = flow(services, clock);
    const sealed = await upgraderWith({}, services, clock).seal(base64, verification, source);
    expect(sealed).toEqual({ cms: Buffer.from(cms), report: verification.report });
    expect(reads).toEqual({ opened: 0, verified: [] });
    expect(services.seen).toEqual([]);
  });

  it('TSA out of reach: the CMS as received with the reason', async () => {
    const services = inProcessServices();
    const clock = new ManualClock(new Date());
    const cms = await createCadesBes(upgradeTestPki().get('rsa/ceo-sign'), CONTENT, { detached: true });
    const { base64, verification } = await accepted(cms, services, clock);
    services.down.add(TEST_TSA_URL);
    const { reads, source } = flow(services, clock);
    const sealed = await upgraderWith({ TSA_URL: TEST_TSA_URL }, services, clock).seal(base64, verification, source);
    expect(sealed.cms.equals(Buffer.from(cms))).toBe(true);
    expect(sealed.report).toBe(verification.report);
    expect(sealed.timestampError).toMatch(/^TSA_UNAVAILABLE: /);
    // ... and a retry sweep five minutes later.
    expect(scheduled).toEqual([
      {
        name: 'documents.reseal-signatures',
        runAt: new Date(clock.now().getTime() + 300_000),
        dedupKey: expect.stringMatching(/^reseal-signatures:\d+$/),
      },
    ]);
    expect(reads.verified).toEqual([]);
  });

  it("an upgraded CMS that fails the flow's own verification is not stored", async () => {
    const services = inProcessServices();
    const clock = new ManualClock(new Date());
    const cms = await createCadesBes(upgradeTestPki().get('rsa/ceo-sign'), CONTENT, { detached: true });
    const { base64, verification } = await accepted(cms, services, clock);
    // The flow re-verifies over other bytes than the ones digested for the upgrade.
    const { source } = flow(services, clock, new Uint8Array(Buffer.from('other bytes')));
    const sealed = await upgraderWith({ TSA_URL: TEST_TSA_URL }, services, clock).seal(base64, verification, {
      ...source,
      openContent: flow(services, clock).source.openContent,
    });
    expect(sealed.cms.equals(Buffer.from(cms))).toBe(true);
    expect(sealed.report).toBe(verification.report);
    expect(sealed.timestampError).toMatch(/^the upgraded signature did not verify: /);
  });

  it('a signature already at B-LT is stored as it came, without a second time-stamp', async () => {
    const services = inProcessServices();
    const clock = new ManualClock(new Date());
    const upgrader = upgraderWith({ TSA_URL: TEST_TSA_URL }, services, clock);
    const cms = await createCadesBes(upgradeTestPki().get('rsa/ceo-sign'), CONTENT, { detached: true });
    const first = await accepted(cms, services, clock);
    const sealed = await upgrader.seal(first.base64, first.verification, flow(services, clock).source);
    const again = await accepted(sealed.cms, services, clock);
    services.seen.length = 0;

    const resealed = await upgrader.seal(again.base64, again.verification, flow(services, clock).source);
    expect(resealed.cms.equals(sealed.cms)).toBe(true);
    expect(resealed.timestampError).toBeUndefined();
    expect(services.seen).not.toContain(`POST ${TEST_TSA_URL}`);
  });
});
