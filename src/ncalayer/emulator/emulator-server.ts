// A stand-in for NCALayer for development and browser tests: a local WebSocket server speaking the
// protocol of shared/docs/kz-pki.md §4 (version greeting, kz.gov.pki.knca.basics sign, the legacy
// kz.gov.pki.knca.commonUtils methods, cancel and error replies) that signs with test-PKI keys
// chosen by emulator-config.ts instead of asking a person. Never part of production: see
// production-guard.ts.
//
// Like the real app (kz-pki.md §4.1): basics.sign answers each CMS as PEM ("-----BEGIN CMS-----",
// 64-column lines; bare base64 on request), one document as a string and several as an array;
// when no key matches the filters, NCALayer's dialog offers nothing to pick and only Cancel, so the
// page gets the cancel reply. The legacy createCAdESFromBase64 over an existing CMS adds a signer
// to it (co-signing) instead of signing the CMS bytes as data. Where kz-pki.md gives only the
// reply envelope and not NCALayer's exact wording (an unsupported format), the emulator uses the
// documented envelope with its own message.

import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { RawData, WebSocket, WebSocketServer } from 'ws';
import { TestPki } from '../../signing/test-pki/manifest';
import { isBase64 } from '../../../web/src/ncalayer/client/base64';
import {
  ACCESSORY_MODULE,
  BASICS_MODULE,
  BasicsFailure,
  COMMON_UTILS_CANCELLED,
  COMMON_UTILS_MODULE,
  CommonUtilsReply,
  VersionMessage,
} from '../../../web/src/ncalayer/client/protocol';
import { EmulatorConfig, KeyFilter, SelectedKey, checkConfigAgainstPki, selectKey } from './emulator-config';
import { EmulatorSigner, EmulatorSignerError, parseSignedData } from './emulator-signer';
import { assertNotProduction } from './production-guard';

assertNotProduction();

export const NCALAYER_PORT = 13579;

const INVOCATION_ERROR = { code: 'INVOCATION_ERROR', message: 'An invoked method threw an exception.' } as const;

export interface EmulatorErrorReply {
  readonly code: string;
  readonly message: string;
  readonly details?: string;
}

export interface NcaLayerEmulatorOptions {
  readonly pki: TestPki;
  readonly config: EmulatorConfig;
  // Default 127.0.0.1 (NCALayer listens on loopback only).
  readonly host?: string;
  // Default 13579; 0 picks a free port (tests).
  readonly port?: number;
  // PEM key and certificate for wss://; absent: plain ws:// (tests only: browsers need wss).
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
  readonly log?: (line: string) => void;
  readonly clock?: () => Date;
  // How basics.sign hands over a CMS; default 'pem', as the real app.
  readonly cmsEncoding?: CmsEncoding;
}

export type CmsEncoding = 'pem' | 'base64';

export interface EmulatorBehaviour {
  // Wait this long before each reply (the user "thinks").
  delayMs: number;
  // basics.sign result for one document given as a string: the bare string (what the real app
  // answers) or an array of one CMS (accepted by clients too).
  singleResult: 'array' | 'string';
  // basics.sign CMS: PEM (the real app) or bare base64 (older clients' expectation).
  cmsEncoding: CmsEncoding;
}

type Interaction = { readonly kind: 'cancel' } | { readonly kind: 'error'; readonly reply: EmulatorErrorReply };

// A bad request: answered with NCALayer's error reply, the connection stays open.
class InvocationError extends Error {}

// The key dialog had no selectable key: answered as a cancel.
class NothingToPick extends Error {}

