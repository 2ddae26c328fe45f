import { normalizeIp } from '@nestjs/throttler';

// The unit a client is counted by (rate limits, wrong-password buckets): its IPv4 address, or the
// /64 network of an IPv6 address, since one subscriber usually holds a whole /64 and could
// otherwise step to a fresh address for every attempt. The same rule as the throttler's own.
export function clientSource(ip: string | null): string {
  return ip ? normalizeIp(ip) : '';
}
