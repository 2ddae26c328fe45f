// The emulator driven by the browser client (with `ws` as its WebSocket); the argument forms the
// client does not produce and the legacy commands: emulator-raw-protocol.spec.ts. Every CMS goes
// through our verifier with the test-PKI roots as trust anchors.

import { digestFor, digestOidOf } from '../../signing/test-pki/keys';
import { EKU } from '../../../web/src/ncalayer/client/protocol';
import { NcaLayerEmulator } from './emulator-server';
import {
  BIN,
  client,
  config,
  contract,
  contractBytes,
  emulator,
  GOST2015_SIGNATURE,
  IIN,
  pki,
  raw,
  rejection,
  resultOf,
  RSA_SIGNATURE,
  signRequest,
  startEmulatorForSpec,
  verify,
} from './emulator-spec-support';

startEmulatorForSpec();

describe('version greeting', () => {
  it('the first message is {"result":{"version":…}} and connect() returns the version', async () => {
    const c = client();
    await expect(c.connect()).resolves.toBe('1.4');
    await expect(c.version()).resolves.toBe('1.4');
    expect(c.connected).toBe(true);
  });
});

describe('basics.sign through the client', () => {
  it('attached CMS with the GOST 2015 key verifies, carries the IIN and a signature time-stamp', async () => {
    const cms = await client().sign({ data: contract, chain: [] });
    const report = await verify(cms);
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(report.content?.attached).toBe(true);
    const [signer] = report.signers;
    expect(signer.signatureAlgorithm).toBe(GOST2015_SIGNATURE);
    expect(signer.signer?.iin).toBe(IIN.individual);
    expect(signer.signer?.bin).toBeUndefined();
    expect(signer.adesLevel).toBe('B-T');
    expect(emulator.received.at(-1)).toMatchObject({
      args: {
        signingParams: { decode: true, encapsulate: true, tsaProfile: {} },
        signerParams: { extKeyUsageOids: [EKU.sign], chain: [] },
      },
    });
  });

  it('detached CMS with an RSA key (storage filter) verifies against the content and not without it', async () => {
    const cms = await client().sign({ bytes: contractBytes, detached: true, storages: ['AKKaztokenStore'], timestamp: false });
    const report = await verify(cms, contractBytes);
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(report.content?.attached).toBe(false);
    expect(report.signers[0].signatureAlgorithm).toBe(RSA_SIGNATURE);
    expect(report.signers[0].signer?.iin).toBe(IIN.individual);
    expect(report.signers[0].adesLevel).toBe('B-B');
    expect((await verify(cms, new TextEncoder().encode('other'))).indication).toBe('TOTAL_FAILED');
  });

  it('detached GOST 2015 and attached RSA both verify', async () => {
    const gost = await client().sign({ base64: Buffer.from(contractBytes).toString('base64'), detached: true });
    expect((await verify(gost, contractBytes)).signers[0]).toMatchObject({
      indication: 'TOTAL_PASSED',
      signatureAlgorithm: GOST2015_SIGNATURE,
    });
    const rsa = await client().sign({ data: contract, storages: ['AKKaztokenStore'] });
    const report = await verify(rsa);
    expect(report).toMatchObject({ indication: 'TOTAL_PASSED', content: { attached: true } });
    expect(report.signers[0].signatureAlgorithm).toBe(RSA_SIGNATURE);
  });

  it('a BIN filter picks the first head of that organization', async () => {
    const report = await verify(await client().sign({ data: contract, filters: { bin: BIN } }));
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(report.signers[0].signer).toMatchObject({ bin: BIN, iin: IIN.ceo, subjectType: 'LEGAL_ENTITY' });
    expect(report.signers[0].signer?.extendedKeyUsage).toContain(EKU.firstHead);
  });

  it('an EKU filter picks the employee; IIN + AUTH picks the authentication key', async () => {
    const employee = await verify(await client().sign({ data: contract, filters: { extKeyUsageOids: [EKU.employee] } }));
    expect(employee.signers[0].signer).toMatchObject({ iin: IIN.employee, bin: BIN });
    const auth = await verify(await client().sign({ data: contract, filters: { iin: IIN.individual, keyUsage: 'AUTH' } }));
    expect(auth.signers[0].signer?.serialNumber.toUpperCase()).toBe(pki.get('gost2015/individual-auth').serialNumber);
    expect(auth.signers[0].signer?.keyUsage).toBe('AUTH');
  });

  it('no matching key: the dialog offers only Cancel, so the page sees a cancel (USER_CANCELLED)', async () => {
    const lines: string[] = [];
    const quiet = new NcaLayerEmulator({ pki, config, port: 0, log: (line) => lines.push(line) });
    const started = await quiet.start();
    try {
      const c = client({ url: started.url, locale: 'en' });
      expect((await rejection(c.sign({ data: contract, filters: { iin: '123456789012' } }))).code).toBe('USER_CANCELLED');
      expect(lines.at(-1)).toMatch(/no key matches the signer filter .*the emulated user can only cancel/);
      // The storage filter alone can exclude every key too.
      expect((await rejection(c.sign({ data: contract, storages: ['AKEToken5110Store'] }))).code).toBe('USER_CANCELLED');
      expect(lines.at(-1)).toMatch(/no key storage of type AKEToken5110Store/);
      // On the wire: NCALayer's cancel reply, not an error.
      expect(await raw(signRequest({ signerParams: { extKeyUsageOids: [EKU.sign], bin: '999999999999' } }))).toEqual({
        status: true,
        body: {},
      });
    } finally {
      await quiet.close();
    }
  });

  it('cancel: USER_CANCELLED in the client language, and the connection keeps working', async () => {
    const c = client({ locale: 'kk' });
    emulator.cancelNext();
    const error = await rejection(c.sign({ data: contract }));
    expect(error.code).toBe('USER_CANCELLED');
    expect(error.message).toBe('Қол қоюдан бас тартылды.');
    expect(error.messageIn('ru')).toBe('Подписание отменено пользователем.');
    expect(error.messageIn('en')).toBe('Signing was cancelled by the user.');
    await expect(c.sign({ data: contract })).resolves.toMatch(/^MII/);
  });

  it('an emulated NCALayer failure surfaces as NCALAYER_ERROR with its code and details', async () => {
    emulator.failNext({ code: 'SIGNING_FAILURE', message: 'Token removed', details: 'PKCS11 error' });
    const error = await rejection(client().sign({ data: contract }));
    expect(error).toMatchObject({ code: 'NCALAYER_ERROR', ncaLayerCode: 'SIGNING_FAILURE', ncaLayerDetails: 'PKCS11 error' });
    expect(error.messageIn('ru')).toBe('NCALayer сообщил об ошибке (Token removed: PKCS11 error)');
  });

  it('requests are serialized: concurrent calls get their own answers in order', async () => {
    emulator.behaviour.delayMs = 50;
    const c = client();
    const [individual, head, employee] = await Promise.all([
      c.sign({ data: 'a', filters: { iin: IIN.individual } }),
      c.sign({ data: 'b', filters: { bin: BIN } }),
      c.sign({ data: 'c', filters: { extKeyUsageOids: [EKU.employee] } }),
    ]);
    const iins = await Promise.all([individual, head, employee].map(async (cms) => (await verify(cms)).signers[0].signer?.iin));
    expect(iins).toEqual([IIN.individual, IIN.ceo, IIN.employee]);
  });

  it('several documents in one call: one CMS per document', async () => {
    const docs = [{ data: 'первый' }, { bytes: new Uint8Array([1, 2, 3]) }];
    const results = await client().signAll(docs, { detached: true, timestamp: false });
    expect(results).toHaveLength(2);
    expect((await verify(results[0], new TextEncoder().encode('первый'))).indication).toBe('TOTAL_PASSED');
    expect((await verify(results[1], new Uint8Array([1, 2, 3]))).indication).toBe('TOTAL_PASSED');
  });

  it('the other reply shapes (bare base64, an array of one) reach the same CMS through the client', async () => {
    for (const [cmsEncoding, singleResult] of [
      ['base64', 'string'],
      ['base64', 'array'],
      ['pem', 'array'],
    ] as const) {
      Object.assign(emulator.behaviour, { cmsEncoding, singleResult });
      const cms = await client().sign({ data: contract, timestamp: false });
      expect(cms).toMatch(/^MII[A-Za-z0-9+/]+=*$/);
      expect((await verify(cms)).indication).toBe('TOTAL_PASSED');
    }
  });

  it('digested: the CMS over a precomputed hash verifies against the document', async () => {
    const hash = digestFor('gost2015-512', contractBytes);
    const cms = await client().sign({ bytes: hash, digested: true });
    const report = await verify(cms, contractBytes);
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(report.content?.attached).toBe(false);
    const byDigest = await verify(cms, undefined, { dataDigests: { [digestOidOf('gost2015-512')]: hash } });
    expect(byDigest.indication).toBe('TOTAL_PASSED');
  });

  it('timeout: TIMEOUT, then the next call works on a new connection', async () => {
    emulator.behaviour.delayMs = 400;
    const c = client();
    const error = await rejection(c.sign({ data: contract, timeoutMs: 100 }));
    expect(error.code).toBe('TIMEOUT');
    expect(c.connected).toBe(false);
    emulator.behaviour.delayMs = 0;
    const report = await verify(await c.sign({ data: contract, filters: { bin: BIN } }));
    expect(report.signers[0].signer?.iin).toBe(IIN.ceo);
  });
});

