// CAdES-BES (optionally -T) CMS SignedData with test-PKI keys, shaped like NCALayer's output
// (kz-pki.md §2.5): signed attributes contentType, signingTime, messageDigest and
// signingCertificateV2; RSA-SHA256, GOST 2015-512 (Streebog-512) or GOST 2004 (GOST 34.11-95)
// with the KZ OIDs; the signature time-stamp token covers the SignerInfo signature value,
// hashed with the signer's digest (so a GOST signature gets a GOST token, like NCA's TSA).
// Fault knobs make the invalid variants a verifier must reject.

import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { parseDer } from './der';
import {
  CmsSigner,
  EssOptions,
  attribute,
  contentTypeAttribute,
  messageDigestAttribute,
  setUnsignedAttributes,
  signedData,
  signerInfo,
  signingCertificateAttribute,
  signingTimeAttribute,
} from './cms-builder';
import { digestFor, digestOidOf } from './keys';
import { OID } from './oids';
import { Timestamper } from './test-tsa';

export interface CadesSignerOptions {
  readonly signer: CmsSigner;
  // Default: now.
  readonly signingTime?: Date;
  // Default: signingCertificateV2 with SHA-256 and issuerSerial; 'none' = NCANode/Kalkan style.
  readonly ess?: EssOptions | 'none';
  // Adds a signature-time-stamp (CAdES-T) from this source.
  readonly timestamp?: Timestamper;
  // More unsigned attributes after the time-stamp, e.g. certValues / revocationValues (CAdES-LT).
  readonly unsignedAttributes?: readonly pkijs.Attribute[];
  readonly faults?: {
    // messageDigest attribute that does not match the content.
    readonly messageDigest?: boolean;
    readonly signature?: boolean;
    // Token over other bytes than this signature value.
    readonly timestampImprint?: boolean;
  };
}

export interface CadesOptions {
  readonly content: Uint8Array;
  readonly signers: readonly CadesSignerOptions[];
  // Leave the content out (eContent absent); the verifier gets it separately.
  readonly detached?: boolean;
  // Besides the signer certificates (always included), e.g. the issuing CA.
  readonly extraCertificates?: readonly Uint8Array[];
  readonly includeSignerCertificates?: boolean;
}

async function signerInfoFor(content: Uint8Array, options: CadesSignerOptions): Promise<pkijs.SignerInfo> {
  const { signer } = options;
  const digest = digestFor(signer.key.algorithm, content);
  if (options.faults?.messageDigest) digest[0] ^= 0xff;
  const attributes = [
    contentTypeAttribute(OID.data),
    signingTimeAttribute(options.signingTime ?? new Date()),
    messageDigestAttribute(digest),
  ];
  const ess = options.ess ?? { version: 2 };
  if (ess !== 'none') attributes.push(signingCertificateAttribute(signer, ess));
  const info = signerInfo({ signer, signedAttributes: attributes, corruptSignature: options.faults?.signature });
  if (options.timestamp) {
    // RFC 3161 Appendix A / CAdES: imprint = hash of the signature OCTET STRING's content.
    const signatureValue = info.signature.valueBlock.valueHexView.slice();
    if (options.faults?.timestampImprint) signatureValue[0] ^= 0xff;
    const token = await options.timestamp(digestOidOf(signer.key.algorithm), digestFor(signer.key.algorithm, signatureValue));
    setUnsignedAttributes(info, [attribute(OID.signatureTimeStampToken, parseDer(token, 'time-stamp token'))]);
  }
  if (options.unsignedAttributes?.length)
    setUnsignedAttributes(info, [...(info.unsignedAttrs?.attributes ?? []), ...options.unsignedAttributes]);
  return info;
}

export async function createCades(options: CadesOptions): Promise<Uint8Array> {
  if (options.signers.length === 0) throw new Error('CAdES: at least one signer');
  const signerInfos: pkijs.SignerInfo[] = [];
  for (const signer of options.signers) signerInfos.push(await signerInfoFor(options.content, signer));
  const certificates = [
    ...((options.includeSignerCertificates ?? true) ? options.signers.map((s) => s.signer.der) : []),
    ...(options.extraCertificates ?? []),
  ];
  return signedData({
    eContentType: OID.data,
    eContent: options.detached ? undefined : options.content,
    signerInfos,
    certificates,
  });
}

// One signer, the common case.
export function createCadesBes(
  signer: CmsSigner,
  content: Uint8Array,
  options: Omit<CadesSignerOptions, 'signer'> & { detached?: boolean; extraCertificates?: readonly Uint8Array[] } = {},
): Promise<Uint8Array> {
  const { detached, extraCertificates, ...signerOptions } = options;
  return createCades({ content, detached, extraCertificates, signers: [{ signer, ...signerOptions }] });
}

// The embedded signature-time-stamp token of a SignerInfo (DER), if any.
export function signatureTimeStampToken(info: pkijs.SignerInfo): Uint8Array | undefined {
  const attr = info.unsignedAttrs?.attributes.find((a) => a.type === OID.signatureTimeStampToken);
  const value: unknown = attr?.values[0];
  return value instanceof asn1js.Sequence ? new Uint8Array(value.toBER(false)) : undefined;
}
