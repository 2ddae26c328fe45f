// Browser client for NCALayer, the NCA RK desktop signing app, over its local WebSocket
// (shared/docs/kz-pki.md §4). Framework-free and without Node imports: the web UI bundles it as
// is. The WebSocket class is injectable so tests can run it under Node with the `ws` package.
//
// NCALayer answers requests strictly in order and the replies carry no request id, so calls are
// queued and only one is on the wire at a time. A call that times out drops the connection: its
// late answer would otherwise be taken for the answer to the next call.

import { bytesToBase64, cmsToBase64, isBase64, textToBase64 } from './base64';
import { classifyConnectFailure, fetchProbe, pageUrlOf, Probe } from './connect-failure';
import { NcaLayerError, NcaLayerErrorCode, NcaLayerErrorInfo, UiLocale } from './errors';
import {
  BASICS_MODULE,
  BasicsSignArgs,
  COMMON_UTILS_CANCELLED,
  COMMON_UTILS_MODULE,
  EKU,
  LegacyKeyType,
  NCALAYER_URL,
  NcaLayerKeyInfo,
  NcaLayerLocale,
} from './protocol';

// Method-shorthand function types are checked bivariantly, so both the browser's WebSocket and
// `ws`'s class (whose events are richer than what we read) fit this interface.
type Handler<E> = { bivarianceHack(event: E): void }['bivarianceHack'];

