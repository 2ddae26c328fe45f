// CMS SignedData (RFC 5652) parser for verification. Hostile input never throws out of here:
// every problem becomes a CmsParseFailure.
//
// Two strategies give the same ParsedCms:
// - the direct walk (parseSignedDataDirect): plain DER read as byte ranges with der-reader, no
//   asn1js tree of the whole CMS. Certificates are looked up in the cache by the hash of their
//   bytes (a hit costs one SHA-256, no parse), signed attributes are sliced (the [0] block
//   re-tagged as SET is exactly what the signature covers) and only the small pieces the checks
//   read as objects (attributes, the sid issuer) go through asn1js. Parsing the whole CMS with
//   asn1js was ~75 % of a full RSA verification.
// - the general walk (parseSignedDataGeneral): asn1js over the whole input, pkijs for the
//   SignerInfos. It handles everything BER allows (indefinite lengths, segmented strings, SKI
//   signer ids, other certificate formats) and produces every error report.
// The direct walk accepts only the shapes it fully understands and returns undefined for
// anything else, including every malformed input, so the general walk decides all of those: a
// failure report is always the general one, and cms-parser.spec.ts checks both walks agree.

import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { berStructureProblem, readElement } from '../revocation/der-reader';
import { CertificateDerError, CertificateInfo, parseCertificate, serialHex, toHex } from './certificates';
import {
  algorithmOid,
  asn1Unit,
  childrenOf,
  directOid,
  notDirect,
  parseSignerDirect,
  slice,
  smallInteger,
  valueOf,
} from './cms-direct-walk';
import { CMS_OID } from './oids';
import type { ParseErrorCode } from './report';

// Attached CMS carries the whole document; NCALayer documents are typically well below this.
export const DEFAULT_MAX_CMS_BYTES = 64 * 1024 * 1024;

export type SignerId =
  | { readonly kind: 'issuerAndSerialNumber'; readonly issuer: pkijs.RelativeDistinguishedNames; readonly serialNumber: string }
  | { readonly kind: 'subjectKeyIdentifier'; readonly keyId: string };

export interface ParsedSigner {
  readonly index: number;
  readonly version: number;
  readonly sid: SignerId;
  readonly digestAlgorithm: string;
  readonly signatureAlgorithm: string;
  readonly signature: Uint8Array;
  // The exact bytes the signature covers: signedAttrs as received, re-tagged to SET OF (0x31).
  readonly signedAttrsDer?: Uint8Array;
  readonly signedAttributes: readonly pkijs.Attribute[];
  readonly unsignedAttributes: readonly pkijs.Attribute[];
}

export interface ParsedCms {
  readonly der: Uint8Array;
  readonly encoding: 'der' | 'base64' | 'pem';
  readonly version: number;
  readonly digestAlgorithms: readonly string[];
  readonly contentType: string;
  // eContent of an attached CMS; undefined when detached.
  readonly content?: Uint8Array;
  readonly certificates: readonly CertificateInfo[];
  readonly certificateErrors: readonly string[];
  // Attribute certificates and other formats: listed, never used for verification.
  readonly otherCertificates: number;
  readonly crls: readonly Uint8Array[];
  readonly ocspResponses: readonly Uint8Array[];
  readonly otherRevocationFormats: readonly string[];
  readonly signers: readonly ParsedSigner[];
}

export interface CmsParseFailure {
  readonly ok: false;
  readonly code: ParseErrorCode;
  readonly message: string;
}

export type CmsParseResult = { readonly ok: true; readonly cms: ParsedCms } | CmsParseFailure;

export interface CmsParseOptions {
  readonly maxBytes?: number;
  // Each SignerInfo may cost a GOST verification (milliseconds) and each certificate a pkijs
  // parse: bound both so a small hostile file cannot buy minutes of CPU.
  readonly maxSigners?: number;
  readonly maxCertificates?: number;
  // 'general' skips the direct DER walk (tests compare the two; diagnostics).
  readonly strategy?: 'auto' | 'general';
}