interface ParsedSign {
  readonly format: 'cms' | 'raw';
  readonly documents: Uint8Array[];
  readonly many: boolean;
  readonly detached: boolean;
  readonly digested: boolean;
  readonly timestamp: boolean;
  readonly outputCert: boolean;
  readonly filter: KeyFilter;
  readonly locale: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invocationError(details: string): BasicsFailure {
  return { status: false, ...INVOCATION_ERROR, details };
}

// org.json's getBoolean accepts true/false and the strings "true"/"false" (sites send both).
function optionalBoolean(holder: Record<string, unknown>, key: string, fallback: boolean): boolean {
  const value = holder[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw new InvocationError(`org.json.JSONException: JSONObject["${key}"] is not a Boolean.`);
}

function optionalString(holder: Record<string, unknown>, key: string): string | undefined {
  const value = holder[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new InvocationError(`org.json.JSONException: JSONObject["${key}"] is not a string.`);
  return value;
}

function optionalStringArray(holder: Record<string, unknown>, key: string): string[] | null | undefined {
  const value = holder[key];
  if (value === undefined || value === null) return value as null | undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw new InvocationError(`org.json.JSONException: JSONObject["${key}"] is not a JSONArray of strings.`);
  return value as string[];
}

function requiredRecord(holder: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = holder[key];
  if (value === undefined || value === null) throw new InvocationError(`org.json.JSONException: JSONObject["${key}"] not found.`);
  if (!isRecord(value)) throw new InvocationError(`org.json.JSONException: JSONObject["${key}"] is not a JSONObject.`);
  return value;
}

function decodeDocument(text: string, decode: boolean): Uint8Array {
  if (!decode) return new Uint8Array(Buffer.from(text, 'utf8'));
  if (!isBase64(text.replace(/\s+/g, '')))
    throw new InvocationError('java.lang.IllegalArgumentException: Illegal base64 character');
  return new Uint8Array(Buffer.from(text, 'base64'));
}

function parseSignArgs(request: Record<string, unknown>): ParsedSign {
  const args = requiredRecord(request, 'args');
  const format = optionalString(args, 'format') ?? 'cms';
  if (format === 'xml') throw new InvocationError('format "xml" is not implemented by the NCALayer emulator (use cms or raw)');
  if (format !== 'cms' && format !== 'raw')
    throw new InvocationError(`java.lang.IllegalArgumentException: unknown format "${format}"`);
  const data = args.data;
  if (data === undefined || data === null) throw new InvocationError('org.json.JSONException: JSONObject["data"] not found.');
  const many = Array.isArray(data);
  const texts: unknown[] = many ? data : [data];
  if (texts.length === 0 || texts.some((t) => typeof t !== 'string'))
    throw new InvocationError('org.json.JSONException: JSONObject["data"] is not a string or a non-empty JSONArray of strings.');
  const signingParams =
    args.signingParams === undefined || args.signingParams === null ? {} : requiredRecord(args, 'signingParams');
  const decode = optionalBoolean(signingParams, 'decode', false);
  const digested = optionalBoolean(signingParams, 'digested', false);
  const tsaProfile = signingParams.tsaProfile;
  if (tsaProfile !== undefined && tsaProfile !== null && !isRecord(tsaProfile))
    throw new InvocationError('org.json.JSONException: JSONObject["tsaProfile"] is not a JSONObject.');
  const signerParams = requiredRecord(args, 'signerParams');
  const extKeyUsageOids = optionalStringArray(signerParams, 'extKeyUsageOids');
  if (!extKeyUsageOids) throw new InvocationError('org.json.JSONException: JSONObject["extKeyUsageOids"] not found.');
  return {
    format,
    documents: (texts as string[]).map((t) => decodeDocument(t, decode)),
    many,
    // A hash cannot be encapsulated: a digested signature is always detached.
    detached: digested || !optionalBoolean(signingParams, 'encapsulate', true),
    digested,
    timestamp: isRecord(tsaProfile),
    outputCert: optionalBoolean(signingParams, 'outputCert', false),
    locale: optionalString(args, 'locale') ?? 'kk',
    filter: {
      storages: optionalStringArray(args, 'allowedStorages'),
      extKeyUsageOids,
      iin: optionalString(signerParams, 'iin') || undefined,
      bin: optionalString(signerParams, 'bin') || undefined,
      serialNumber: optionalString(signerParams, 'serialNumber') || undefined,
      chain: optionalStringArray(signerParams, 'chain'),
      allowExpired: optionalBoolean(signingParams, 'allowExpired', false),
      allowRevoked: optionalBoolean(signingParams, 'allowRevoked', false),
    },
  };
}

const TRUST_PAGE = `<!doctype html><meta charset="utf-8"><title>NCALayer emulator</title>
<h1>NCALayer emulator (development only)</h1>
<p>This browser now accepts the emulator's certificate. Close this tab and sign in the EDO web UI.</p>
<p>Браузер принял сертификат эмулятора NCALayer. Закройте вкладку и вернитесь в веб-интерфейс.</p>`;

export class NcaLayerEmulator {
  readonly behaviour: EmulatorBehaviour;
  // Parsed requests, newest last (the last 100), for tests and the console.
  readonly received: unknown[] = [];
  private readonly interactions: Interaction[] = [];
  private readonly signer: EmulatorSigner;
  private readonly log: (line: string) => void;
  private readonly clock: () => Date;
  private server?: http.Server;
  private wss?: WebSocketServer;

  constructor(private readonly options: NcaLayerEmulatorOptions) {
    assertNotProduction();
    checkConfigAgainstPki(options.config, options.pki, 'emulator config');
    this.behaviour = { delayMs: 0, singleResult: 'string', cmsEncoding: options.cmsEncoding ?? 'pem' };
    this.clock = options.clock ?? (() => new Date());
    this.signer = new EmulatorSigner(options.pki, this.clock);
    this.log = options.log ?? (() => undefined);
  }

  // The next request that opens a dialog is cancelled by the "user".
  cancelNext(): void {
    this.interactions.push({ kind: 'cancel' });
  }

  // The next request that opens a dialog fails with this error (default: NCALayer's INVOCATION_ERROR).
  failNext(reply: Partial<EmulatorErrorReply> = {}): void {
    this.interactions.push({ kind: 'error', reply: { ...INVOCATION_ERROR, details: 'emulated failure', ...reply } });
  }

  async start(): Promise<{ url: string; port: number }> {
    if (this.server) throw new Error('the emulator is already running');
    const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(TRUST_PAGE);
    };
    const tls = this.options.tls;
    const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, onRequest) : http.createServer(onRequest);
    const wss = new WebSocketServer({ server });
    wss.on('connection', (socket) => this.accept(socket));
    // Errors of the listening socket surface through start(); these only keep them from crashing.
    wss.on('error', (error) => this.log(`websocket server error: ${error.message}`));
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? NCALAYER_PORT, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error) => this.log(`server error: ${error.message}`));
    this.server = server;
    this.wss = wss;
    const port = (server.address() as AddressInfo).port;
    return { url: `${tls ? 'wss' : 'ws'}://${host}:${port}`, port };
  }

  async close(): Promise<void> {
    const { server, wss } = this;
    this.server = undefined;
    this.wss = undefined;
    if (!server || !wss) return;
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Keep-alive HTTPS connections (the certificate page) would hold close() open.
    server.closeAllConnections();
    await closed;
  }

  private accept(socket: WebSocket): void {
    const hello: VersionMessage = { result: { version: this.options.config.version } };
    socket.send(JSON.stringify(hello));
    // NCALayer answers one request after the other, in order.
    let queue = Promise.resolve();
    socket.on('message', (data: RawData, isBinary: boolean) => {
      const text = isBinary ? undefined : rawText(data);
      queue = queue.then(() => this.respond(socket, text));
    });
    socket.on('error', (error) => this.log(`connection error: ${error.message}`));
  }

  private async respond(socket: WebSocket, text: string | undefined): Promise<void> {
    let reply: object | undefined;
    try {
      reply = await this.handle(text);
    } catch (error) {
      // A bug here must not take the emulator down: answer like NCALayer does for a failed call.
      this.log(`internal error: ${(error as Error).stack ?? String(error)}`);
      reply = invocationError(`java.lang.RuntimeException: ${(error as Error).message}`);
    }
    if (reply === undefined) return;
    if (this.behaviour.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.behaviour.delayMs));
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(reply));
  }

  private async handle(text: string | undefined): Promise<object | undefined> {
    if (text === undefined) return invocationError('org.json.JSONException: binary frames are not JSON');
    let request: unknown;
    try {
      request = JSON.parse(text);
    } catch (error) {
      this.log(`malformed request: ${text.slice(0, 200)}`);
      return invocationError(`org.json.JSONException: ${(error as Error).message}`);
    }
    this.received.push(request);
    if (this.received.length > 100) this.received.shift();
    if (!isRecord(request)) return invocationError("org.json.JSONException: A JSONObject text must begin with '{'");
    const module = request.module;
    if (typeof module !== 'string') return invocationError('org.json.JSONException: JSONObject["module"] not found.');
    const method = typeof request.method === 'string' ? request.method : '';
    try {
      if (module === BASICS_MODULE) return await this.basics(method, request);
      if (module === COMMON_UTILS_MODULE) return await this.commonUtils(method, request.args);
      // showSettings / showBundleManager open NCALayer windows and need no reply.
      if (module === ACCESSORY_MODULE) {
        this.log(`${module}.${method} (no reply)`);
        return undefined;
      }
      return invocationError(`module ${module} is not installed in the NCALayer emulator`);
    } catch (error) {
      if (!(error instanceof InvocationError) && !(error instanceof EmulatorSignerError)) throw error;
      this.log(`${module}.${method}: error ${error.message}`);
      return module === COMMON_UTILS_MODULE ? commonError(error.message) : invocationError(error.message);
    }
  }

  private async basics(method: string, request: Record<string, unknown>): Promise<object> {
    if (method !== 'sign') throw new InvocationError(`java.lang.NoSuchMethodException: ${BASICS_MODULE}.${method}`);
    const sign = parseSignArgs(request);
    const interaction = this.interactions.shift();
    if (interaction?.kind === 'cancel') {
      this.log(`${BASICS_MODULE}.sign: cancelled by the emulated user`);
      return { status: true, body: {} };
    }
    if (interaction?.kind === 'error') return { status: false, ...interaction.reply };
    const selection = selectKey(this.options.pki, this.options.config, sign.filter, this.clock());
    if (!selection.key) {
      // The dialog lists nothing selectable; the person's only way out is Cancel.
      this.log(`${BASICS_MODULE}.sign: ${selection.reason}; the emulated user can only cancel`);
      return { status: true, body: {} };
    }
    const key = selection.key;
    this.log(
      `${BASICS_MODULE}.sign ${sign.format}${sign.detached ? ' detached' : ''}${sign.digested ? ' digested' : ''}` +
        `${sign.timestamp ? ' +tsp' : ''} x${sign.documents.length} locale=${sign.locale} -> ${key.entity.id} (${key.storage})`,
    );
    if (sign.format === 'raw') {
      if (sign.digested) throw new InvocationError('digested raw signatures are not implemented by the NCALayer emulator');
      const signatures = sign.documents.map((doc) => Buffer.from(this.signer.raw(key.entity, doc)).toString('base64'));
      const result = sign.outputCert ? { signatures, certificate: Buffer.from(key.entity.der).toString('base64') } : signatures;
      return { status: true, body: { result } };
    }
    const cms: string[] = [];
    for (const content of sign.documents) {
      const der = await this.signer.cms(key.entity, {
        content,
        detached: sign.detached,
        digested: sign.digested,
        timestamp: sign.timestamp,
      });
      cms.push(this.behaviour.cmsEncoding === 'pem' ? cmsPem(der) : Buffer.from(der).toString('base64'));
    }
    const result = sign.many || this.behaviour.singleResult === 'array' ? cms : cms[0];
    return { status: true, body: { result } };
  }

  // Legacy commonUtils key dialog: a storage that is not there is an error; a storage whose keys
  // all fail the filter shows a dialog with nothing to pick, which the person can only cancel.
  private select(filter: KeyFilter): SelectedKey {
    const selection = selectKey(this.options.pki, this.options.config, filter, this.clock());
    if (selection.key) return selection.key;
    if (selection.kind === 'no-match') throw new NothingToPick(selection.reason);
    throw new InvocationError(selection.reason);
  }

  private async commonUtils(method: string, rawArgs: unknown): Promise<CommonUtilsReply> {
    const args = rawArgs === undefined || rawArgs === null ? [] : rawArgs;
    const expect = (types: readonly ('string' | 'boolean')[]): unknown[] => {
      if (!Array.isArray(args))
        throw new InvocationError(`java.lang.IllegalArgumentException: argument type mismatch. Method: ${method}`);
      if (args.length !== types.length)
        throw new InvocationError(`java.lang.IllegalArgumentException: wrong number of arguments. Method: ${method}`);
      if (args.some((arg, i) => typeof arg !== types[i]))
        throw new InvocationError(`java.lang.IllegalArgumentException: argument type mismatch. Method: ${method}`);
      return args;
    };
    switch (method) {
      case 'getActiveTokens':
        expect([]);
        // File storages are not tokens.
        return ok(Object.keys(this.options.config.storages).filter((s) => s !== 'PKCS12' && s !== 'JKS'));
      case 'changeLocale': {
        const [locale] = expect(['string']);
        this.log(`${COMMON_UTILS_MODULE}.changeLocale ${String(locale)}`);
        return { code: '200', message: '' };
      }
      case 'getKeyInfo': {
        const [storage] = expect(['string']) as [string];
        return this.dialog(() => {
          const key = this.select({ storages: [storage], allowExpired: true, allowRevoked: true });
          this.log(`${COMMON_UTILS_MODULE}.getKeyInfo -> ${key.entity.id} (${key.storage})`);
          return Promise.resolve(this.signer.keyInfo(key.entity));
        });
      }
      case 'createCAdESFromBase64':
      case 'createCMSSignatureFromBase64': {
        const [storage, keyType, data, attach] = expect(['string', 'string', 'string', 'boolean']) as [
          string,
          string,
          string,
          boolean,
        ];
        return this.legacyCms(method, storage, keyType, decodeDocument(data, true), {
          detached: !attach,
          digested: false,
          // The deprecated createCMSSignatureFromBase64 embeds a time-stamp (kz-pki.md §4.2).
          timestamp: method === 'createCMSSignatureFromBase64',
        });
      }
      case 'createCAdESFromBase64Hash': {
        const [storage, keyType, hash] = expect(['string', 'string', 'string']) as [string, string, string];
        return this.legacyCms(method, storage, keyType, decodeDocument(hash, true), {
          detached: true,
          digested: true,
          timestamp: false,
        });
      }
      case 'signXml':
      case 'signXmls':
        throw new InvocationError(`${method}: XML signing is not implemented by the NCALayer emulator`);
      default:
        throw new InvocationError(`java.lang.NoSuchMethodException: ${COMMON_UTILS_MODULE}.${method}`);
    }
  }

  private legacyCms(
    method: string,
    storage: string,
    keyType: string,
    content: Uint8Array,
    options: { detached: boolean; digested: boolean; timestamp: boolean },
  ): Promise<CommonUtilsReply> {
    // SIGNATURE / AUTHENTICATION pick that kind of key; any other value lets the user pick any key.
    const purpose = keyType === 'SIGNATURE' ? 'sign' : keyType === 'AUTHENTICATION' ? 'auth' : undefined;
    return this.dialog(async () => {
      const key = this.select({ storages: [storage], purpose });
      // data that is a CMS SignedData gets one more signer (NLCommonBundle: "base64_data: the data
      // to sign, or a DER CMS to add a new signer to"), except for a hash.
      const existing = options.digested ? undefined : parseSignedData(content);
      this.log(
        `${COMMON_UTILS_MODULE}.${method}${existing ? ' co-sign' : options.detached ? ' detached' : ' attached'}` +
          ` -> ${key.entity.id} (${key.storage})`,
      );
      const der = existing
        ? await this.signer.coSign(key.entity, existing, { timestamp: options.timestamp })
        : await this.signer.cms(key.entity, { content, ...options });
      return Buffer.from(der).toString('base64');
    });
  }

  // A call that shows NCALayer's key dialog: the behaviour switches apply here.
  private async dialog(run: () => Promise<unknown>): Promise<CommonUtilsReply> {
    const interaction = this.interactions.shift();
    if (interaction?.kind === 'cancel') return commonError(COMMON_UTILS_CANCELLED);
    if (interaction?.kind === 'error') return commonError(interaction.reply.message);
    try {
      return ok(await run());
    } catch (error) {
      if (!(error instanceof NothingToPick)) throw error;
      this.log(`${COMMON_UTILS_MODULE}: ${error.message}; the emulated user can only cancel`);
      return commonError(COMMON_UTILS_CANCELLED);
    }
  }
}

function rawText(data: RawData): string {
  const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  return buffer.toString('utf8');
}

// PEM as the real basics.sign answers it (kz-pki.md §4.1).
function cmsPem(der: Uint8Array): string {
  const lines = Buffer.from(der).toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CMS-----\n${lines.join('\n')}\n-----END CMS-----\n`;
}

function ok(responseObject: unknown): CommonUtilsReply {
  return { code: '200', message: '', responseObject };
}

function commonError(message: string): CommonUtilsReply {
  return { code: '500', message };
}
