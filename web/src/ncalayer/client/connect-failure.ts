// Why a connection to NCALayer failed, as far as a page can tell.
//
// What a browser lets a page see (Chromium and Firefox alike): a WebSocket that cannot be opened
// fires "error" then "close" with code 1006 and no reason, whether nothing listens on the port
// (connection refused) or the TLS handshake failed because the browser does not trust the
// certificate (NCALayer's own, or the emulator's self-signed one) — browsers hide the cause on
// purpose, so pages cannot scan the local network. A fetch() of the same address (https:// for
// wss://) fails with the same bare TypeError in both cases, and the timing on the loopback is the
// same few milliseconds. So "not running" and "certificate not trusted" cannot be told apart, and
// the message names both with the fix for each. What can be observed:
//  - the WebSocket opened (its "open" event fired): TLS was accepted and something answered, so
//    NCALayer runs and the certificate is trusted; closing before its greeting is NCALayer's doing;
//  - a no-cors fetch of the https:// address resolved (an opaque answer): something with a
//    certificate the browser trusts listens there, yet the WebSocket was refused.
// Both are "refused" (restart NCALayer); everything else is "unreachable".

export type ConnectFailure = 'unreachable' | 'refused';

export type ProbeResult = 'answered' | 'failed' | 'skipped';

export interface ConnectObservation {
  // The WebSocket's open event fired before it failed.
  readonly opened: boolean;
  // The no-cors fetch of the page address of NCALayer (see pageUrlOf).
  readonly probe: ProbeResult;
}

export function classifyConnectFailure(observation: ConnectObservation): ConnectFailure {
  return observation.opened || observation.probe === 'answered' ? 'refused' : 'unreachable';
}

// The https:// address a person opens in the browser to see (and accept) NCALayer's certificate:
// wss://127.0.0.1:13579 → https://127.0.0.1:13579 (ws:// → http://). undefined for anything else.
export function pageUrlOf(webSocketUrl: string): string | undefined {
  try {
    const url = new URL(webSocketUrl);
    if (url.protocol !== 'wss:' && url.protocol !== 'ws:') return undefined;
    return `${url.protocol === 'wss:' ? 'https' : 'http'}://${url.host}`;
  } catch {
    return undefined;
  }
}

export type Probe = (pageUrl: string) => Promise<ProbeResult>;

// The browser's fetch, opaque (no-cors: NCALayer sends no CORS headers, and only "did anything
// answer" matters), bounded in time. Needs the page address in the page's CSP connect-src.
// Typed here: the client compiles both with the DOM library (the cabinet) and without it (Node tests).
type FetchLike = (
  url: string,
  init: { mode: 'no-cors'; cache: 'no-store'; credentials: 'omit'; signal: AbortSignal },
) => Promise<unknown>;

export const fetchProbe: Probe = async (pageUrl) => {
  const fetchFn = (globalThis as { fetch?: FetchLike }).fetch;
  if (!fetchFn) return 'skipped';
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 2_000);
  try {
    await fetchFn(pageUrl, { mode: 'no-cors', cache: 'no-store', credentials: 'omit', signal: abort.signal });
    return 'answered';
  } catch {
    return 'failed';
  } finally {
    clearTimeout(timer);
  }
};