describe('basics.sign reply shapes on the wire', () => {
  const PEM = /^-----BEGIN CMS-----\n(?:[A-Za-z0-9+/=]{1,64}\n)+-----END CMS-----\n$/;
  const pemBody = (pem: string) => pem.replace(/-----(BEGIN|END) CMS-----|\n/g, '');

  it('like the real app: one document -> one PEM string ("-----BEGIN CMS-----", 64-column lines)', async () => {
    const result = resultOf(await raw(signRequest({})));
    expect(typeof result).toBe('string');
    expect(result).toMatch(PEM);
    const report = await verify(pemBody(result as string));
    expect(report).toMatchObject({ indication: 'TOTAL_PASSED', content: { attached: true } });
  });

  it('several documents -> an array of PEM strings; bare base64 on request', async () => {
    const many = resultOf(await raw(signRequest({ data: ['YQ==', 'Yg=='] }))) as string[];
    expect(many).toHaveLength(2);
    for (const pem of many) expect(pem).toMatch(PEM);
    emulator.behaviour.cmsEncoding = 'base64';
    const bare = resultOf(await raw(signRequest({})));
    expect(bare).toMatch(/^MII[A-Za-z0-9+/]+=*$/);
    expect((await verify(bare as string)).indication).toBe('TOTAL_PASSED');
  });

  it('the emulator option cmsEncoding "base64" starts it in bare-base64 mode', async () => {
    const bare = new NcaLayerEmulator({ pki, config, port: 0, cmsEncoding: 'base64' });
    expect(bare.behaviour).toMatchObject({ cmsEncoding: 'base64', singleResult: 'string' });
    expect(new NcaLayerEmulator({ pki, config, port: 0 }).behaviour.cmsEncoding).toBe('pem');
  });
});
