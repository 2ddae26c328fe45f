// A minimal DER reader for hot paths where building asn1js objects per element costs too much
// (a production CRL has ~420,000 entries). It reads tag/length/value triples, nothing more.

export interface DerElement {
  tag: number;
  // Offsets into the buffer the element was read from.
  start: number;
  valueStart: number;
  end: number;
}

export class DerError extends Error {}

export function readElement(buffer: Buffer, offset: number, limit = buffer.length): DerElement {
  if (offset + 2 > limit) throw new DerError(`truncated DER at ${offset}`);
  const tag = buffer[offset];
  if ((tag & 0x1f) === 0x1f) throw new DerError(`multi-byte tags are not used here (at ${offset})`);
  let length = buffer[offset + 1];
  let valueStart = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new DerError(`unsupported length form at ${offset}`);
    if (valueStart + count > limit) throw new DerError(`truncated length at ${offset}`);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buffer[valueStart + i];
    valueStart += count;
  }
  const end = valueStart + length;
  if (end > limit) throw new DerError(`element at ${offset} runs past its container`);

  return { tag, start: offset, valueStart, end };
}

// The children of a constructed element.
export function* children(buffer: Buffer, parent: DerElement): Generator<DerElement> {
  let offset = parent.valueStart;
  while (offset < parent.end) {
    const child = readElement(buffer, offset, parent.end);
    yield child;
    offset = child.end;
  }
}

export function expectTag(element: DerElement, tag: number, what: string): DerElement {
  if (element.tag !== tag) throw new DerError(`${what}: expected tag 0x${tag.toString(16)}, found 0x${element.tag.toString(16)}`);
  return element;
}

// UTCTime (RFC 5280: YY < 50 is 20YY) or GeneralizedTime, both in UTC ("Z").
export function readTime(buffer: Buffer, element: DerElement): Date {
  const text = buffer.toString('latin1', element.valueStart, element.end);
  let match: RegExpExecArray | null;
  if (element.tag === 0x17 && (match = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text))) {
    const year = Number(match[1]) < 50 ? 2000 + Number(match[1]) : 1900 + Number(match[1]);
    return new Date(Date.UTC(year, Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6])));
  }
  if (element.tag === 0x18 && (match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d+))?Z$/.exec(text))) {
    const milliseconds = match[7] ? Math.round(Number(`0.${match[7]}`) * 1000) : 0;
    return new Date(
      Date.UTC(
        Number(match[1]),
        Number(match[2]) - 1,
        Number(match[3]),
        Number(match[4]),
        Number(match[5]),
        Number(match[6]),
        milliseconds,
      ),
    );
  }
  throw new DerError(`unsupported time ${JSON.stringify(text)}`);
}

export function readOid(buffer: Buffer, element: DerElement): string {
  expectTag(element, 0x06, 'OBJECT IDENTIFIER');
  const parts: number[] = [];
  let value = 0;
  for (let i = element.valueStart; i < element.end; i++) {
    value = value * 128 + (buffer[i] & 0x7f);
    if (!(buffer[i] & 0x80)) {
      if (parts.length === 0) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

interface OpenElement {
  // One past the last content byte; undefined for an indefinite length (ends at 00 00).
  readonly end?: number;
  // Where its content must stop at the latest (its own end, or its nearest definite ancestor's).
  readonly limit: number;
}

// Why `bytes` is not exactly one well-formed BER element, or undefined when it is: every length
// of a constructed element is checked against its content (X.690 §8.1.1: the contents octets of a
// definite-length constructed element are exactly its components), nothing runs past its parent,
// indefinite lengths only on constructed elements and closed by end-of-contents, no bytes after
// the element. Primitive values are not looked into. asn1js does not check this: it parses
// `30 03 04 03 41 42 43` (an OCTET STRING of 3 bytes inside a SEQUENCE of 3 bytes) as valid, so
// every parser that hands untrusted bytes to asn1js calls this first. Iterative: hostile nesting
// costs no stack, and maxDepth bounds it.
export function berStructureProblem(bytes: Uint8Array, maxDepth = 64): string | undefined {
  const open: OpenElement[] = [];
  let offset = 0;
  let started = false;
  for (;;) {
    while (open.length > 0 && open[open.length - 1].end === offset) open.pop();
    if (started && open.length === 0) break;
    started = true;
    const parent = open[open.length - 1] as OpenElement | undefined;
    const limit = parent ? parent.limit : bytes.length;
    if (offset + 2 > limit)
      return parent?.end === undefined && parent ? `end-of-contents missing before ${limit}` : `truncated element at ${offset}`;
    const first = bytes[offset];
    if (first === 0 && bytes[offset + 1] === 0) {
      if (!parent || parent.end !== undefined) return `unexpected end-of-contents at ${offset}`;
      open.pop();
      offset += 2;
      continue;
    }
    let p = offset + 1;
    if ((first & 0x1f) === 0x1f) {
      // High tag number form: base-128 digits, the last without bit 8.
      for (let digits = 0; ; digits++) {
        if (p >= limit || digits >= 4) return `bad tag at ${offset}`;
        if (!(bytes[p++] & 0x80)) break;
      }
    }
    if (p >= limit) return `truncated element at ${offset}`;
    const lengthByte = bytes[p++];
    const constructed = (first & 0x20) !== 0;
    if (lengthByte === 0x80) {
      if (!constructed) return `indefinite length on a primitive element at ${offset}`;
      if (open.length >= maxDepth) return `nesting deeper than ${maxDepth}`;
      open.push({ limit });
      offset = p;
      continue;
    }
    let length = lengthByte;
    if (lengthByte & 0x80) {
      const count = lengthByte & 0x7f;
      if (count > 4) return `length of more than 4 bytes at ${offset}`;
      if (p + count > limit) return `truncated length at ${offset}`;
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + bytes[p + i];
      p += count;
    }
    const end = p + length;
    if (end > limit)
      return `element at ${offset} declares ${length} bytes but only ${limit - p} remain in its ${parent ? 'parent' : 'input'}`;
    if (constructed) {
      if (open.length >= maxDepth) return `nesting deeper than ${maxDepth}`;
      open.push({ end, limit: end });
      offset = p;
    } else offset = end;
    if (!parent && !constructed) break;
  }
  return offset === bytes.length ? undefined : `${bytes.length - offset} bytes after the element`;
}