export interface WebSocketLike {
  readonly readyState: number;
  onopen: Handler<unknown> | null;
  onmessage: Handler<{ readonly data: unknown }> | null;
  onerror: Handler<unknown> | null;
  onclose: Handler<unknown> | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface NcaLayerClientOptions {
  // Default wss://127.0.0.1:13579.
  readonly url?: string;
  // Default: the browser's WebSocket.
  readonly WebSocket?: WebSocketConstructor;
  // Language of the error messages; also the default NCALayer dialog language (en -> ru).
  readonly locale?: UiLocale;
  // Until NCALayer has sent its version message.
  readonly connectTimeoutMs?: number;
  // Calls without a key dialog (getActiveTokens).
  readonly requestTimeoutMs?: number;
  // Calls that wait for a person to pick a key and type a password.
  readonly signTimeoutMs?: number;
  // Asked after a failed connection whether NCALayer's https:// address answers (connect-failure.ts).
  // Default: the browser's fetch.
  readonly probe?: Probe;
}

export type KeyUsageFilter = 'SIGN' | 'AUTH';

export interface SignerFilters {
  readonly iin?: string;
  readonly bin?: string;
  // Certificate serial number (hex) to pin one certificate.
  readonly serialNumber?: string;
  // Every listed EKU must be in the certificate, e.g. EKU.firstHead.
  readonly extKeyUsageOids?: readonly string[];
  // Adds the EKU of a signing (emailProtection) or authentication (clientAuth) key. Default SIGN.
  readonly keyUsage?: KeyUsageFilter;
}

interface SignContent {
  // Text, signed as its UTF-8 bytes (the client base64-encodes it, so the bytes are unambiguous).
  readonly data?: string;
  readonly base64?: string;
  readonly bytes?: Uint8Array;
}

export interface SignOptions extends SignContent {
  // Default false: the content is encapsulated in the CMS.
  readonly detached?: boolean;
  // The content is already the document's hash (base64 or bytes only); the CMS is detached. The
  // hash must be made with the digest of the key the user will pick (SHA-256 for RSA, Streebog-512
  // for GOST 2015), so filter the signer accordingly.
  readonly digested?: boolean;
  readonly filters?: SignerFilters;
  // NCALayer dialog language. Default: the client's locale (ru for en).
  readonly locale?: NcaLayerLocale;
  // allowedStorages; default: every storage NCALayer finds.
  readonly storages?: readonly string[];
  // Add a signature time-stamp (CAdES-T) from NCA's TSA. Default true.
  readonly timestamp?: boolean;
  // PEM CA certificates NCALayer builds the chain with. Default null: only valid production NCA
  // certificates are selectable; [] turns the chain check off (test keys need that).
  readonly chain?: readonly string[] | null;
  readonly timeoutMs?: number;
}

export interface LegacyCadesOptions {
  readonly keyType?: LegacyKeyType;
  // Default false (detached), as NCALayer's own examples.
  readonly attach?: boolean;
  readonly timeoutMs?: number;
}

const DEFAULTS = { connectTimeoutMs: 10_000, requestTimeoutMs: 60_000, signTimeoutMs: 10 * 60_000 };
const TWELVE_DIGITS = /^\d{12}$/;
const OID_PATTERN = /^[0-2](\.(0|[1-9]\d*))+$/;
const HEX = /^[0-9a-fA-F]+$/;

interface Pending {
  readonly resolve: (reply: unknown) => void;
  readonly reject: (error: NcaLayerError) => void;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function browserWebSocket(): WebSocketConstructor | undefined {
  return (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
}

export class NcaLayerClient {
  private readonly url: string;
  private readonly WebSocketClass?: WebSocketConstructor;
  private readonly locale: UiLocale;
  private readonly timeouts: typeof DEFAULTS;
  private readonly probe: Probe;
  private readonly pageUrl?: string;
  private socket?: WebSocketLike;
  private serverVersion?: string;
  private connecting?: Promise<string>;
  private pending?: Pending;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: NcaLayerClientOptions = {}) {
    this.url = options.url ?? NCALAYER_URL;
    this.WebSocketClass = options.WebSocket ?? browserWebSocket();
    this.locale = options.locale ?? 'ru';
    this.probe = options.probe ?? fetchProbe;
    this.pageUrl = pageUrlOf(this.url);
    this.timeouts = {
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
      signTimeoutMs: options.signTimeoutMs ?? DEFAULTS.signTimeoutMs,
    };
  }

  get connected(): boolean {
    return this.socket !== undefined;
  }

  // Opens the connection if needed and returns the version NCALayer announced.
  connect(): Promise<string> {
    if (this.socket && this.serverVersion !== undefined) return Promise.resolve(this.serverVersion);
    this.connecting ??= this.open().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  version(): Promise<string> {
    return this.connect();
  }

  close(): void {
    this.drop('the page closed the connection');
  }

  // basics.sign with format "cms": the CMS of one document as bare base64 (NCALayer's PEM armour
  // and line breaks removed).
  async sign(options: SignOptions): Promise<string> {
    const [cms] = await this.signCms([contentOf(options, this.locale)], options);
    return cms;
  }

  // basics.sign with an array of documents: one base64 CMS per document, same order.
  async signAll(documents: readonly SignContent[], options: Omit<SignOptions, keyof SignContent> = {}): Promise<string[]> {
    if (documents.length === 0) throw this.error('INVALID_REQUEST', { detail: 'no documents to sign' });
    const results = await this.signCms(
      documents.map((doc) => contentOf(doc, this.locale)),
      options,
      true,
    );
    if (results.length !== documents.length)
      throw this.error('PROTOCOL_ERROR', { detail: `${results.length} signatures for ${documents.length} documents` });
    return results;
  }

  // Legacy commonUtils.getKeyInfo: the certificate of the key the user picks in storage.
  async getKeyInfo(storage: string, timeoutMs?: number): Promise<NcaLayerKeyInfo> {
    const info = await this.common('getKeyInfo', [storage], timeoutMs ?? this.timeouts.signTimeoutMs);
    const fields: (keyof NcaLayerKeyInfo)[] = ['alias', 'subjectDn', 'issuerDn', 'serialNumber', 'pem'];
    if (!isObject(info) || fields.some((f) => typeof info[f] !== 'string'))
      throw this.error('PROTOCOL_ERROR', { detail: 'getKeyInfo: responseObject is not a key description' });
    return info as unknown as NcaLayerKeyInfo;
  }

  // Legacy commonUtils.createCAdESFromBase64: a base64 CMS over base64 data.
  async createCAdESFromBase64(storage: string, base64: string, options: LegacyCadesOptions = {}): Promise<string> {
    if (!isBase64(base64)) throw this.error('INVALID_REQUEST', { detail: 'data is not base64' });
    const cms = await this.common(
      'createCAdESFromBase64',
      [storage, options.keyType ?? 'SIGNATURE', base64, options.attach ?? false],
      options.timeoutMs ?? this.timeouts.signTimeoutMs,
    );
    const result = typeof cms === 'string' ? cmsToBase64(cms) : undefined;
    if (result === undefined)
      throw this.error('PROTOCOL_ERROR', { detail: 'createCAdESFromBase64: responseObject is not a base64 or PEM CMS' });
    return result;
  }

  // Legacy commonUtils.getActiveTokens: storage types with a device plugged in.
  async getActiveTokens(timeoutMs?: number): Promise<string[]> {
    const tokens = await this.common('getActiveTokens', undefined, timeoutMs ?? this.timeouts.requestTimeoutMs);
    if (!Array.isArray(tokens) || tokens.some((t) => typeof t !== 'string'))
      throw this.error('PROTOCOL_ERROR', { detail: 'getActiveTokens: responseObject is not a list of names' });
    return tokens as string[];
  }

  private async signCms(contents: readonly EncodedContent[], options: SignOptions, many = false): Promise<string[]> {
    const args = this.basicsArgs(contents, options, many);
    const reply = await this.call(
      { module: BASICS_MODULE, method: 'sign', args },
      options.timeoutMs ?? this.timeouts.signTimeoutMs,
    );
    return this.basicsResult(reply);
  }

  private basicsArgs(contents: readonly EncodedContent[], options: SignOptions, many: boolean): BasicsSignArgs {
    const filters = options.filters ?? {};
    const invalid = (detail: string) => this.error('INVALID_REQUEST', { detail });
    if (filters.iin !== undefined && !TWELVE_DIGITS.test(filters.iin)) throw invalid('IIN must be 12 digits');
    if (filters.bin !== undefined && !TWELVE_DIGITS.test(filters.bin)) throw invalid('BIN must be 12 digits');
    if (filters.serialNumber !== undefined && !HEX.test(filters.serialNumber)) throw invalid('serialNumber must be hex');
    const extra = filters.extKeyUsageOids ?? [];
    const badOid = extra.find((oid) => !OID_PATTERN.test(oid));
    if (badOid !== undefined) throw invalid(`not an OID: ${badOid}`);
    const usage = filters.keyUsage ?? 'SIGN';
    if (usage !== 'SIGN' && usage !== 'AUTH') throw invalid('keyUsage must be SIGN or AUTH');
    const extKeyUsageOids = [...new Set([usage === 'SIGN' ? EKU.sign : EKU.auth, ...extra])];
    const locale = options.locale ?? (this.locale === 'kk' ? 'kk' : 'ru');
    if (locale !== 'kk' && locale !== 'ru') throw invalid('locale must be kk or ru');
    const digested = options.digested ?? false;
    if (digested && contents.some((c) => c.fromText)) throw invalid('a digested request takes the hash as base64 or bytes');
    const data = contents.map((c) => c.base64);
    return {
      ...(options.storages ? { allowedStorages: [...options.storages] } : {}),
      format: 'cms',
      data: many ? data : data[0],
      signingParams: {
        decode: true,
        // A hash cannot be encapsulated: the document is not there.
        encapsulate: digested ? false : !(options.detached ?? false),
        digested,
        tsaProfile: (options.timestamp ?? true) ? {} : null,
      },
      signerParams: {
        extKeyUsageOids,
        iin: filters.iin ?? '',
        bin: filters.bin ?? '',
        serialNumber: filters.serialNumber ?? '',
        chain: options.chain === undefined || options.chain === null ? null : [...options.chain],
      },
      locale,
    };
  }

  // basics replies: {status:true, body:{result}} / {status:true, body:{}} (cancelled, also when no
  // key matched the filters: NCALayer's dialog then offers only Cancel) / {status:false, code,
  // message, details}. result: one CMS, or an array of them (one per document); each PEM
  // (what NCALayer sends) or bare base64. Returned as bare base64.
  private basicsResult(reply: unknown): string[] {
    if (!isObject(reply)) throw this.error('PROTOCOL_ERROR', { detail: 'reply is not an object' });
    if (reply.status === false) {
      const message = typeof reply.message === 'string' ? reply.message : '';
      const details = typeof reply.details === 'string' ? reply.details : undefined;
      throw this.error('NCALAYER_ERROR', {
        detail: [message, details].filter(Boolean).join(': ') || String(reply.code ?? 'unknown error'),
        ncaLayerCode: typeof reply.code === 'string' ? reply.code : undefined,
        ncaLayerDetails: details,
      });
    }
    if (reply.status !== true || !isObject(reply.body))
      throw this.error('PROTOCOL_ERROR', { detail: 'reply has no status/body' });
    const result = reply.body.result;
    if (result === undefined || result === null) throw this.error('USER_CANCELLED');
    const list: unknown[] = typeof result === 'string' ? [result] : Array.isArray(result) ? result : [];
    const cms = list.map((item) => (typeof item === 'string' ? cmsToBase64(item) : undefined));
    if (cms.length === 0 || cms.some((item) => item === undefined))
      throw this.error('PROTOCOL_ERROR', { detail: 'result is not a PEM or base64 CMS' });
    return cms as string[];
  }

  private async common(method: string, args: readonly unknown[] | undefined, timeoutMs: number): Promise<unknown> {
    const reply = await this.call({ module: COMMON_UTILS_MODULE, method, ...(args ? { args } : {}) }, timeoutMs);
    if (!isObject(reply) || typeof reply.code !== 'string')
      throw this.error('PROTOCOL_ERROR', { detail: `${method}: reply has no code` });
    if (reply.code === '200') return reply.responseObject;
    const message = typeof reply.message === 'string' ? reply.message : '';
    if (message === COMMON_UTILS_CANCELLED) throw this.error('USER_CANCELLED');
    throw this.error('NCALAYER_ERROR', { detail: message || `code ${reply.code}`, ncaLayerCode: reply.code });
  }

  // Queued: starts when every earlier call has settled.
  private call(request: object, timeoutMs: number): Promise<unknown> {
    const run = async () => {
      await this.connect();
      return this.exchange(request, timeoutMs);
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private exchange(request: object, timeoutMs: number): Promise<unknown> {
    const socket = this.socket;
    if (!socket) return Promise.reject(this.error('NCALAYER_NOT_RUNNING', { detail: 'not connected' }));
    return new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        reject(this.error('TIMEOUT', { detail: `${Math.round(timeoutMs / 1000)} s` }));
        // Its answer may still come and would be read as the answer to the next call.
        this.drop('timed out');
      }, timeoutMs);
      this.pending = {
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      try {
        socket.send(JSON.stringify(request));
      } catch (cause) {
        this.settle((p) => p.reject(this.error('NCALAYER_NOT_RUNNING', { detail: 'send failed', cause })));
      }
    });
  }

  private settle(action: (pending: Pending) => void): void {
    const pending = this.pending;
    this.pending = undefined;
    if (pending) action(pending);
  }

  private open(): Promise<string> {
    const WebSocketClass = this.WebSocketClass;
    if (!WebSocketClass)
      return Promise.reject(this.error('NCALAYER_NOT_RUNNING', { detail: 'this environment has no WebSocket' }));
    return new Promise<string>((resolve, reject) => {
      let socket: WebSocketLike;
      try {
        socket = new WebSocketClass(this.url);
      } catch (cause) {
        reject(this.error('NCALAYER_NOT_RUNNING', { detail: `cannot open ${this.url}`, cause }));
        return;
      }
      let settled = false;
      // undefined: the caller rejects later itself (after probing why the connection failed).
      const fail = (error: NcaLayerError | undefined) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        detach(socket);
        try {
          socket.close();
        } catch {
          // Already closed or never opened: nothing to release.
        }
        if (error) reject(error);
      };
      const timer = setTimeout(
        () =>
          fail(
            this.error('TIMEOUT', { detail: `no version message from ${this.url} within ${this.timeouts.connectTimeoutMs} ms` }),
          ),
        this.timeouts.connectTimeoutMs,
      );
      // Browsers tell nothing about why a WebSocket failed (refused, untrusted certificate...): what
      // little can be observed decides between "unreachable" and "refused" (connect-failure.ts).
      let opened = false;
      socket.onopen = () => {
        opened = true;
      };
      const failToConnect = (detail: string) => {
        if (settled) return;
        const sawOpen = opened;
        fail(undefined);
        void (async () => {
          const probe = sawOpen || !this.pageUrl ? 'skipped' : await this.probe(this.pageUrl).catch(() => 'failed' as const);
          const failure = classifyConnectFailure({ opened: sawOpen, probe });
          reject(this.error(failure === 'refused' ? 'NCALAYER_REFUSED' : 'NCALAYER_NOT_RUNNING', { detail }));
        })();
      };
      socket.onerror = () => failToConnect(`cannot connect to ${this.url}`);
      socket.onclose = () => failToConnect(`${this.url} closed the connection`);
      socket.onmessage = (event) => {
        const hello = parseJson(event.data);
        const version = isObject(hello) && isObject(hello.result) ? hello.result.version : undefined;
        if (typeof version !== 'string') {
          fail(this.error('PROTOCOL_ERROR', { detail: 'the first message is not {"result":{"version":…}}' }));
          return;
        }
        settled = true;
        clearTimeout(timer);
        this.attach(socket, version);
        resolve(version);
      };
    });
  }