export const DEFAULT_MAX_SIGNERS = 64;
export const DEFAULT_MAX_CERTIFICATES = 256;

const fail = (code: ParseErrorCode, message: string): CmsParseFailure => ({ ok: false, code, message });

class MalformedError extends Error {}

const PEM_LABELS = new Set(['CMS', 'PKCS7', 'PKCS #7 SIGNED DATA']);

type Decoded = { readonly ok: true; readonly der: Uint8Array; readonly encoding: ParsedCms['encoding'] } | CmsParseFailure;

// DER (binary starting with SEQUENCE), PEM (CMS / PKCS7 labels), or bare base64 (NCALayer's
// output); whitespace and a BOM are tolerated around text.
export function decodeCmsInput(input: Uint8Array | string, maxBytes = DEFAULT_MAX_CMS_BYTES): Decoded {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) return fail('BAD_ENCODING', 'CMS must be bytes or text');
  if (input.length === 0) return fail('EMPTY_INPUT', 'CMS input is empty');
  if (typeof input !== 'string' && input[0] === 0x30) {
    if (input.length > maxBytes) return fail('TOO_LARGE', `CMS is ${input.length} bytes, limit ${maxBytes}`);
    return { ok: true, der: input, encoding: 'der' };
  }
  // Base64 expands 3 bytes into 4 characters: reject before doing any text work.
  if (Math.floor((input.length * 3) / 4) > maxBytes + 1024)
    return fail('TOO_LARGE', `CMS text of ${input.length} characters exceeds the ${maxBytes}-byte limit`);
  // base64 and PEM are ASCII, so latin1 decoding of bytes is exact; a UTF-8 BOM is dropped.
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    text = (hasBom ? bytes.subarray(3) : bytes).toString('latin1');
  }
  text = text.replace(/^\uFEFF/, '').trim();
  if (text.length === 0) return fail('EMPTY_INPUT', 'CMS input is only whitespace');
  let body = text;
  let encoding: ParsedCms['encoding'] = 'base64';
  if (text.startsWith('-----BEGIN ')) {
    const pem = /^-----BEGIN ([A-Z0-9 #]+)-----([\s\S]*?)-----END \1-----\s*$/.exec(text);
    if (!pem) return fail('BAD_ENCODING', 'malformed PEM armour');
    if (!PEM_LABELS.has(pem[1])) return fail('BAD_ENCODING', `unexpected PEM label "${pem[1]}"`);
    body = pem[2];
    encoding = 'pem';
  }
  const compact = body.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 === 1)
    return fail('BAD_ENCODING', 'CMS is neither DER, PEM nor base64');
  const der = new Uint8Array(Buffer.from(compact, 'base64'));
  if (der.length === 0) return fail('EMPTY_INPUT', 'CMS decodes to no bytes');
  if (der.length > maxBytes) return fail('TOO_LARGE', `CMS is ${der.length} bytes, limit ${maxBytes}`);
  return { ok: true, der, encoding };
}

