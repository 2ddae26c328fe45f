import { normalizeIp } from '@nestjs/throttler';
import { isIP } from 'node:net';

// The client's address as the lockout, the rate limits, sessions and the audit log see it:
// req.ip (X-Forwarded-For as far as TRUST_PROXY trusts it) when that is an IP address, else the
// socket's remote address. With a hop count Express takes the entry a proxy wrote without checking
// it, so a client that reaches the service past the proxy could name any text there; text that is
// no address must not become a bucket of its own.
export function clientAddress(request: { ip?: string; socket?: { remoteAddress?: string } }): string | null {
  const ip = request.ip;
  if (ip && isIP(ip)) return ip;
  const remote = request.socket?.remoteAddress;
  return remote && isIP(remote) ? remote : null;
}

// The unit a client is counted by (rate limits, wrong-password buckets): its IPv4 address, or the
// /64 network of an IPv6 address, since one subscriber usually holds a whole /64 and could
// otherwise step to a fresh address for every attempt. The same rule as the throttler's own.
export function clientSource(ip: string | null): string {
  return ip ? normalizeIp(ip) : '';
}
