import { createHmac, timingSafeEqual } from 'node:crypto';

// The headers of every webhook POST (the dispatcher sends them, the published contract names them).
export const WEBHOOK_HEADERS = {
  event: 'X-EDO-Event',
  delivery: 'X-EDO-Delivery',
  timestamp: 'X-EDO-Timestamp',
  signature: 'X-EDO-Signature',
} as const;
export const WEBHOOK_USER_AGENT = 'EDO-Webhooks/1';
// How far from its own clock a receiver should accept a signature's time (verifyWebhookSignature).
export const WEBHOOK_SIGNATURE_TOLERANCE_SECONDS = 300;

// X-EDO-Signature: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
// The key is the webhook secret exactly as shown at creation (its UTF-8 bytes, `whsec_…`
// included). Signing the time with the body lets a receiver refuse replays of old deliveries.
export function signWebhookPayload(secret: string, unixSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`, 'utf8').digest('hex');

  return `t=${unixSeconds},v1=${mac}`;
}

export type SignatureCheck = { valid: true; timestamp: number } | { valid: false; reason: string };

// What a receiver does (kept here so that the documented procedure is also tested code):
// parse the header, recompute the HMAC over the raw body, compare in constant time, and refuse
// a timestamp further than `toleranceSeconds` from its own clock.
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined,
  body: string,
  nowUnixSeconds: number,
  toleranceSeconds = WEBHOOK_SIGNATURE_TOLERANCE_SECONDS,
): SignatureCheck {
  if (!header) return { valid: false, reason: 'no signature header' };
  const parts = new Map<string, string[]>();
  for (const item of header.split(',')) {
    const at = item.indexOf('=');
    if (at <= 0) return { valid: false, reason: 'malformed signature header' };
    const key = item.slice(0, at).trim();
    parts.set(key, [...(parts.get(key) ?? []), item.slice(at + 1).trim()]);
  }
  const t = parts.get('t');
  if (!t || t.length !== 1 || !/^\d{1,12}$/.test(t[0])) return { valid: false, reason: 'no timestamp' };
  const timestamp = Number(t[0]);
  if (Math.abs(nowUnixSeconds - timestamp) > toleranceSeconds) return { valid: false, reason: 'timestamp outside the window' };
  const expected = Buffer.from(signWebhookPayload(secret, timestamp, body).split('v1=')[1], 'hex');
  // Several v1 values may come while a secret is being rotated; one match is enough.
  const matches = (parts.get('v1') ?? []).some((candidate) => {
    if (!/^[0-9a-f]{64}$/i.test(candidate)) return false;
    return timingSafeEqual(Buffer.from(candidate, 'hex'), expected);
  });

  return matches ? { valid: true, timestamp } : { valid: false, reason: 'signature mismatch' };
}
