// The emulator on a free port with the test PKI, the browser client over `ws`, raw protocol
// exchanges and the verifier's view of a CMS, shared by emulator-server.spec.ts and
// emulator-raw-protocol.spec.ts.

import * as path from 'node:path';
import { WebSocket } from 'ws';
import { loadTestPki, TestPki } from '../../signing/test-pki/manifest';
import { verifyCms } from '../../signing/verification/cms-verifier';
import { VerificationReport } from '../../signing/verification/report';
import { NcaLayerError } from '../../../web/src/ncalayer/client/errors';
import { NcaLayerClient, NcaLayerClientOptions } from '../../../web/src/ncalayer/client/ncalayer-client';
import { EKU } from '../../../web/src/ncalayer/client/protocol';
import { EmulatorConfig } from './emulator-config';
import { NcaLayerEmulator } from './emulator-server';

export const PKI_DIR = path.resolve(__dirname, '../../../certs/test-pki');
export const HIERARCHIES = ['rsa', 'gost2015', 'gost2004'];
export const BIN = '150140001239';
export const IIN = { individual: '850315300128', ceo: '750512300782', employee: '910617300450', expired: '780101300565' };
// Algorithm names as the verification report gives them.
export const GOST2015_SIGNATURE = 'GOST 34.10-2015 (512)';
export const RSA_SIGNATURE = 'SHA-256 with RSA';

export const config: EmulatorConfig = {
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

export let pki: TestPki;
export let emulator: NcaLayerEmulator;
export let url: string;
export const clients: NcaLayerClient[] = [];

export function client(options: NcaLayerClientOptions = {}): NcaLayerClient {
  const c = new NcaLayerClient({ url, WebSocket, ...options });
  clients.push(c);
  return c;
}

export function verify(
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

export async function rejection(promise: Promise<unknown>): Promise<NcaLayerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof NcaLayerError)) throw new Error(`expected an NcaLayerError, got ${String(error)}`);
  return error;
}

// One request/reply on a fresh raw connection, after the version greeting.
export async function raw(message: string | object): Promise<Record<string, unknown> | undefined> {
  const [reply] = await rawExchange([message]);
  return reply;
}

// expectedReplies: fewer than messages when some need no reply (accessory commands).
export async function rawExchange(
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

export function signRequest(args: Record<string, unknown>): object {
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

export function resultOf(reply: Record<string, unknown> | undefined): unknown {
  expect(reply?.status).toBe(true);
  return (reply?.body as { result?: unknown }).result;
}

export const contract = 'Шарт № 7 / Договор № 7';
export const contractBytes = new TextEncoder().encode(contract);

// Starts the emulator for a spec file, closes its clients after each test and resets the behaviour.
export function startEmulatorForSpec(): void {
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
}
