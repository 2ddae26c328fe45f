// The emulator driven by the browser client (with `ws` as its WebSocket), and by hand-written
// protocol messages for the argument forms the client does not produce. Every CMS goes through
// our verifier with the test-PKI roots as trust anchors.

import { X509Certificate, verify as nodeVerify } from 'node:crypto';
import * as path from 'node:path';
import { WebSocket } from 'ws';
import { digestFor, digestOidOf } from '../../signing/test-pki/keys';
import { loadTestPki, TestPki } from '../../signing/test-pki/manifest';
import { verifyCms } from '../../signing/verification/cms-verifier';
import { VerificationReport } from '../../signing/verification/report';
import { NcaLayerError } from '../../../web/src/ncalayer/client/errors';
import { NcaLayerClient, NcaLayerClientOptions } from '../../../web/src/ncalayer/client/ncalayer-client';
import { EKU } from '../../../web/src/ncalayer/client/protocol';
import { EmulatorConfig } from './emulator-config';
import { NcaLayerEmulator } from './emulator-server';

const PKI_DIR = path.resolve(__dirname, '../../../certs/test-pki');
const HIERARCHIES = ['rsa', 'gost2015', 'gost2004'];
const BIN = '150140001239';
const IIN = { individual: '850315300128', ceo: '750512300782', employee: '910617300450', expired: '780101300565' };
// Algorithm names as the verification report gives them.
const GOST2015_SIGNATURE = 'GOST 34.10-2015 (512)';
const RSA_SIGNATURE = 'SHA-256 with RSA';

const config: EmulatorConfig = {
  testPkiDir: PKI_DIR,
  version: '1.4',
  chainCheck: false,
  storages: {
    PKCS12: [
      'gost2015/individual-sign',
      'gost2015/ceo-sign',
      'gost2015/employee-sign',
      'gost2015/individual-auth',
      'gost2015/individual-sign-expired',
    ],
    AKKaztokenStore: ['rsa/individual-sign', 'rsa/ceo-sign', 'rsa/individual-auth'],
  },
};

let pki: TestPki;
let emulator: NcaLayerEmulator;
let url: string;
const clients: NcaLayerClient[] = [];

beforeAll(async () => {
  pki = loadTestPki(PKI_DIR);
  emulator = new NcaLayerEmulator({ pki, config, port: 0 });
  ({ url } = await emulator.start());
});

afterAll(() => emulator.close());

afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  emulator.behaviour.delayMs = 0;
  emulator.behaviour.singleResult = 'string';
  emulator.behaviour.cmsEncoding = 'pem';
});

function client(options: NcaLayerClientOptions = {}): NcaLayerClient {
  const c = new NcaLayerClient({ url, WebSocket, ...options });
  clients.push(c);
  return c;
}

function verify(
  cms: string,
  data?: Uint8Array,
  extra: Partial<Parameters<typeof verifyCms>[0]> = {},
): Promise<VerificationReport> {
  return verifyCms({
    cms,
    data,
    trustAnchors: HIERARCHIES.map((h) => pki.get(`${h}/root-ca`).der),
    certificates: HIERARCHIES.map((h) => pki.get(`${h}/nca`).der),
    policy: { revocation: 'off' },
    ...extra,
  });
}

async function rejection(promise: Promise<unknown>): Promise<NcaLayerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof NcaLayerError)) throw new Error(`expected an NcaLayerError, got ${String(error)}`);
  return error;
}

// One request/reply on a fresh raw connection, after the version greeting.
async function raw(message: string | object): Promise<Record<string, unknown> | undefined> {
  const [reply] = await rawExchange([message]);
  return reply;
}

