// Tests talk only to this machine. The NCA certificates name OCSP/CRL hosts on the internet
// (pki.gov.kz); a verifier test that forgot to go offline must fail loudly, not reach out.
const realFetch = globalThis.fetch;
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  if (!LOOPBACK.test(url.hostname)) {
    throw new TypeError(`fetch failed: tests may not reach ${url.hostname} (only this machine)`);
  }
  return realFetch(input, init);
}) as typeof fetch;