export function parseCms(input: Uint8Array | string, options: CmsParseOptions = {}): CmsParseResult {
  const decoded = decodeCmsInput(input, options.maxBytes ?? DEFAULT_MAX_CMS_BYTES);
  if (!decoded.ok) return decoded;
  if (options.strategy !== 'general') {
    const direct = parseSignedDataDirect(decoded.der, decoded.encoding, options);
    if (direct) return direct;
  }
  try {
    return parseSignedDataGeneral(decoded.der, decoded.encoding, options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail('MALFORMED_SIGNED_DATA', `SignedData: ${message}`);
  }
}

const isContext = (node: asn1js.AsnType, tag: number): boolean => node.idBlock.tagClass === 3 && node.idBlock.tagNumber === tag;

function children(node: asn1js.AsnType | undefined, what: string): asn1js.AsnType[] {
  const value: unknown = (node as { valueBlock?: { value?: unknown } } | undefined)?.valueBlock?.value;
  if (!node?.idBlock.isConstructed || !Array.isArray(value)) throw new MalformedError(`${what}: expected a constructed value`);
  return value as asn1js.AsnType[];
}

function oidOf(node: asn1js.AsnType | undefined, what: string): string {
  if (!(node instanceof asn1js.ObjectIdentifier)) throw new MalformedError(`${what}: expected an OBJECT IDENTIFIER`);
  return node.valueBlock.toString();
}

// OCTET STRING content, joining the segments of a BER constructed string.
export function octetsOf(node: asn1js.AsnType, what: string): Uint8Array {
  if (node.idBlock.tagClass !== 1 || node.idBlock.tagNumber !== 4) throw new MalformedError(`${what}: expected an OCTET STRING`);
  if (!node.idBlock.isConstructed) return (node as asn1js.OctetString).valueBlock.valueHexView;
  const parts = children(node, what).map((part) => octetsOf(part, what));
  return new Uint8Array(Buffer.concat(parts));
}

function parseSignedDataGeneral(der: Uint8Array, encoding: ParsedCms['encoding'], options: CmsParseOptions): CmsParseResult {
  const maxSigners = options.maxSigners ?? DEFAULT_MAX_SIGNERS;
  const maxCertificates = options.maxCertificates ?? DEFAULT_MAX_CERTIFICATES;
  // asn1js lets an element run past its parent and stops after the first element: the lengths
  // are checked first (a length error is never "repaired" into a valid-looking CMS).
  const structure = berStructureProblem(der);
  if (structure) return fail(structure.endsWith('after the element') ? 'TRAILING_DATA' : 'MALFORMED_DER', `not valid DER/BER: ${structure}`);
  const parsed = asn1js.fromBER(der);
  if (parsed.offset === -1 || parsed.result.error)
    return fail('MALFORMED_DER', `not valid DER/BER: ${parsed.result.error || 'unknown'}`);
  if (parsed.offset !== der.byteLength)
    return fail('TRAILING_DATA', `${der.byteLength - parsed.offset} bytes after the ContentInfo`);
  const top = parsed.result;
  if (!(top instanceof asn1js.Sequence)) return fail('MALFORMED_SIGNED_DATA', 'ContentInfo must be a SEQUENCE');
  const [typeNode, wrapper] = children(top, 'ContentInfo');
  const contentType = oidOf(typeNode, 'ContentInfo.contentType');
  if (contentType !== CMS_OID.signedData) return fail('NOT_SIGNED_DATA', `ContentInfo type is ${contentType}, not id-signedData`);
  if (!wrapper || !isContext(wrapper, 0)) throw new MalformedError('ContentInfo.content [0] missing');
  const body = children(children(wrapper, 'ContentInfo.content')[0], 'SignedData');

  let i = 0;
  const versionNode = body[i++];
  if (!(versionNode instanceof asn1js.Integer)) throw new MalformedError('version: expected an INTEGER');
  const digestAlgorithms = children(body[i++], 'digestAlgorithms').map((alg) =>
    oidOf(children(alg, 'digestAlgorithm')[0], 'digestAlgorithm'),
  );
  const encap = children(body[i++], 'encapContentInfo');
  const eContentType = oidOf(encap[0], 'eContentType');
  let content: Uint8Array | undefined;
  if (encap[1]) {
    if (!isContext(encap[1], 0)) throw new MalformedError('eContent: expected [0]');
    const inner = children(encap[1], 'eContent');
    if (inner.length !== 1) throw new MalformedError('eContent: expected one OCTET STRING');
    content = octetsOf(inner[0], 'eContent');
  }

  const certificates: CertificateInfo[] = [];
  const certificateErrors: string[] = [];
  let otherCertificates = 0;
  if (body[i] && isContext(body[i], 0)) {
    const nodes = children(body[i++], 'certificates');
    if (nodes.length > maxCertificates) return fail('TOO_LARGE', `${nodes.length} certificates, limit ${maxCertificates}`);
    nodes.forEach((node, n) => {
      if (!(node instanceof asn1js.Sequence)) {
        otherCertificates++;
        return;
      }
      try {
        certificates.push(parseCertificate(node.valueBeforeDecodeView));
      } catch (error) {
        certificateErrors.push(`certificate #${n}: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }

  const crls: Uint8Array[] = [];
  const ocspResponses: Uint8Array[] = [];
  const otherRevocationFormats: string[] = [];
  if (body[i] && isContext(body[i], 1)) listRevocationInfo(body[i++], { crls, ocspResponses, otherRevocationFormats });

  const signerNodes = children(body[i++], 'signerInfos');
  if (i !== body.length) throw new MalformedError('unexpected elements after signerInfos');
  if (signerNodes.length === 0) return fail('NO_SIGNERS', 'SignedData has no SignerInfo');
  if (signerNodes.length > maxSigners) return fail('TOO_LARGE', `${signerNodes.length} SignerInfos, limit ${maxSigners}`);
  const signers = signerNodes.map((node, index) => parseSigner(node, index));

  return {
    ok: true,
    cms: {
      der,
      encoding,
      version: versionNode.valueBlock.valueDec,
      digestAlgorithms,
      contentType: eContentType,
      ...(content && { content }),
      certificates,
      certificateErrors,
      otherCertificates,
      crls,
      ocspResponses,
      otherRevocationFormats,
      signers,
    },
  };
}

interface RevocationLists {
  readonly crls: Uint8Array[];
  readonly ocspResponses: Uint8Array[];
  readonly otherRevocationFormats: string[];
}

// SignedData.crls: RevocationInfoChoices (RFC 5652 §10.2.1).
function listRevocationInfo(node: asn1js.AsnType, lists: RevocationLists): void {
  for (const choice of children(node, 'crls')) {
    if (choice instanceof asn1js.Sequence) lists.crls.push(choice.valueBeforeDecodeView);
    else if (isContext(choice, 1)) {
      const [format, value] = children(choice, 'otherRevocationInfo');
      const formatOid = oidOf(format, 'otherRevInfoFormat');
      if (formatOid === CMS_OID.riOcspResponse && value) lists.ocspResponses.push(value.valueBeforeDecodeView);
      else lists.otherRevocationFormats.push(formatOid);
    } else throw new MalformedError('crls: unknown RevocationInfoChoice');
  }
}

function parseSigner(node: asn1js.AsnType, index: number): ParsedSigner {
  let info: pkijs.SignerInfo;
  try {
    info = new pkijs.SignerInfo({ schema: node });
  } catch (error) {
    throw new MalformedError(`SignerInfo #${index}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const rawSid: unknown = info.sid;
  let sid: SignerId;
  if (rawSid instanceof pkijs.IssuerAndSerialNumber) {
    sid = { kind: 'issuerAndSerialNumber', issuer: rawSid.issuer, serialNumber: serialHex(rawSid.serialNumber) };
  } else if (rawSid instanceof asn1js.BaseBlock && isContext(rawSid, 0)) {
    // [0] IMPLICIT SubjectKeyIdentifier; pkijs leaves it as a raw block.
    const keyId = rawSid.idBlock.isConstructed
      ? octetsOf(children(rawSid, 'sid')[0], 'sid')
      : (rawSid as asn1js.Primitive).valueBlock.valueHexView;
    sid = { kind: 'subjectKeyIdentifier', keyId: toHex(keyId) };
  } else throw new MalformedError(`SignerInfo #${index}: unknown SignerIdentifier`);

  let signedAttrsDer: Uint8Array | undefined;
  if (info.signedAttrs) {
    signedAttrsDer = new Uint8Array(info.signedAttrs.encodedValue).slice();
    signedAttrsDer[0] = 0x31;
  }
  return {
    index,
    version: info.version,
    sid,
    digestAlgorithm: info.digestAlgorithm.algorithmId,
    signatureAlgorithm: info.signatureAlgorithm.algorithmId,
    signature: octetsOf(info.signature, 'signature'),
    ...(signedAttrsDer && { signedAttrsDer }),
    signedAttributes: info.signedAttrs?.attributes ?? [],
    unsignedAttributes: info.unsignedAttrs?.attributes ?? [],
  };
}

// Direct DER walk (see the top of the file); its reads are in cms-direct-walk.ts.

// Exported for the spec that compares both walks; undefined = the direct walk does not apply.
export function parseSignedDataDirect(
  der: Uint8Array,
  encoding: ParsedCms['encoding'],
  options: CmsParseOptions,
): CmsParseResult | undefined {
  try {
    // Its own reads are exact, but the pieces it hands to asn1js and pkijs (attributes,
    // certificates) are not: one structural pass over the whole input covers them.
    if (berStructureProblem(der)) return undefined;
    return walkSignedData(der, encoding, options);
  } catch {
    // NotDirect, a DerError, or anything unforeseen: the general walk decides.
    return undefined;
  }
}

function walkSignedData(der: Uint8Array, encoding: ParsedCms['encoding'], options: CmsParseOptions): CmsParseResult {
  const buf = Buffer.from(der.buffer, der.byteOffset, der.byteLength);
  const top = readElement(buf, 0);
  if (top.tag !== 0x30 || top.end !== buf.length) notDirect();
  const contentInfo = childrenOf(buf, top);
  if (contentInfo.length !== 2 || directOid(buf, contentInfo[0]) !== CMS_OID.signedData || contentInfo[1].tag !== 0xa0)
    notDirect();
  const wrapped = childrenOf(buf, contentInfo[1]);
  if (wrapped.length !== 1 || wrapped[0].tag !== 0x30) notDirect();
  const body = childrenOf(buf, wrapped[0]);

  let i = 0;
  const version = smallInteger(buf, body[i++]);
  const digestSet = body[i++];
  if (digestSet?.tag !== 0x31) notDirect();
  const digestAlgorithms = childrenOf(buf, digestSet).map((alg) => algorithmOid(buf, der, alg));
  const encapEl = body[i++];
  if (encapEl?.tag !== 0x30) notDirect();
  const encap = childrenOf(buf, encapEl);
  if (encap.length < 1 || encap.length > 2) notDirect();
  const contentType = directOid(buf, encap[0]);
  let content: Uint8Array | undefined;
  if (encap[1]) {
    if (encap[1].tag !== 0xa0) notDirect();
    const inner = childrenOf(buf, encap[1]);
    // A segmented (constructed) OCTET STRING is BER: the general walk joins it.
    if (inner.length !== 1 || inner[0].tag !== 0x04) notDirect();
    content = valueOf(der, inner[0]);
  }

  const certificates: CertificateInfo[] = [];
  const certificateErrors: string[] = [];
  if (body[i]?.tag === 0xa0) {
    const nodes = childrenOf(buf, body[i++]);
    if (nodes.length > (options.maxCertificates ?? DEFAULT_MAX_CERTIFICATES)) notDirect();
    nodes.forEach((node, n) => {
      if (node.tag !== 0x30) notDirect();
      try {
        // A cache hit costs one SHA-256 of the bytes, no parsing.
        certificates.push(parseCertificate(slice(der, node)));
      } catch (error) {
        // Bytes asn1js cannot read make the whole CMS malformed in the general walk.
        if (error instanceof CertificateDerError) notDirect();
        certificateErrors.push(`certificate #${n}: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }

  const lists: RevocationLists = { crls: [], ocspResponses: [], otherRevocationFormats: [] };
  if (body[i]?.tag === 0xa1) listRevocationInfo(asn1Unit(slice(der, body[i++])), lists);

  const signerSet = body[i++];
  if (signerSet?.tag !== 0x31 || i !== body.length) notDirect();
  const signerNodes = childrenOf(buf, signerSet);
  if (signerNodes.length === 0 || signerNodes.length > (options.maxSigners ?? DEFAULT_MAX_SIGNERS)) notDirect();
  const signers = signerNodes.map((node, index) => parseSignerDirect(buf, der, node, index));

  return {
    ok: true,
    cms: {
      der,
      encoding,
      version,
      digestAlgorithms,
      contentType,
      ...(content && { content }),
      certificates,
      certificateErrors,
      otherCertificates: 0,
      ...lists,
      signers,
    },
  };
}