// expectedReplies: fewer than messages when some need no reply (accessory commands).
async function rawExchange(
  messages: readonly (string | object)[],
  expectedReplies = messages.length,
): Promise<Record<string, unknown>[]> {
  const socket = new WebSocket(url);
  const received: Record<string, unknown>[] = [];
  let wake: () => void = () => undefined;
  socket.on('message', (data: Buffer) => {
    received.push(JSON.parse(data.toString('utf8')) as Record<string, unknown>);
    wake();
  });
  const until = (count: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${received.length} messages`)), 15_000);
      wake = () => {
        if (received.length >= count) {
          clearTimeout(timer);
          resolve();
        }
      };
      wake();
    });
  await until(1);
  expect(received[0]).toEqual({ result: { version: '1.4' } });
  for (const m of messages) socket.send(typeof m === 'string' ? m : JSON.stringify(m));
  await until(1 + expectedReplies);
  socket.close();
  return received.slice(1);
}

function signRequest(args: Record<string, unknown>): object {
  return {
    module: 'kz.gov.pki.knca.basics',
    method: 'sign',
    args: {
      format: 'cms',
      data: Buffer.from('hello').toString('base64'),
      signingParams: { decode: true, encapsulate: true },
      signerParams: { extKeyUsageOids: [EKU.sign] },
      locale: 'ru',
      ...args,
    },
  };
}

function resultOf(reply: Record<string, unknown> | undefined): unknown {
  expect(reply?.status).toBe(true);
  return (reply?.body as { result?: unknown }).result;
}

const contract = 'Шарт № 7 / Договор № 7';
const contractBytes = new TextEncoder().encode(contract);

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

describe('basics.sign argument forms on the wire', () => {
  beforeEach(() => {
    emulator.behaviour.cmsEncoding = 'base64';
    emulator.behaviour.singleResult = 'array';
  });

  it('decode false signs the UTF-8 text; decode as the string "true" is accepted', async () => {
    const text = resultOf(await raw(signRequest({ data: contract, signingParams: { decode: false } }))) as string[];
    expect((await verify(text[0])).indication).toBe('TOTAL_PASSED');
    expect((await verify(text[0])).content).toMatchObject({ attached: true, size: contractBytes.length });
    const asString = resultOf(await raw(signRequest({ signingParams: { decode: 'true', encapsulate: 'false' } }))) as string[];
    expect((await verify(asString[0], Buffer.from('hello'))).content?.attached).toBe(false);
  });

  it('signingParams and allowedStorages may be omitted: attached, no time-stamp, any storage', async () => {
    const reply = await raw({
      module: 'kz.gov.pki.knca.basics',
      method: 'sign',
      args: { format: 'cms', data: 'plain text', signerParams: { extKeyUsageOids: [EKU.sign] } },
    });
    const [cms] = resultOf(reply) as string[];
    const report = await verify(cms);
    expect(report).toMatchObject({ indication: 'TOTAL_PASSED', content: { attached: true } });
    expect(report.signers[0].adesLevel).toBe('B-B');
  });

  it('data as an array gives an array of CMS', async () => {
    const result = resultOf(await raw(signRequest({ data: ['YQ==', 'Yg=='] }))) as string[];
    expect(result).toHaveLength(2);
    for (const cms of result) expect((await verify(cms)).indication).toBe('TOTAL_PASSED');
  });

  it('format raw with outputCert: {signatures, certificate}, the signature checks with the certificate key', async () => {
    const reply = await raw(
      signRequest({ format: 'raw', allowedStorages: ['AKKaztokenStore'], signingParams: { decode: true, outputCert: true } }),
    );
    const { signatures, certificate } = resultOf(reply) as { signatures: string[]; certificate: string };
    expect(certificate).toBe(Buffer.from(pki.get('rsa/individual-sign').der).toString('base64'));
    const key = new X509Certificate(Buffer.from(certificate, 'base64')).publicKey;
    expect(nodeVerify('sha256', Buffer.from('hello'), key, Buffer.from(signatures[0], 'base64'))).toBe(true);
  });

  it('expired keys are offered only with allowExpired', async () => {
    const filter = { extKeyUsageOids: [EKU.sign], iin: IIN.expired };
    // Not selectable: the dialog can only be cancelled.
    expect(await raw(signRequest({ signerParams: filter }))).toEqual({ status: true, body: {} });
    const [cms] = resultOf(
      await raw(signRequest({ signerParams: filter, signingParams: { decode: true, allowExpired: true } })),
    ) as string[];
    const report = await verify(cms);
    expect(report.signers[0].signer?.iin).toBe(IIN.expired);
    expect(report.indication).not.toBe('TOTAL_PASSED');
  });

  it('malformed requests get the protocol error reply and the emulator keeps answering', async () => {
    const replies = await rawExchange(
      [
        'this is not json',
        { method: 'sign' },
        signRequest({ signerParams: undefined }),
        signRequest({ signerParams: {} }),
        signRequest({ format: 'xml' }),
        signRequest({ data: 'not base64!' }),
        { module: 'kz.gov.pki.knca.basics', method: 'verify', args: {} },
        { module: 'kz.gov.pki.knca.commonUtils', method: 'getKeyInfo', args: [42] },
        { module: 'kz.gov.pki.knca.commonUtils', method: 'createCAdESFromBase64', args: ['PKCS12'] },
        { module: 'kz.gov.pki.ncalayerservices.accessory', method: 'showSettings' },
        { module: 'kz.gov.pki.knca.commonUtils', method: 'getActiveTokens' },
      ],
      10,
    );
    expect(replies).toHaveLength(10);
    const invocation = { status: false, code: 'INVOCATION_ERROR', message: 'An invoked method threw an exception.' };
    expect(replies[0]).toMatchObject(invocation);
    expect(String(replies[0]?.details)).toMatch(/^org\.json\.JSONException: /);
    expect(replies[1]).toMatchObject({ ...invocation, details: 'org.json.JSONException: JSONObject["module"] not found.' });
    expect(replies[2]).toMatchObject({ ...invocation, details: 'org.json.JSONException: JSONObject["signerParams"] not found.' });
    expect(replies[3]).toMatchObject({
      ...invocation,
      details: 'org.json.JSONException: JSONObject["extKeyUsageOids"] not found.',
    });
    expect(replies[4]).toMatchObject(invocation);
    expect(replies[5]).toMatchObject({ ...invocation, details: 'java.lang.IllegalArgumentException: Illegal base64 character' });
    expect(replies[6]).toMatchObject(invocation);
    expect(replies[7]).toEqual({
      code: '500',
      message: 'java.lang.IllegalArgumentException: argument type mismatch. Method: getKeyInfo',
    });
    expect(replies[8]).toEqual({
      code: '500',
      message: 'java.lang.IllegalArgumentException: wrong number of arguments. Method: createCAdESFromBase64',
    });
    // showSettings needs no reply: the next reply belongs to getActiveTokens.
    expect(replies[9]).toEqual({ code: '200', message: '', responseObject: ['AKKaztokenStore'] });
    await expect(client().connect()).resolves.toBe('1.4');
  });
});

describe('legacy kz.gov.pki.knca.commonUtils', () => {
  it('getKeyInfo answers {code:"200", responseObject:{alias, keyId, …, pem}}', async () => {
    const reply = await raw({ module: 'kz.gov.pki.knca.commonUtils', method: 'getKeyInfo', args: ['PKCS12'] });
    expect(reply?.code).toBe('200');
    const info = reply?.responseObject as Record<string, string>;
    expect(Object.keys(info).sort()).toEqual(
      [
        'alias',
        'keyId',
        'algorithm',
        'subjectCn',
        'subjectDn',
        'issuerCn',
        'issuerDn',
        'serialNumber',
        'certNotAfter',
        'certNotBefore',
        'authorityKeyIdentifier',
        'pem',
      ].sort(),
    );
    for (const value of Object.values(info)) expect(typeof value).toBe('string');
    const entity = pki.get('gost2015/individual-sign');
    expect(info).toMatchObject({
      subjectDn: entity.subject,
      issuerDn: entity.issuer,
      subjectCn: 'ТЕСТОВ ЕРЛАН',
      serialNumber: entity.serialNumber.toLowerCase(),
      certNotBefore: String(new Date(entity.notBefore).getTime()),
      certNotAfter: String(new Date(entity.notAfter).getTime()),
    });
    expect(info.keyId).toMatch(/^[0-9a-f]{40}$/);
    expect(info.authorityKeyIdentifier).toMatch(/^[0-9a-f]+$/);
    const pemBody = info.pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
    expect(Buffer.from(pemBody, 'base64').equals(Buffer.from(entity.der))).toBe(true);
  });

  it('the client reads getKeyInfo and getActiveTokens', async () => {
    const c = client();
    const info = await c.getKeyInfo('AKKaztokenStore');
    expect(info.subjectDn).toBe(pki.get('rsa/individual-sign').subject);
    expect(info.algorithm).toBe('RSA');
    await expect(c.getActiveTokens()).resolves.toEqual(['AKKaztokenStore']);
  });

  it('createCAdESFromBase64: detached by default, attached on request, AUTHENTICATION picks the AUTH key', async () => {
    const c = client();
    const base64 = Buffer.from(contractBytes).toString('base64');
    const detached = await verify(await c.createCAdESFromBase64('PKCS12', base64), contractBytes);
    expect(detached).toMatchObject({ indication: 'TOTAL_PASSED', content: { attached: false } });
    const attached = await verify(await c.createCAdESFromBase64('AKKaztokenStore', base64, { attach: true }));
    expect(attached).toMatchObject({ indication: 'TOTAL_PASSED', content: { attached: true } });
    expect(attached.signers[0].signatureAlgorithm).toBe(RSA_SIGNATURE);
    const auth = await verify(await c.createCAdESFromBase64('PKCS12', base64, { keyType: 'AUTHENTICATION' }), contractBytes);
    expect(auth.signers[0].signer?.keyUsage).toBe('AUTH');
  });

  it('createCAdESFromBase64 over an attached CMS adds a second signer (co-signing), it does not nest the CMS', async () => {
    const c = client();
    const first = await c.sign({ data: contract, timestamp: false });
    const both = await c.createCAdESFromBase64('AKKaztokenStore', first, { attach: true });
    const report = await verify(both);
    expect(report.indication).toBe('TOTAL_PASSED');
    // The document itself is the content, not the first CMS.
    expect(report.content).toMatchObject({ attached: true, size: contractBytes.length });
    expect(report.signers.map((s) => [s.indication, s.signatureAlgorithm, s.signer?.iin])).toEqual(
      expect.arrayContaining([
        ['TOTAL_PASSED', GOST2015_SIGNATURE, IIN.individual],
        ['TOTAL_PASSED', RSA_SIGNATURE, IIN.individual],
      ]),
    );
    expect(report.signers).toHaveLength(2);
    // A third signer on top, through the deprecated method (which adds a time-stamp).
    const reply = await raw({
      module: 'kz.gov.pki.knca.commonUtils',
      method: 'createCMSSignatureFromBase64',
      args: ['PKCS12', 'SIGNATURE', both, true],
    });
    const three = await verify(reply?.responseObject as string);
    expect(three.signers).toHaveLength(3);
    expect(three.indication).toBe('TOTAL_PASSED');
    expect(three.content?.size).toBe(contractBytes.length);
  });

  it('createCAdESFromBase64 over a detached CMS is refused (there is no content to add a signer over)', async () => {
    const detached = await client().sign({ data: contract, detached: true, timestamp: false });
    const reply = await raw({
      module: 'kz.gov.pki.knca.commonUtils',
      method: 'createCAdESFromBase64',
      args: ['PKCS12', 'SIGNATURE', detached, true],
    });
    expect(reply).toMatchObject({ code: '500' });
    expect(String(reply?.message)).toMatch(/detached/);
  });

  it('a key dialog with no key of the asked type offers only Cancel: action.canceled', async () => {
    const signOnly = new NcaLayerEmulator({ pki, config: { ...config, storages: { PKCS12: ['gost2015/ceo-sign'] } }, port: 0 });
    const started = await signOnly.start();
    try {
      const c = client({ url: started.url });
      const error = await rejection(c.createCAdESFromBase64('PKCS12', 'YQ==', { keyType: 'AUTHENTICATION' }));
      expect(error.code).toBe('USER_CANCELLED');
      await expect(c.createCAdESFromBase64('PKCS12', 'YQ==')).resolves.toMatch(/^MII/);
    } finally {
      await signOnly.close();
    }
  });

  it('legacy cancel ({code:"500", message:"action.canceled"}) is USER_CANCELLED; other 500s are NCALAYER_ERROR', async () => {
    emulator.cancelNext();
    expect(await raw({ module: 'kz.gov.pki.knca.commonUtils', method: 'getKeyInfo', args: ['PKCS12'] })).toEqual({
      code: '500',
      message: 'action.canceled',
    });
    const c = client();
    emulator.cancelNext();
    expect((await rejection(c.createCAdESFromBase64('PKCS12', 'YQ=='))).code).toBe('USER_CANCELLED');
    const missing = await rejection(c.getKeyInfo('AKJaCartaStore'));
    expect(missing).toMatchObject({ code: 'NCALAYER_ERROR', ncaLayerCode: '500' });
  });
});
