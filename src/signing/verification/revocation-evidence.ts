// The offline revocation evidence of one REVOCATION check (see revocation.ts): OCSP responses and
// CRLs embedded in the CMS (SignedData.crls, revocationValues) and those the caller supplied, read
// once and sorted into OCSP responses, parsed CRLs and unreadable items, with every delta CRL at hand.

import { CrlIndex } from '../revocation/crl-index';
import { readElement } from '../revocation/der-reader';
import type { ParsedCms } from './cms-parser';
import { parseCrl } from './crl';
import type { RevocationContext, RevocationSource } from './revocation';
import { embeddedValidationData, enclosingCms } from './validation-data';

// OCSPResponse starts with an ENUMERATED, a CertificateList with a SEQUENCE; a bare
// BasicOCSPResponse (as in revocationValues) looks like a CertificateList from outside, but its
// ResponseData starts with a context tag ([0] version, [1]/[2] responderID) where a TBSCertList
// has an INTEGER or a SEQUENCE. Read with the DER reader: a 20 MB CRL must not be parsed twice.
function isOcsp(der: Uint8Array): boolean {
  try {
    const bytes = Buffer.from(der.buffer, der.byteOffset, der.byteLength);
    const first = readElement(bytes, readElement(bytes, 0).valueStart);
    if (first.tag === 0x0a) return true;
    return first.tag === 0x30 && (readElement(bytes, first.valueStart, first.end).tag & 0xc0) === 0x80;
  } catch {
    return false;
  }
}

// Offline evidence, read once per check: OCSP responses as DER, CRLs parsed into indexes.
export type Item =
  | { readonly kind: 'ocsp'; readonly der: Uint8Array }
  | { readonly kind: 'crl'; readonly index: CrlIndex }
  | { readonly kind: 'error'; readonly message: string };

export interface Evidence {
  readonly embedded: readonly Item[];
  readonly supplied: readonly Item[];
  // Every delta CRL at hand, offline ones first: any may complete a complete CRL of its issuer.
  readonly deltas: CrlIndex[];
  // Where each delta came from: an answer is only as "embedded" as all the data behind it.
  readonly deltaSources: Map<CrlIndex, RevocationSource>;
}

// Parsed CRLs per DER array object: the CMS and the caller's evidence are shared by all signers.
const parsedCrls = new WeakMap<Uint8Array, CrlIndex | string>();

export const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

function readItem(der: Uint8Array, kind: 'ocsp' | 'crl' | 'detect'): Item {
  try {
    if (kind === 'ocsp' || (kind === 'detect' && isOcsp(der))) return { kind: 'ocsp', der };
    let index = parsedCrls.get(der);
    if (index === undefined) {
      const parsed = parseCrl(der);
      index = parsed instanceof CrlIndex ? parsed : parsed.message;
      parsedCrls.set(der, index);
    }
    return typeof index === 'string' ? { kind: 'error', message: index } : { kind: 'crl', index };
  } catch (error) {
    return { kind: 'error', message: `unreadable revocation evidence: ${errorText(error)}` };
  }
}

// Embedded: SignedData.crls (with RFC 5940 OCSP responses) and the revocationValues attributes,
// of this CMS and, for a time-stamp token, of the signature it stamps.
export function gatherEvidence(ctx: RevocationContext): Evidence {
  const embedded: Item[] = [];
  for (let cms: ParsedCms | undefined = ctx.cms, depth = 0; cms && depth < 2; cms = enclosingCms(cms), depth++) {
    const values = embeddedValidationData(cms);
    embedded.push(
      ...[...cms.ocspResponses, ...values.ocspResponses].map((der) => readItem(der, 'ocsp')),
      ...[...cms.crls, ...values.crls].map((der) => readItem(der, 'crl')),
    );
  }
  const supplied = ctx.supplied.map((der) => readItem(der, 'detect'));
  const deltaSources = new Map<CrlIndex, RevocationSource>();
  for (const [items, source] of [
    [supplied, 'supplied'],
    [embedded, 'embedded'],
  ] as const)
    for (const item of items) if (item.kind === 'crl' && item.index.isDelta) deltaSources.set(item.index, source);
  return { embedded, supplied, deltas: [...deltaSources.keys()], deltaSources };
}
