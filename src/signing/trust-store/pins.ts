// Pinned production CA certificates (certs/production/pins.json): which files make up the
// `nca-production` trust store, where NCA publishes each one, and the SHA-256 of its DER. The pin
// is what makes a download from pki.gov.kz trustworthy: a certificate is accepted only when its
// bytes hash to the value committed in the repository.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export const PINS_FILE = 'pins.json';

export interface CertificatePin {
  readonly name: string;
  // File name inside the store folder (no directories).
  readonly file: string;
  // Tried in order; the next one is used when a download fails or does not match the pin.
  readonly urls: readonly string[];
  // Lower-case hex SHA-256 of the certificate DER.
  readonly sha256: string;
  readonly subject?: string;
  readonly notAfter?: string;
}

export class PinError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PinError';
  }
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

// Servers hand out .cer/.crt as DER or as PEM; the pin is always over the DER.
export function certificateDer(body: Uint8Array): Uint8Array {
  const text = Buffer.from(body.subarray(0, 64)).toString('latin1');
  if (!text.includes('-----BEGIN')) return body;
  const match = /-----BEGIN (?:X509 )?CERTIFICATE-----([\s\S]*?)-----END (?:X509 )?CERTIFICATE-----/.exec(
    Buffer.from(body).toString('latin1'),
  );
  if (!match) throw new PinError('PEM without a CERTIFICATE block');
  return new Uint8Array(Buffer.from(match[1].replace(/\s+/g, ''), 'base64'));
}

function validPin(value: unknown, index: number): CertificatePin {
  const where = `pins.json certificates[${index}]`;
  if (!value || typeof value !== 'object') throw new PinError(`${where}: not an object`);
  const pin = value as Record<string, unknown>;
  const name = typeof pin.name === 'string' && pin.name ? pin.name : undefined;
  if (!name) throw new PinError(`${where}: name missing`);
  if (typeof pin.file !== 'string' || !/^[A-Za-z0-9_.-]+\.(cer|crt|der)$/.test(pin.file))
    throw new PinError(`${where} (${name}): file must be a plain .cer/.crt/.der file name`);
  if (typeof pin.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(pin.sha256))
    throw new PinError(`${where} (${name}): sha256 must be 64 lower-case hex digits`);
  const urls = Array.isArray(pin.urls) ? pin.urls : [];
  if (urls.length === 0 || !urls.every((u) => typeof u === 'string' && /^https?:\/\/\S+$/.test(u)))
    throw new PinError(`${where} (${name}): urls must be a non-empty list of http(s) addresses`);
  return {
    name,
    file: pin.file,
    urls: urls as string[],
    sha256: pin.sha256,
    subject: typeof pin.subject === 'string' ? pin.subject : undefined,
    notAfter: typeof pin.notAfter === 'string' ? pin.notAfter : undefined,
  };
}

export function parsePins(json: string): CertificatePin[] {
  let document: unknown;
  try {
    document = JSON.parse(json);
  } catch (error) {
    throw new PinError(`pins.json: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const list = (document as { certificates?: unknown } | null)?.certificates;
  if (!Array.isArray(list)) throw new PinError('pins.json: "certificates" must be a list');
  const pins = list.map(validPin);
  const files = new Set<string>();
  for (const pin of pins) {
    if (files.has(pin.file)) throw new PinError(`pins.json: ${pin.file} is pinned twice`);
    files.add(pin.file);
  }
  return pins;
}

export function readPins(storeDir: string): CertificatePin[] {
  const file = path.join(storeDir, PINS_FILE);
  let json: string;
  try {
    json = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PinError(`${file}: cannot read the pins (${error instanceof Error ? error.message : String(error)})`);
  }
  return parsePins(json);
}
