// Port: the service signs documents of its own (access acts, receipts) with the operator's key.
// Callers depend on this interface and the DOCUMENT_SIGNER token only; where the key lives
// (a PKCS#12 file today, an HSM or NCA's signing service later) is the adapter's business.
// Output is what NCA tools produce for RSA keys: CMS SignedData, CAdES-BES with the signed
// attributes contentType, messageDigest, signingTime and signingCertificateV2 (kz-pki.md §2).

export const DOCUMENT_SIGNER = Symbol('DocumentSigner');

export type DocumentSignerErrorCode =
  // No key store configured (OPERATOR_SIGNER_P12_PATH unset).
  | 'NOT_CONFIGURED'
  // The key store cannot be read: missing file, not PKCS#12, no key or no matching certificate.
  | 'INVALID_KEY_STORE'
  | 'WRONG_PASSWORD'
  // A key this adapter cannot sign with (GOST, EC, ...).
  | 'UNSUPPORTED_KEY'
  // The certificate does not allow signing documents (an NCA AUTH certificate).
  | 'NOT_A_SIGNING_KEY'
  | 'INVALID_INPUT';

export class DocumentSignerError extends Error {
  constructor(
    readonly code: DocumentSignerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DocumentSignerError';
  }
}

// The content itself, or its digest (computed with the signer's digest algorithm, SHA-256 for
// RSA) when the document is too large to hold in memory. A digest can only give a detached CMS.
export type SignInput = Uint8Array | { readonly digest: Uint8Array };

export interface SignOptions {
  // Leave the content out of the CMS (eContent absent). Default: false (attached).
  readonly detached?: boolean;
  // The signingTime attribute. Default: now.
  readonly signingTime?: Date;
}

export interface SignerCertificateInfo {
  // DER of the signer certificate and of the CA certificates shipped with it in every CMS.
  readonly certificate: Uint8Array;
  readonly chain: readonly Uint8Array[];
  readonly subject: string;
  readonly issuer: string;
  // Hex, upper case, without sign-padding zeros.
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly iin?: string;
  readonly bin?: string;
  // 'rsa-sha256' for now; the port does not promise a single algorithm.
  readonly algorithm: string;
  // SHA-256 of the certificate DER, hex upper case.
  readonly sha256: string;
}

export interface DocumentSigner {
  // DER CMS SignedData (ContentInfo).
  sign(input: SignInput, options?: SignOptions): Promise<Uint8Array>;
  certificate(): Promise<SignerCertificateInfo>;
}
