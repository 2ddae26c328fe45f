import { children, DerError, expectTag, readElement, readOid, readTime } from './der-reader';

export interface RevokedEntry {
  revokedAt: Date;
  // CRLReason (RFC 5280 §5.3.1); undefined when the entry carries none.
  reason?: number;
}

const OID_CRL_NUMBER = '2.5.29.20';
const OID_DELTA_CRL_INDICATOR = '2.5.29.27';
const OID_AUTHORITY_KEY_IDENTIFIER = '2.5.29.35';
const OID_ISSUING_DISTRIBUTION_POINT = '2.5.29.28';
const OID_REASON_CODE = '2.5.29.21';
const OID_INVALIDITY_DATE = '2.5.29.24';
const OID_FRESHEST_CRL = '2.5.29.46';
const UNDERSTOOD_CRL_EXTENSIONS = new Set([
  OID_CRL_NUMBER,
  OID_DELTA_CRL_INDICATOR,
  OID_AUTHORITY_KEY_IDENTIFIER,
  OID_ISSUING_DISTRIBUTION_POINT,
]);
const UNDERSTOOD_ENTRY_EXTENSIONS = new Set([OID_REASON_CODE, OID_INVALIDITY_DATE]);

// RFC 5280 §4.1.2.2: serial numbers are at most 20 octets.
const SLOT = 20;

function normalizeSerial(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return bytes.subarray(start);
}

export function serialFromHex(hex: string): Buffer {
  const clean = hex.replace(/[\s:]/g, '');
  if (!/^[0-9a-f]+$/i.test(clean)) throw new Error(`not a hex serial: ${hex}`);
  return normalizeSerial(Buffer.from(clean.length % 2 ? `0${clean}` : clean, 'hex'));
}

