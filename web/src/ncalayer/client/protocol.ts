// The NCALayer WebSocket protocol as documented in shared/docs/kz-pki.md §4: the names, request
// arguments and reply shapes that both the browser client and the development emulator use.
// Browser-safe: no imports at all.

export const NCALAYER_URL = 'wss://127.0.0.1:13579';
// The same address in the browser: where a person sees (and accepts) NCALayer's certificate.
export const NCALAYER_PAGE_URL = 'https://127.0.0.1:13579';
export const NCALAYER_DOWNLOAD_URL = 'https://pki.gov.kz/ncalayer/';

export const BASICS_MODULE = 'kz.gov.pki.knca.basics';
export const COMMON_UTILS_MODULE = 'kz.gov.pki.knca.commonUtils';
export const ACCESSORY_MODULE = 'kz.gov.pki.ncalayerservices.accessory';

// The storage names NCALayer accepts in allowedStorages / as the legacy storageName.
export const NCALAYER_STORAGES = [
  'PKCS12',
  'JKS',
  'AKKaztokenStore',
  'AKKZIDCardStore',
  'AKEToken72KStore',
  'AKEToken5110Store',
  'AKJaCartaStore',
  'AKAKEYStore',
] as const;
export type NcaLayerStorage = (typeof NCALAYER_STORAGES)[number];

// NCALayer's own dialog languages; kk is its default.
export type NcaLayerLocale = 'kk' | 'ru';

// EKU OIDs NCALayer filters keys by (kz-pki.md §1.2, §1.4).
export const EKU = {
  sign: '1.3.6.1.5.5.7.3.4',
  auth: '1.3.6.1.5.5.7.3.2',
  individual: '1.2.398.3.3.4.1.1',
  organization: '1.2.398.3.3.4.1.2',
  firstHead: '1.2.398.3.3.4.1.2.1',
  signingRight: '1.2.398.3.3.4.1.2.2',
  financialSigningRight: '1.2.398.3.3.4.1.2.3',
  hr: '1.2.398.3.3.4.1.2.4',
  employee: '1.2.398.3.3.4.1.2.5',
} as const;

export interface BasicsSigningParams {
  // true: data is base64 (default false: data is text).
  readonly decode?: boolean;
  // true (the default): the content goes inside the CMS; false: detached.
  readonly encapsulate?: boolean;
  // true: data is already the hash of the document.
  readonly digested?: boolean;
  // {} asks for a signature time-stamp; null/absent: none.
  readonly tsaProfile?: Record<string, unknown> | null;
  readonly allowExpired?: boolean;
  readonly allowRevoked?: boolean;
  readonly outputCert?: boolean;
}

export interface BasicsSignerParams {
  // Required by NCALayer; keys without all of these EKUs are shown disabled.
  readonly extKeyUsageOids: readonly string[];
  readonly iin?: string;
  readonly bin?: string;
  readonly serialNumber?: string;
  // PEM CA certificates for chain building; null/absent: only production NCA certificates; []: no chain check.
  readonly chain?: readonly string[] | null;
}

export interface BasicsSignArgs {
  readonly allowedStorages?: readonly string[] | null;
  readonly format: 'cms' | 'xml' | 'raw';
  readonly data: string | readonly string[];
  readonly signingParams?: BasicsSigningParams;
  readonly signerParams: BasicsSignerParams;
  readonly locale?: NcaLayerLocale;
  readonly logo?: string;
}

export interface BasicsSignRequest {
  readonly module: typeof BASICS_MODULE;
  readonly method: 'sign';
  readonly args: BasicsSignArgs;
}

export interface CommonUtilsRequest {
  readonly module: typeof COMMON_UTILS_MODULE;
  readonly method: string;
  readonly args?: readonly unknown[];
}

// First message after the socket opens.
export interface VersionMessage {
  readonly result: { readonly version: string };
}

// kz.gov.pki.knca.basics replies.
export interface BasicsSuccess {
  readonly status: true;
  // result: a CMS (base64), an array of them (one per document) or {signatures, certificate} for
  // outputCert. A cancelled dialog gives status true with an empty body.
  readonly body: { readonly result?: unknown };
}
export interface BasicsFailure {
  readonly status: false;
  readonly code: string;
  readonly message: string;
  readonly details?: string;
}
export type BasicsReply = BasicsSuccess | BasicsFailure;

// kz.gov.pki.knca.commonUtils replies: code "200" with responseObject, or "500" with a message
// ("action.canceled" when the user closed the dialog).
export interface CommonUtilsReply {
  readonly code: string;
  readonly message?: string;
  readonly responseObject?: unknown;
}

export const COMMON_UTILS_CANCELLED = 'action.canceled';

// commonUtils keyType argument.
export type LegacyKeyType = 'SIGNATURE' | 'AUTHENTICATION';

// responseObject of commonUtils.getKeyInfo.
export interface NcaLayerKeyInfo {
  readonly alias: string;
  readonly keyId: string;
  readonly algorithm: string;
  readonly subjectCn: string;
  readonly subjectDn: string;
  readonly issuerCn: string;
  readonly issuerDn: string;
  readonly serialNumber: string;
  // Milliseconds since the epoch, as strings.
  readonly certNotAfter: string;
  readonly certNotBefore: string;
  readonly authorityKeyIdentifier: string;
  readonly pem: string;
}
