import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ManualClock, Clock } from '../../common/clock';
import { loadConfig } from '../../config/app-config';
import { ConfigModule } from '../../config/config.module';
import { REVOCATION_FETCHER } from '../api/signature-verification.service';
import { createCadesBes } from '../test-pki/cades';
import { SignatureUpgradeModule } from './signature-upgrade.module';
import { SignatureUpgradeService, TSA_FETCHER } from './signature-upgrade.service';
import { InProcessServices, inProcessServices, TEST_TSA_URL, upgradeTestPki } from './spec-support';

@Module({})
class InProcessNetworkModule {}

@Module({})
class UpgradeTestRoot {}

const contexts: INestApplicationContext[] = [];
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

async function serviceWith(env: Record<string, string>, services: InProcessServices, clock?: Clock) {
  const app = await NestFactory.createApplicationContext(
    {
      module: UpgradeTestRoot,
      imports: [
        ConfigModule.forRoot(loadConfig({ REVOCATION_ONLINE: 'false', TRUST_STORES: 'test-pki', ...env })),
        {
          module: InProcessNetworkModule,
          global: true,
          providers: [
            { provide: REVOCATION_FETCHER, useValue: services.fetcher },
            { provide: TSA_FETCHER, useValue: services.fetcher },
            ...(clock ? [{ provide: Clock, useValue: clock }] : []),
          ],
          exports: [REVOCATION_FETCHER, TSA_FETCHER, ...(clock ? [Clock] : [])],
        },
        SignatureUpgradeModule,
      ],
    },
    { logger: false },
  );
  contexts.push(app);
  return app.get(SignatureUpgradeService);
}

const CONTENT = new Uint8Array(Buffer.from('счёт-фактура 7', 'utf8'));

describe('SignatureUpgradeService (standalone module)', () => {
  it('upgrades a base64 CMS to B-LT with the configured TSA and policy', async () => {
    const services = inProcessServices();
    const policy = upgradeTestPki().manifest.tsaPolicies.gost2015 ?? '';
    const service = await serviceWith({ TSA_URL: TEST_TSA_URL, TSA_POLICY_OID: policy, TSA_TIMEOUT_MS: '2000' }, services);
    expect(service.tsaConfigured).toBe(true);
    const cms = await createCadesBes(upgradeTestPki().get('gost2015/ceo-sign'), CONTENT, { detached: true });
    const result = await service.upgrade(Buffer.from(cms).toString('base64'), { data: CONTENT });
    // The test-pki store trusts the issuing CAs too: the path is signer -> issuing CA (anchor).
    expect(result).toMatchObject({ changed: true, level: 'B-LT', report: { outcome: 'upgraded' } });
    expect(result.report.signers[0].timestampAdded?.policy).toBe(policy);
    expect(services.seen[0]).toBe(`POST ${TEST_TSA_URL}`);
  });

  it('uses the injected clock as the time of the upgrade', async () => {
    const services = inProcessServices();
    const clock = new ManualClock(new Date(Date.now() - 60_000));
    const service = await serviceWith({ TSA_URL: TEST_TSA_URL }, services, clock);
    const cms = await createCadesBes(upgradeTestPki().get('rsa/ceo-sign'), CONTENT);
    const result = await service.upgrade(cms);
    expect(result.report.verification?.validationTime).toBe(clock.now().toISOString());
  });

  it('without TSA_URL: nothing is upgraded and the result says "no TSA configured"', async () => {
    const services = inProcessServices();
    const service = await serviceWith({}, services);
    expect(service.tsaConfigured).toBe(false);
    const cms = await createCadesBes(upgradeTestPki().get('rsa/ceo-sign'), CONTENT);
    const result = await service.upgrade(cms);
    expect(result.cms).toBe(cms);
    expect(result.report).toMatchObject({ outcome: 'not-upgraded', reason: { code: 'NO_TSA_CONFIGURED', retryable: false } });
    expect(result.report.reason?.message).toMatch(/no TSA configured/);
    expect(services.seen).toEqual([]);
  });

  it('rejects a malformed TSA configuration at boot', () => {
    expect(() => loadConfig({ TSA_URL: 'ftp://tsa' })).toThrow(/TSA_URL/);
    expect(() => loadConfig({ TSA_POLICY_OID: 'policy' })).toThrow(/TSA_POLICY_OID/);
    expect(loadConfig({}).timestamping).toEqual({ tsaUrl: undefined, policyOid: undefined, timeoutMs: 10_000 });
  });
});
