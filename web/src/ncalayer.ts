import { NcaLayerClient, SignOptions } from '../../src/ncalayer/client/ncalayer-client';
import { NcaLayerError } from '../../src/ncalayer/client/errors';
import type { Locale } from './i18n';

export { NcaLayerError };

// One connection to NCALayer per page (it answers one request at a time, in order); rebuilt when
// the language changes so its error messages follow the page.
let client: { url: string; locale: Locale; instance: NcaLayerClient } | undefined;

function clientFor(url: string, locale: Locale): NcaLayerClient {
  if (!client || client.url !== url || client.locale !== locale) {
    client?.instance.close();
    client = { url, locale, instance: new NcaLayerClient({ url, locale, connectTimeoutMs: 5_000 }) };
  }
  return client.instance;
}

// A base64 CMS made by NCALayer. Test keys have no production chain; the real NCALayer is asked
// with its default (null chain: only valid NCA RK keys are offered).
export function signWithNcaLayer(url: string, locale: Locale, options: SignOptions): Promise<string> {
  return clientFor(url, locale).sign({ locale: locale === 'kk' ? 'kk' : 'ru', ...options });
}

// The filter that makes NCALayer offer only keys of the organization that must sign.
export function signerFilterFor(identifier: string, kind: 'legal_entity' | 'individual') {
  return kind === 'individual' ? { iin: identifier } : { bin: identifier };
}
