// The client against scripted WebSocket servers: what it sends, and how it classifies every way
// NCALayer can fail (not running, wrong greeting, garbage, silence, dropped connection).

import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { classifyConnectFailure, pageUrlOf } from './connect-failure';
import { NcaLayerError, ncaLayerErrorMessage } from './errors';
import { NcaLayerClient, NcaLayerClientOptions } from './ncalayer-client';
import { EKU, NCALAYER_DOWNLOAD_URL } from './protocol';

const HELLO = JSON.stringify({ result: { version: '1.4.0' } });
const CMS = 'MIIBAAYJKoZIhvcNAQcCoA==';

interface Script {
  // Called on every connection; return false to skip the greeting.
  readonly greet?: (socket: WebSocket) => boolean | void;
  readonly onRequest?: (socket: WebSocket, request: Record<string, unknown>) => void;
}

let server: WebSocketServer;
let url: string;
let script: Script;
let requests: Record<string, unknown>[];
const clients: NcaLayerClient[] = [];

beforeAll(async () => {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.on('connection', (socket) => {
    if (script.greet?.(socket) !== false) socket.send(HELLO);
    socket.on('message', (data: Buffer) => {
      const request = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
      requests.push(request);
      script.onRequest?.(socket, request);
    });
  });
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

beforeEach(() => {
  script = { onRequest: (socket) => socket.send(JSON.stringify({ status: true, body: { result: [CMS] } })) };
  requests = [];
});

afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});

function client(options: NcaLayerClientOptions = {}): NcaLayerClient {
  const c = new NcaLayerClient({ url, WebSocket, ...options });
  clients.push(c);
  return c;
}

async function rejection(promise: Promise<unknown>): Promise<NcaLayerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof NcaLayerError)) throw new Error(`expected an NcaLayerError, got ${String(error)}`);
  return error;
}

