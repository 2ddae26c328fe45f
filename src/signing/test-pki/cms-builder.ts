// CMS SignedData (RFC 5652) with our test keys: shared by the CAdES helper and the test TSA.
// The DER building lives in production code (src/signing/signer/cms-builder.ts); this file adapts
// it to test keys and adds the fault knobs (corrupt ESS hash, corrupt signature) that only tests
// may use.

import * as pkijs from 'pkijs';
import {
  issuerSerial as certificateIssuerSerial,
  signerInfo as buildSignerInfo,
  signingCertificateAttribute as buildSigningCertificateAttribute,
} from '../signer/cms-builder';
import { sha1, sha256 } from './der';
import { TestKey, digestAlgorithmIdentifier, digestFor, signatureAlgorithmIdentifier } from './keys';

export {
  attribute,
  contentTypeAttribute,
  messageDigestAttribute,
  setUnsignedAttributes,
  signedData,
  signingTimeAttribute,
  sortedAttributes,
} from '../signer/cms-builder';
export type { SignedDataOptions } from '../signer/cms-builder';

export interface CmsSigner {
  readonly der: Uint8Array;
  readonly certificate: pkijs.Certificate;
  readonly key: TestKey;
}

export interface EssOptions {
  // 2 = signingCertificateV2 (RFC 5035), 1 = signingCertificate (RFC 2634, SHA-1; NCA's TSA).
  readonly version: 1 | 2;
  // v2 only: SHA-256 (the default, hashAlgorithm omitted) or the signer's own digest.
  readonly hash?: 'sha256' | 'signer';
  readonly issuerSerial?: boolean;
  // Test knob: a certHash that matches nothing.
  readonly corruptHash?: boolean;
}

export function signingCertificateAttribute(signer: CmsSigner, options: EssOptions): pkijs.Attribute {
  const ownHash = options.version === 2 && options.hash === 'signer';
  const certHash =
    options.version === 1 ? sha1(signer.der) : ownHash ? digestFor(signer.key.algorithm, signer.der) : sha256(signer.der);
  if (options.corruptHash) certHash[0] ^= 0xff;
  return buildSigningCertificateAttribute(options.version, {
    certHash,
    hashAlgorithm: ownHash ? digestAlgorithmIdentifier(signer.key.algorithm) : undefined,
    issuerSerial: (options.issuerSerial ?? true) ? certificateIssuerSerial(signer.certificate) : undefined,
  });
}

export interface SignerInfoOptions {
  readonly signer: CmsSigner;
  readonly signedAttributes: readonly pkijs.Attribute[];
  // Test knob: flip a bit of the signature value after signing.
  readonly corruptSignature?: boolean;
}

export function signerInfo(options: SignerInfoOptions): pkijs.SignerInfo {
  const { signer } = options;
  return buildSignerInfo({
    certificate: signer.certificate,
    digestAlgorithm: digestAlgorithmIdentifier(signer.key.algorithm),
    signatureAlgorithm: signatureAlgorithmIdentifier(signer.key.algorithm),
    signedAttributes: options.signedAttributes,
    sign: (setDer) => {
      const signature = signer.key.sign(setDer);
      if (options.corruptSignature) signature[signature.length >> 1] ^= 0x01;
      return signature;
    },
  });
}