// FNV-1a over the slot: serials of some CAs are sequential, so every byte takes part.
function hashSlot(slots: Buffer, offset: number): number {
  let hash = 0x811c9dc5;
  for (let i = offset; i < offset + SLOT; i++) {
    hash ^= slots[i];
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

// A parsed CRL kept as a compact serial index rather than objects: the production NCA GOST CRL
// has ~420,000 entries (~20 MB). Serials sit right-aligned in fixed 20-byte slots of one buffer,
// found through an open-addressing hash table; dates are a Float64Array. The signed bytes and the
// signature are kept for verification against the issuer's key, which is the caller's job.
export class CrlIndex {
  private constructor(
    readonly tbsCertList: Buffer,
    readonly signatureAlgorithm: string,
    readonly signatureValue: Buffer,
    readonly issuer: Buffer,
    readonly thisUpdate: Date,
    readonly nextUpdate: Date | undefined,
    readonly crlNumber: bigint | undefined,
    readonly deltaBaseCrlNumber: bigint | undefined,
    readonly authorityKeyIdentifier: Buffer | undefined,
    // extnValue of the issuingDistributionPoint extension: the CRL's scope. A delta CRL may only
    // be combined with a complete CRL of the same scope (RFC 5280 §5.2.4), compared byte-wise.
    readonly issuingDistributionPoint: Buffer | undefined,
    // http(s) addresses of the Freshest CRL extension (RFC 5280 §5.2.6): where the delta is.
    readonly freshestCrlUrls: readonly string[],
    readonly size: number,
    private readonly slots: Buffer,
    private readonly revokedAt: Float64Array,
    private readonly reasons: Int8Array,
    private readonly table: Int32Array,
  ) {}

  get isDelta(): boolean {
    return this.deltaBaseCrlNumber !== undefined;
  }

  // Bytes held by the index itself (for the benchmark and for cache accounting).
  get memoryBytes(): number {
    return (
      this.slots.byteLength +
      this.revokedAt.byteLength +
      this.reasons.byteLength +
      this.table.byteLength +
      this.tbsCertList.byteLength
    );
  }

  lookup(serial: Buffer | string): RevokedEntry | undefined {
    const normalized = typeof serial === 'string' ? serialFromHex(serial) : normalizeSerial(serial);
    if (normalized.length > SLOT) return undefined;
    const probe = Buffer.alloc(SLOT);
    normalized.copy(probe, SLOT - normalized.length);
    const mask = this.table.length - 1;
    for (let position = hashSlot(probe, 0) & mask; ; position = (position + 1) & mask) {
      const stored = this.table[position];
      if (stored === 0) return undefined;
      const index = stored - 1;
      if (this.slots.compare(probe, 0, SLOT, index * SLOT, index * SLOT + SLOT) === 0) {
        const reason = this.reasons[index];
        return { revokedAt: new Date(this.revokedAt[index]), ...(reason >= 0 ? { reason } : {}) };
      }
    }
  }

  // Parses a DER CertificateList (RFC 5280 §5.1). Throws DerError on anything malformed, and on
  // critical extensions it does not understand (RFC 5280 §5.2: such a CRL must not be used).
  static fromDer(der: Buffer): CrlIndex {
    const certificateList = expectTag(readElement(der, 0), 0x30, 'CertificateList');
    if (certificateList.end !== der.length) throw new DerError('trailing bytes after the CRL');
    const [tbs, outerAlgorithm, signature, ...extra] = [...children(der, certificateList)];
    if (!tbs || !outerAlgorithm || !signature || extra.length) throw new DerError('CertificateList must have three parts');
    expectTag(tbs, 0x30, 'TBSCertList');
    const signatureAlgorithm = readOid(der, readElement(der, expectTag(outerAlgorithm, 0x30, 'signatureAlgorithm').valueStart));
    expectTag(signature, 0x03, 'signatureValue');
    if (der[signature.valueStart] !== 0) throw new DerError('signature BIT STRING has unused bits');

    const parts = [...children(der, tbs)];
    let cursor = 0;
    if (parts[cursor]?.tag === 0x02) cursor++; // version v2
    const innerAlgorithm = parts[cursor++];
    const innerOid = readOid(der, readElement(der, expectTag(innerAlgorithm, 0x30, 'signature').valueStart));
    if (innerOid !== signatureAlgorithm) throw new DerError('inner and outer signature algorithms differ');
    const issuer = expectTag(parts[cursor++], 0x30, 'issuer');
    const thisUpdate = readTime(der, parts[cursor++]);
    let nextUpdate: Date | undefined;
    if (parts[cursor] && (parts[cursor].tag === 0x17 || parts[cursor].tag === 0x18)) nextUpdate = readTime(der, parts[cursor++]);
    const revoked = parts[cursor]?.tag === 0x30 ? parts[cursor++] : undefined;
    const extensionsWrapper = parts[cursor]?.tag === 0xa0 ? parts[cursor++] : undefined;
    if (cursor !== parts.length) throw new DerError('unexpected element in TBSCertList');

    let crlNumber: bigint | undefined;
    let deltaBaseCrlNumber: bigint | undefined;
    let authorityKeyIdentifier: Buffer | undefined;
    let issuingDistributionPoint: Buffer | undefined;
    let freshestCrlUrls: string[] = [];
    if (extensionsWrapper) {
      const extensions = only(der, extensionsWrapper);
      for (const { oid, critical, value } of readExtensions(der, extensions)) {
        if (oid === OID_CRL_NUMBER) crlNumber = readInteger(der, only(der, value));
        else if (oid === OID_DELTA_CRL_INDICATOR) deltaBaseCrlNumber = readInteger(der, only(der, value));
        else if (oid === OID_AUTHORITY_KEY_IDENTIFIER) {
          const aki = only(der, value);
          for (const field of children(der, aki))
            if (field.tag === 0x80) authorityKeyIdentifier = der.subarray(field.valueStart, field.end);
        } else if (oid === OID_ISSUING_DISTRIBUTION_POINT)
          issuingDistributionPoint = Buffer.from(der.subarray(value.valueStart, value.end));
        else if (oid === OID_FRESHEST_CRL)
          freshestCrlUrls = critical ? readDistributionPointUrls(der, value) : tolerant(der, value);
        else if (critical && !UNDERSTOOD_CRL_EXTENSIONS.has(oid)) throw new DerError(`unsupported critical CRL extension ${oid}`);
      }
    }

    // Two passes over the entries: count, then fill typed arrays of the right size.
    let count = 0;
    if (revoked) for (const _ of children(der, revoked)) count++;
    const slots = Buffer.alloc(count * SLOT);
    const revokedAt = new Float64Array(count);
    const reasons = new Int8Array(count).fill(-1);
    let capacity = 16;
    while (capacity < count * 2) capacity *= 2;
    const table = new Int32Array(capacity);
    const mask = capacity - 1;
    let index = 0;
    if (revoked) {
      for (const entry of children(der, revoked)) {
        const serialElement = expectTag(readElement(der, entry.valueStart, entry.end), 0x02, 'userCertificate');
        const serial = normalizeSerial(der.subarray(serialElement.valueStart, serialElement.end));
        if (serial.length > SLOT) throw new DerError('serial number longer than 20 octets');
        serial.copy(slots, index * SLOT + SLOT - serial.length);
        const dateElement = readElement(der, serialElement.end, entry.end);
        revokedAt[index] = readTime(der, dateElement).getTime();
        if (dateElement.end < entry.end) {
          const entryExtensions = readElement(der, dateElement.end, entry.end);
          if (entryExtensions.end !== entry.end) throw new DerError('unexpected element after crlEntryExtensions');
          for (const { oid, critical, value } of readExtensions(der, entryExtensions)) {
            if (oid === OID_REASON_CODE) reasons[index] = der[only(der, value).valueStart];
            else if (critical && !UNDERSTOOD_ENTRY_EXTENSIONS.has(oid))
              throw new DerError(`unsupported critical CRL entry extension ${oid}`);
          }
        }
        let position = hashSlot(slots, index * SLOT) & mask;
        while (table[position] !== 0) position = (position + 1) & mask;
        table[position] = index + 1;
        index++;
      }
    }

    return new CrlIndex(
      Buffer.from(der.subarray(tbs.start, tbs.end)),
      signatureAlgorithm,
      Buffer.from(der.subarray(signature.valueStart + 1, signature.end)),
      Buffer.from(der.subarray(issuer.start, issuer.end)),
      thisUpdate,
      nextUpdate,
      crlNumber,
      deltaBaseCrlNumber,
      authorityKeyIdentifier ? Buffer.from(authorityKeyIdentifier) : undefined,
      issuingDistributionPoint,
      freshestCrlUrls,
      count,
      slots,
      revokedAt,
      reasons,
      table,
    );
  }
}

// The one element a container (an extnValue OCTET STRING, the [0] of crlExtensions) holds:
// X.690 §8.1.1.3, its length must be exactly that element's.
function only(der: Buffer, container: ReturnType<typeof readElement>): ReturnType<typeof readElement> {
  const element = readElement(der, container.valueStart, container.end);
  if (element.end !== container.end)
    throw new DerError(`${container.end - element.end} bytes after the element at ${element.start}`);
  return element;
}

function readInteger(der: Buffer, element: ReturnType<typeof readElement>): bigint {
  expectTag(element, 0x02, 'INTEGER');
  const hex = der.toString('hex', element.valueStart, element.end);
  return hex ? BigInt(`0x${hex}`) : 0n;
}

function* readExtensions(der: Buffer, extensions: ReturnType<typeof readElement>) {
  expectTag(extensions, 0x30, 'Extensions');
  for (const extension of children(der, extensions)) {
    const [oidElement, second, third] = [...children(der, extension)];
    const critical = second?.tag === 0x01 && der[second.valueStart] !== 0;
    const value = expectTag(second?.tag === 0x01 ? third : second, 0x04, 'extnValue');
    yield { oid: readOid(der, oidElement), critical, value };
  }
}

// RFC 5280 makes Freshest CRL non-critical: a malformed one is a lost hint, not a reason to
// refuse the CRL.
function tolerant(der: Buffer, value: ReturnType<typeof readElement>): string[] {
  try {
    return readDistributionPointUrls(der, value);
  } catch {
    return [];
  }
}

// CRLDistributionPoints (as in the Freshest CRL extension): the uniformResourceIdentifier full
// names of every point, http(s) only. Relative names and CRL issuers are not used by NCA.
function readDistributionPointUrls(der: Buffer, value: ReturnType<typeof readElement>): string[] {
  const urls: string[] = [];
  const points = expectTag(only(der, value), 0x30, 'CRLDistributionPoints');
  for (const point of children(der, points)) {
    const name = [...children(der, expectTag(point, 0x30, 'DistributionPoint'))].find((field) => field.tag === 0xa0);
    if (!name) continue;
    const fullName = [...children(der, name)].find((field) => field.tag === 0xa0);
    if (!fullName) continue;
    for (const general of children(der, fullName)) {
      const text = general.tag === 0x86 ? der.toString('latin1', general.valueStart, general.end) : '';
      if (/^https?:\/\//i.test(text)) urls.push(text);
    }
  }
  return urls;
}