async function freePort(): Promise<number> {
  const probe = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => probe.once('listening', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('request shape', () => {
  it('sign() sends basics.sign with base64 data, CMS params and the signer filter', async () => {
    const cms = await client({ locale: 'kk' }).sign({
      data: 'Сәлем',
      detached: true,
      filters: { iin: '850315300128', bin: '150140001239', extKeyUsageOids: [EKU.firstHead] },
      storages: ['PKCS12', 'AKKaztokenStore'],
      chain: [],
    });
    expect(cms).toBe(CMS);
    expect(requests).toEqual([
      {
        module: 'kz.gov.pki.knca.basics',
        method: 'sign',
        args: {
          allowedStorages: ['PKCS12', 'AKKaztokenStore'],
          format: 'cms',
          data: Buffer.from('Сәлем', 'utf8').toString('base64'),
          signingParams: { decode: true, encapsulate: false, digested: false, tsaProfile: {} },
          signerParams: {
            extKeyUsageOids: [EKU.sign, EKU.firstHead],
            iin: '850315300128',
            bin: '150140001239',
            serialNumber: '',
            chain: [],
          },
          locale: 'kk',
        },
      },
    ]);
  });

  it('defaults: attached, SIGN key, production chain (null), ru dialog for an English UI, no storage filter', async () => {
    await client({ locale: 'en' }).sign({ bytes: new Uint8Array([0xff, 0, 1]), timestamp: false });
    expect(requests[0]).toEqual({
      module: 'kz.gov.pki.knca.basics',
      method: 'sign',
      args: {
        format: 'cms',
        data: '/wAB',
        signingParams: { decode: true, encapsulate: true, digested: false, tsaProfile: null },
        signerParams: { extKeyUsageOids: [EKU.sign], iin: '', bin: '', serialNumber: '', chain: null },
        locale: 'ru',
      },
    });
  });

  it('AUTH keys, explicit dialog locale and legacy calls', async () => {
    script = {
      onRequest: (socket, request) =>
        socket.send(
          JSON.stringify(
            request.module === 'kz.gov.pki.knca.basics'
              ? { status: true, body: { result: CMS } }
              : { code: '200', responseObject: CMS },
          ),
        ),
    };
    const c = client();
    await c.sign({ base64: 'YWJj', filters: { keyUsage: 'AUTH' }, locale: 'kk' });
    await c.createCAdESFromBase64('PKCS12', 'YWJj', { attach: true });
    expect(requests[0]).toMatchObject({ args: { signerParams: { extKeyUsageOids: [EKU.auth] }, locale: 'kk', data: 'YWJj' } });
    expect(requests[1]).toEqual({
      module: 'kz.gov.pki.knca.commonUtils',
      method: 'createCAdESFromBase64',
      args: ['PKCS12', 'SIGNATURE', 'YWJj', true],
    });
  });

  it('invalid input is refused before anything is sent', async () => {
    const c = client({ locale: 'en' });
    const cases = [
      c.sign({ data: 'x', filters: { iin: '12345' } }),
      c.sign({ data: 'x', filters: { bin: '15014000123X' } }),
      c.sign({ data: 'x', filters: { extKeyUsageOids: ['not-an-oid'] } }),
      c.sign({ data: 'x', base64: 'eA==' }),
      c.sign({}),
      c.sign({ base64: 'not base64!' }),
      c.sign({ data: 'a hash?', digested: true }),
      c.sign({ data: 'x', locale: 'en' as never }),
      c.signAll([]),
      c.createCAdESFromBase64('PKCS12', '%%%'),
    ];
    for (const pending of cases) {
      const error = await rejection(pending);
      expect(error.code).toBe('INVALID_REQUEST');
      expect(error.message).toMatch(/^Invalid signing request \(.+\)$/);
    }
    expect(requests).toEqual([]);
  });
});

describe('failure classification', () => {
  it('nothing listening: NCALAYER_NOT_RUNNING, naming both causes (not running / certificate not trusted) and each fix in kk, ru and en', async () => {
    const port = await freePort();
    const c = client({ url: `ws://127.0.0.1:${port}` });
    const error = await rejection(c.sign({ data: 'x' }));
    expect(error.code).toBe('NCALAYER_NOT_RUNNING');
    expect(error.message).toBe(ncaLayerErrorMessage('NCALAYER_NOT_RUNNING', 'ru', '', `http://127.0.0.1:${port}`));
    expect(error.message).toMatch(/NCALayer не запущен: запустите NCALayer/);
    expect(error.message).toMatch(
      /не доверяет сертификату NCALayer: откройте один раз http:\/\/127\.0\.0\.1:\d+ в этом браузере, примите сертификат/,
    );
    expect(error.messageIn('kk')).toMatch(/іске қосылмаған: NCALayer бағдарламасын осы компьютерде іске қосып/);
    expect(error.messageIn('kk')).toMatch(/сертификатына сенбейді: осы браузерде http:\/\/127\.0\.0\.1:\d+ мекенжайын/);
    expect(error.messageIn('en')).toMatch(
      /not running: start NCALayer.*does not trust NCALayer's certificate: open http:\/\/127/,
    );
    for (const locale of ['kk', 'ru', 'en'] as const) expect(error.messageIn(locale)).toContain(NCALAYER_DOWNLOAD_URL);
    expect(c.connected).toBe(false);
  });

  it('the default address: the message sends the person to https://127.0.0.1:13579 to accept the certificate', () => {
    const error = new NcaLayerError('NCALAYER_NOT_RUNNING', 'ru');
    expect(error.message).toContain('откройте один раз https://127.0.0.1:13579 в этом браузере');
    expect(error.messageIn('kk')).toContain('https://127.0.0.1:13579 мекенжайын');
  });

  it('unreachable, yet the https:// address answers (trusted certificate, WebSocket refused): NCALAYER_REFUSED', async () => {
    const port = await freePort();
    const asked: string[] = [];
    const c = client({
      url: `ws://127.0.0.1:${port}`,
      probe: async (page) => {
        asked.push(page);
        return 'answered';
      },
    });
    const error = await rejection(c.connect());
    expect(asked).toEqual([`http://127.0.0.1:${port}`]);
    expect(error.code).toBe('NCALAYER_REFUSED');
    expect(error.message).toMatch(/^NCALayer запущен, но закрыл соединение\. Перезапустите NCALayer/);
    expect(error.messageIn('kk')).toMatch(/^NCALayer іске қосылған, бірақ байланысты жапты/);
  });

  it('closed after opening, before the greeting (NCALayer runs, certificate trusted): NCALAYER_REFUSED, without probing', async () => {
    script = {
      greet: (socket) => {
        socket.close();
        return false;
      },
    };
    const probe = jest.fn();
    const error = await rejection(client({ probe }).connect());
    expect(error.code).toBe('NCALAYER_REFUSED');
    expect(error.messageIn('en')).toMatch(/^NCALayer is running but closed the connection\. Restart NCALayer/);
    expect(probe).not.toHaveBeenCalled();
  });

  it('a first message without the version: PROTOCOL_ERROR', async () => {
    script = {
      greet: (socket) => {
        socket.send(JSON.stringify({ status: true }));
        return false;
      },
    };
    const error = await rejection(client({ locale: 'en' }).connect());
    expect(error.code).toBe('PROTOCOL_ERROR');
    expect(error.detail).toMatch(/version/);
  });

  it('no greeting at all: TIMEOUT after connectTimeoutMs', async () => {
    script = { greet: () => false };
    expect((await rejection(client({ connectTimeoutMs: 150 }).connect())).code).toBe('TIMEOUT');
  });

  it('a reply that is not JSON, or not base64 CMS: PROTOCOL_ERROR', async () => {
    script = { onRequest: (socket) => socket.send('<html>') };
    expect((await rejection(client().sign({ data: 'x' }))).code).toBe('PROTOCOL_ERROR');
    script = { onRequest: (socket) => socket.send(JSON.stringify({ status: true, body: { result: ['not base64!'] } })) };
    expect((await rejection(client().sign({ data: 'x' }))).code).toBe('PROTOCOL_ERROR');
    script = { onRequest: (socket) => socket.send(JSON.stringify({ hello: 'world' })) };
    expect((await rejection(client().sign({ data: 'x' }))).code).toBe('PROTOCOL_ERROR');
    script = { onRequest: (socket) => socket.send(JSON.stringify({ code: '200', responseObject: { alias: 1 } })) };
    expect((await rejection(client().getKeyInfo('PKCS12'))).code).toBe('PROTOCOL_ERROR');
  });

  it('NCALayer closes the connection while a call waits: NCALAYER_NOT_RUNNING; the next call reconnects', async () => {
    script = { onRequest: (socket) => socket.close() };
    const c = client();
    expect((await rejection(c.sign({ data: 'x' }))).code).toBe('NCALAYER_NOT_RUNNING');
    script = { onRequest: (socket) => socket.send(JSON.stringify({ status: true, body: { result: [CMS] } })) };
    await expect(c.sign({ data: 'x' })).resolves.toBe(CMS);
  });

  it('a late answer after a timeout is not taken for the next call', async () => {
    // Each answer comes 300 ms after its request: the first one arrives while the second call waits.
    let n = 0;
    script = {
      onRequest: (socket) => {
        const mine = ++n;
        setTimeout(() => socket.send(JSON.stringify({ status: true, body: { result: [mine === 1 ? 'TEFURQ==' : CMS] } })), 300);
      },
    };
    const c = client();
    expect((await rejection(c.sign({ data: 'x', timeoutMs: 100 }))).code).toBe('TIMEOUT');
    await expect(c.sign({ data: 'y' })).resolves.toBe(CMS);
  });

  it('cancel and error replies of both APIs', async () => {
    const replies = [
      { status: true, body: {} },
      {
        status: false,
        code: 'INVOCATION_ERROR',
        message: 'An invoked method threw an exception.',
        details: 'org.json.JSONException: x',
      },
      { code: '500', message: 'action.canceled' },
      { code: '500', message: 'java.lang.IllegalArgumentException: argument type mismatch. Method: getKeyInfo' },
    ];
    script = { onRequest: (socket) => socket.send(JSON.stringify(replies.shift())) };
    const c = client();
    expect((await rejection(c.sign({ data: 'x' }))).code).toBe('USER_CANCELLED');
    expect(await rejection(c.sign({ data: 'x' }))).toMatchObject({
      code: 'NCALAYER_ERROR',
      ncaLayerCode: 'INVOCATION_ERROR',
      ncaLayerDetails: 'org.json.JSONException: x',
    });
    expect((await rejection(c.getKeyInfo('PKCS12'))).code).toBe('USER_CANCELLED');
    expect(await rejection(c.getKeyInfo('PKCS12'))).toMatchObject({ code: 'NCALAYER_ERROR', ncaLayerCode: '500' });
  });
});

describe('default WebSocket', () => {
  it("uses the environment's WebSocket when none is injected", async () => {
    const holder = globalThis as { WebSocket?: unknown };
    const saved = holder.WebSocket;
    holder.WebSocket = WebSocket;
    try {
      const c = new NcaLayerClient({ url });
      clients.push(c);
      await expect(c.connect()).resolves.toBe('1.4.0');
      holder.WebSocket = undefined;
      const error = await rejection(new NcaLayerClient({ url }).connect());
      expect(error).toMatchObject({ code: 'NCALAYER_NOT_RUNNING', detail: 'this environment has no WebSocket' });
    } finally {
      holder.WebSocket = saved;
    }
  });
});

describe('browser code', () => {
  it('the client sources use no Node APIs (the web UI bundles them as they are)', () => {
    const sources = readdirSync(__dirname).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
    expect(sources).toEqual(expect.arrayContaining(['ncalayer-client.ts', 'errors.ts', 'protocol.ts', 'base64.ts']));
    for (const file of sources) {
      const code = readFileSync(path.join(__dirname, file), 'utf8').replace(/\/\/.*$/gm, '');
      const imports = [...code.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      expect({ file, imports: imports.filter((i) => !i.startsWith('./')) }).toEqual({ file, imports: [] });
      expect({ file, node: /\b(Buffer|process|require|__dirname)\b/.exec(code)?.[0] }).toEqual({ file, node: undefined });
    }
  });
});

// The reply shapes of the real NCALayer, as recorded by SIGEX's ncalayer-js-client against the
// app (kz-pki.md §4.1): basics.sign answers {"body":{"result":"-----BEGIN CMS-----\n…\n-----END
// CMS-----\n"},"status":true} for one document and an array of such PEM strings for several; a
// cancelled dialog (also the one that offers no key) is {"body":{},"status":true}. The recordings
// strip the body; these carry a DER SEQUENCE long enough to be wrapped over several lines.
describe('reply shapes of the real NCALayer', () => {
  const der = Buffer.concat([Buffer.from([0x30, 0x82, 0x01, 0x2c]), Buffer.alloc(300, 0).map((_, i) => (i * 37 + 11) & 0xff)]);
  const base64 = der.toString('base64');
  const wrap = (width: number, eol: string) => base64.match(new RegExp(`.{1,${width}}`, 'g'))!.join(eol);
  const pem = (label: string, width = 64, eol = '\n') =>
    `-----BEGIN ${label}-----${eol}${wrap(width, eol)}${eol}-----END ${label}-----${eol}`;

  function answer(result: unknown): void {
    script = { onRequest: (socket) => socket.send(JSON.stringify({ body: { result }, status: true })) };
  }

  it.each([
    ['PEM "CMS", 64-column LF lines (what basics.sign sends)', pem('CMS')],
    ['PEM "CMS", 76-column CRLF lines (Java MIME encoder)', pem('CMS', 76, '\r\n')],
    ['PEM "CMS", bare CR line endings', pem('CMS', 64, '\r')],
    ['PEM "PKCS7" label', pem('PKCS7')],
    ['PEM without the final line break, spaces around', `  ${pem('CMS').trimEnd()}  `],
    ['PEM with the body on one line', `-----BEGIN CMS-----\n${base64}\n-----END CMS-----\n`],
    ['bare base64 (older modules, the emulator in base64 mode)', base64],
    ['bare base64 in CRLF lines', wrap(76, '\r\n')],
  ])('sign() takes %s and returns the bare base64 of the same DER', async (_name, result) => {
    answer(result);
    const cms = await client().sign({ data: 'x' });
    expect(cms).toBe(base64);
    expect(Buffer.from(cms, 'base64').equals(der)).toBe(true);
  });

  it('an array of one PEM for one document, an array of PEMs for several', async () => {
    answer([pem('CMS')]);
    await expect(client().sign({ data: 'x' })).resolves.toBe(base64);
    answer([pem('CMS'), pem('CMS', 76, '\r\n'), base64]);
    await expect(client().signAll([{ data: 'a' }, { data: 'b' }, { data: 'c' }])).resolves.toEqual([base64, base64, base64]);
  });

  it.each([
    ['an empty PEM body (the recordings, stripped)', '-----BEGIN CMS-----\n-----END CMS-----\n'],
    ['mismatched labels', `-----BEGIN CMS-----\n${base64}\n-----END PKCS7-----\n`],
    ['another PEM label', pem('CERTIFICATE')],
    ['text before the armour', `signature:\n${pem('CMS')}`],
    ['text after the armour', `${pem('CMS')}trailer`],
    ['two PEM blocks for one document', `${pem('CMS')}${pem('CMS')}`],
    ['broken base64 inside the armour', `-----BEGIN CMS-----\nMII*\n-----END CMS-----\n`],
    ['an empty array', []],
    ['a non-string item', [pem('CMS'), 42]],
    ['an object', { cms: base64 }],
  ])('PROTOCOL_ERROR for %s', async (_name, result) => {
    answer(result);
    expect((await rejection(client().sign({ data: 'x' }))).code).toBe('PROTOCOL_ERROR');
  });

  it('the cancelled dialog, including the one that offered no key, is USER_CANCELLED', async () => {
    script = { onRequest: (socket) => socket.send(JSON.stringify({ body: {}, status: true })) };
    const error = await rejection(client().sign({ data: 'x', filters: { bin: '150140001239' } }));
    expect(error.code).toBe('USER_CANCELLED');
  });

  it('legacy createCAdESFromBase64 takes base64 with or without line breaks and PEM', async () => {
    const replies = [base64, wrap(76, '\r\n'), pem('CMS'), pem('CERTIFICATE')];
    script = { onRequest: (socket) => socket.send(JSON.stringify({ responseObject: replies.shift(), code: '200' })) };
    const c = client();
    for (let i = 0; i < 3; i++) await expect(c.createCAdESFromBase64('PKCS12', 'YQ==')).resolves.toBe(base64);
    expect((await rejection(c.createCAdESFromBase64('PKCS12', 'YQ=='))).code).toBe('PROTOCOL_ERROR');
  });
});

describe('connection failure classification (what a page can observe)', () => {
  it.each([
    [{ opened: false, probe: 'failed' }, 'unreachable'],
    [{ opened: false, probe: 'skipped' }, 'unreachable'],
    [{ opened: false, probe: 'answered' }, 'refused'],
    [{ opened: true, probe: 'skipped' }, 'refused'],
    [{ opened: true, probe: 'failed' }, 'refused'],
  ] as const)('%j → %s', (observation, expected) => {
    expect(classifyConnectFailure(observation)).toBe(expected);
  });

  it('the address to open in the browser for a WebSocket address', () => {
    expect(pageUrlOf('wss://127.0.0.1:13579')).toBe('https://127.0.0.1:13579');
    expect(pageUrlOf('wss://localhost:13579/')).toBe('https://localhost:13579');
    expect(pageUrlOf('ws://127.0.0.1:13580')).toBe('http://127.0.0.1:13580');
    expect(pageUrlOf('https://example.kz')).toBeUndefined();
    expect(pageUrlOf('not a url')).toBeUndefined();
  });
});