  private attach(socket: WebSocketLike, version: string): void {
    this.socket = socket;
    this.serverVersion = version;
    socket.onmessage = (event) => {
      if (this.socket !== socket) return;
      const reply = parseJson(event.data);
      if (reply === undefined) {
        this.settle((p) => p.reject(this.error('PROTOCOL_ERROR', { detail: 'reply is not JSON' })));
        return;
      }
      // Nothing waiting: an unsolicited message, not ours to interpret.
      this.settle((p) => p.resolve(reply));
    };
    const lost = () => {
      if (this.socket === socket) this.drop('NCALayer closed the connection');
    };
    socket.onclose = lost;
    socket.onerror = lost;
  }

  private drop(reason: string): void {
    const socket = this.socket;
    this.socket = undefined;
    this.serverVersion = undefined;
    this.settle((p) => p.reject(this.error('NCALAYER_NOT_RUNNING', { detail: reason })));
    if (socket) {
      detach(socket);
      try {
        socket.close();
      } catch {
        // Closing a socket that failed already.
      }
    }
  }

  private error(code: NcaLayerErrorCode, info: NcaLayerErrorInfo = {}): NcaLayerError {
    return new NcaLayerError(code, this.locale, { pageUrl: this.pageUrl, ...info });
  }
}

interface EncodedContent {
  readonly base64: string;
  readonly fromText: boolean;
}

function contentOf(content: SignContent, locale: UiLocale): EncodedContent {
  const given = [content.data, content.base64, content.bytes].filter((v) => v !== undefined).length;
  const invalid = (detail: string) => new NcaLayerError('INVALID_REQUEST', locale, { detail });
  if (given !== 1) throw invalid('give exactly one of data, base64 or bytes');
  if (content.data !== undefined) {
    if (typeof content.data !== 'string') throw invalid('data must be a string');
    return { base64: textToBase64(content.data), fromText: true };
  }
  if (content.bytes !== undefined) {
    if (!(content.bytes instanceof Uint8Array) || content.bytes.length === 0)
      throw invalid('bytes must be a non-empty Uint8Array');
    return { base64: bytesToBase64(content.bytes), fromText: false };
  }
  if (typeof content.base64 !== 'string' || !isBase64(content.base64)) throw invalid('base64 is not valid base64');
  return { base64: content.base64, fromText: false };
}

function parseJson(data: unknown): unknown {
  if (typeof data !== 'string') return undefined;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
}

function detach(socket: WebSocketLike): void {
  socket.onopen = null;
  socket.onmessage = null;
  socket.onclose = null;
  // A no-op rather than null: closing a socket that is still connecting reports an error
  // afterwards, and Node's `ws` throws on an error event nobody listens to.
  socket.onerror = () => undefined;
}
