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
