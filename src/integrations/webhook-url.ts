import { isIP } from 'node:net';

export type WebhookUrlProblem =
  | 'not a URL'
  | 'only http and https URLs are allowed'
  | 'https is required'
  | 'credentials in the URL are not allowed'
  | 'private, loopback and link-local addresses are not allowed'
  | 'the URL is too long';

export interface WebhookUrlPolicy {
  // Production: https only.
  production: boolean;
  // Addresses inside the service's own network (SSRF) only when WEBHOOK_ALLOW_PRIVATE_ADDRESSES.
  allowPrivateAddresses: boolean;
}

// A host name that names this machine or a local network whatever DNS says.
export function isLocalHostName(host: string): boolean {
  return /^localhost$/i.test(host) || /\.(localhost|local|internal)$/i.test(host);
}

function ipv4Private(address: string): boolean {
  const [a, b] = address.split('.').map(Number);
  return (
    a === 0 || // "this" network
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local, cloud metadata
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) || // IETF protocol assignments
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    a >= 224 // multicast, reserved, broadcast
  );
}

function ipv6Private(address: string): boolean {
  const lower = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return ipv4Private(mapped[1]);
  // The URL parser writes a mapped IPv4 address in hex: ::ffff:a00:1 is 10.0.0.1.
  const mappedHex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (mappedHex) {
    const high = parseInt(mappedHex[1], 16);
    const low = parseInt(mappedHex[2], 16);
    return ipv4Private(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
  }
  // NAT64 (64:ff9b::/96 well-known, 64:ff9b:1::/48 local-use) carries an IPv4 address in its
  // last 32 bits, which a translator on the way would reach: judged as that address.
  const nat64 = /^64:ff9b:(?:1:)?[0-9a-f:]*?([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (nat64) {
    const high = parseInt(nat64[1], 16);
    const low = parseInt(nat64[2], 16);
    return ipv4Private(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
  }
  const nat64Dotted = /^64:ff9b:[0-9a-f:]*?(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (nat64Dotted) return ipv4Private(nat64Dotted[1]);
  return (
    lower === '::' ||
    lower === '::1' ||
    /^fe[c-f][0-9a-f]?:/.test(lower) || // site-local fec0::/10 (deprecated, still routed inside sites)
    /^f[cd][0-9a-f]{0,2}:/.test(lower) || // unique local fc00::/7
    /^fe[89ab][0-9a-f]?:/.test(lower) || // link-local fe80::/10
    /^ff[0-9a-f]{0,2}:/.test(lower) // multicast
  );
}

// True for an address a webhook may not point at (unless WEBHOOK_ALLOW_PRIVATE_ADDRESSES).
export function isPrivateAddress(address: string): boolean {
  const version = isIP(address);
  if (version === 4) return ipv4Private(address);
  if (version === 6) return ipv6Private(address);
  return false;
}

// Checks a webhook URL as registered. Host names are checked again after DNS resolution at
// delivery time (see webhook-dispatcher.ts), since a name may point anywhere.
export function checkWebhookUrl(raw: string, policy: WebhookUrlPolicy): { url: string } | { problem: WebhookUrlProblem } {
  if (raw.length > 2000) return { problem: 'the URL is too long' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { problem: 'not a URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: 'only http and https URLs are allowed' };
  if (url.username || url.password) return { problem: 'credentials in the URL are not allowed' };
  if (!url.hostname) return { problem: 'not a URL' };
  if (policy.production && url.protocol !== 'https:') return { problem: 'https is required' };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!policy.allowPrivateAddresses && (isPrivateAddress(host) || isLocalHostName(host))) {
    return { problem: 'private, loopback and link-local addresses are not allowed' };
  }
  // A fragment never reaches the server; drop it so the stored URL is what is called.
  url.hash = '';

  return { url: url.toString() };
}
