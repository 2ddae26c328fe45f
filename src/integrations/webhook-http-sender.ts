import { lookup as systemLookup } from 'node:dns/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import type { WebhookRequest, WebhookResponse, WebhookSender } from './webhook-sender.port';
import { isLocalHostName, isPrivateAddress } from './webhook-url';

export interface ResolvedAddress {
  address: string;
  family: number;
}

// Host name → addresses (the system resolver; tests give their own to play DNS rebinding).
export type WebhookResolver = (host: string) => Promise<ResolvedAddress[]>;

const systemResolver: WebhookResolver = (host) => systemLookup(host, { all: true, verbatim: true });

// The destination is inside the service's own network: no retry can help.
export class WebhookDestinationRefused extends Error {}

// A webhook POST over node's http/https with the destination checked where it is connected to:
// the socket's lookup resolves the name once, refuses it when any address is private, loopback or
// link-local (unless WEBHOOK_ALLOW_PRIVATE_ADDRESSES), and connects to exactly the addresses it
// checked. A check before the request and a second resolution by the HTTP client would let a name
// answer a public address to the check and 127.0.0.1 to the connection (DNS rebinding).
// Redirects are answers, never followed (they could lead anywhere).
export class HttpWebhookSender implements WebhookSender {
  private readonly resolve: WebhookResolver;

  constructor(private readonly options: { allowPrivateAddresses: boolean; localAddress?: string; resolve?: WebhookResolver }) {
    this.resolve = options.resolve ?? systemResolver;
  }

  post(request: WebhookRequest): Promise<WebhookResponse> {
    const url = new URL(request.url);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const allowPrivate = this.options.allowPrivateAddresses;
    // An address literal is connected to without any lookup: checked here.
    if (!allowPrivate && (isLocalHostName(host) || (isIP(host) !== 0 && isPrivateAddress(host)))) {
      return Promise.reject(new WebhookDestinationRefused(`${host} is a private address`));
    }
    const lookup: LookupFunction = (hostname, options, callback) => {
      this.resolve(hostname)
        .then(
          (all) => {
            if (!allowPrivate && all.some((entry) => isPrivateAddress(entry.address))) {
              throw new WebhookDestinationRefused(`${hostname} resolves to a private address`);
            }
            const wanted = options.family === 4 || options.family === 6 ? all.filter((e) => e.family === options.family) : all;
            if (wanted.length === 0) throw Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' });
            if (options.all) callback(null, wanted);
            else callback(null, wanted[0].address, wanted[0].family);
          },
          (error: NodeJS.ErrnoException) => callback(error, '', 0),
        )
        .catch((error: NodeJS.ErrnoException) => callback(error, '', 0));
    };
    const client = url.protocol === 'https:' ? https : http;

    return new Promise<WebhookResponse>((resolve, reject) => {
      const outgoing = client.request(
        url,
        {
          method: 'POST',
          headers: { ...request.headers, 'Content-Length': String(Buffer.byteLength(request.body)) },
          lookup,
          ...(this.options.localAddress !== undefined && { localAddress: this.options.localAddress }),
          // One connection per delivery: a pooled socket would skip the lookup (and its check).
          agent: false,
        },
        (response) => {
          clearTimeout(timer);
          // The body is not needed: the connection (one per delivery) is closed at once, so a
          // receiver trickling a body holds no socket of ours.
          resolve({ status: response.statusCode ?? 0 });
          response.destroy();
        },
      );
      const timer = setTimeout(() => {
        const error = new Error('timed out');
        error.name = 'TimeoutError';
        outgoing.destroy(error);
      }, request.timeoutMs);
      outgoing.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      outgoing.end(request.body);
    });
  }
}
