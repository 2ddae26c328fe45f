import { NcaLayerClient, SignOptions } from './client/ncalayer-client';
import { NcaLayerError } from './client/errors';
import type { Locale } from '../i18n';

export { NcaLayerError };

// NCALayer answers "cancelled" both when the person closed its dialog and when none of their keys
// matched the filters (the dialog then lists no key and offers only Cancel). Carries the IIN/BIN
// the cabinet asked for, so the page can tell which key is missing.
export class NcaLayerCancelled extends NcaLayerError {
  constructor(
    locale: Locale,
    readonly wanted: { readonly iin?: string; readonly bin?: string },
  ) {
    super('USER_CANCELLED', locale);
  }
}

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
export async function signWithNcaLayer(url: string, locale: Locale, options: SignOptions): Promise<string> {
  try {
    return await clientFor(url, locale).sign({ locale: locale === 'kk' ? 'kk' : 'ru', ...options });
  } catch (error) {
    const { iin, bin } = options.filters ?? {};
    if (error instanceof NcaLayerError && error.code === 'USER_CANCELLED' && (iin || bin))
      throw new NcaLayerCancelled(locale, { iin, bin });
    throw error;
  }
}

// The filter that makes NCALayer offer only keys of the organization that must sign.
export function signerFilterFor(identifier: string, kind: 'legal_entity' | 'individual') {
  return kind === 'individual' ? { iin: identifier } : { bin: identifier };
}
