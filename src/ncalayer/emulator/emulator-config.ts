// Configuration of the NCALayer emulator: which test-PKI keys "sit" in which storage, in the order
// the emulated user would pick them, and the key selection that honours a request's filters the
// way NCALayer does (keys that do not match are not selectable).
//
// File format (JSON with // and /* */ comments, see ncalayer-emulator.example.json):
//   { "testPkiDir": "certs/test-pki", "version": "1.4", "chainCheck": false,
//     "storages": { "PKCS12": ["gost2015/individual-sign", "gost2015/ceo-sign", ...], ... } }

import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TestPki, TestPkiEntity } from '../../signing/test-pki/manifest';
import { assertNotProduction } from './production-guard';

assertNotProduction();

export interface EmulatorConfig {
  // Absolute path of the test PKI (manifest.json).
  readonly testPkiDir: string;
  // Announced in the first message.
  readonly version: string;
  // Storage name -> test-PKI certificate ids, in order of preference.
  readonly storages: Readonly<Record<string, readonly string[]>>;
  // true: like NCALayer, signerParams.chain null/absent allows only production NCA certificates,
  // so no test key matches; a non-empty chain must contain the key's issuing CA. false (default):
  // chain is ignored, so a UI that sends the production default still works against the emulator.
  readonly chainCheck: boolean;
}

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const DEFAULT_CONFIG_FILE = path.join(REPO_ROOT, 'ncalayer-emulator.json');
export const EXAMPLE_CONFIG_FILE = path.join(REPO_ROOT, 'ncalayer-emulator.example.json');

export class EmulatorConfigError extends Error {
  constructor(source: string, problem: string) {
    super(`${source}: ${problem}`);
    this.name = 'EmulatorConfigError';
  }
}

// JSON with comments: drops // and /* */ outside string literals.
export function stripJsonComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      out += text.slice(start, ++i);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new SyntaxError('unterminated /* comment');
      // Keep line breaks so JSON.parse positions still point at the right line.
      out += text.slice(i, end + 2).replace(/[^\n]/g, ' ');
      i = end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Validates raw (parsed) configuration against the PKI it names. baseDir resolves testPkiDir.
export function parseEmulatorConfig(raw: unknown, source: string, baseDir: string): EmulatorConfig {
  const bad = (problem: string) => new EmulatorConfigError(source, problem);
  if (!isRecord(raw)) throw bad('expected a JSON object');
  const known = new Set(['testPkiDir', 'version', 'storages', 'chainCheck']);
  const unknown = Object.keys(raw).filter((k) => !known.has(k));
  if (unknown.length > 0) throw bad(`unknown setting(s) ${unknown.join(', ')}`);
  const testPkiDir = raw.testPkiDir ?? 'certs/test-pki';
  if (typeof testPkiDir !== 'string' || !testPkiDir) throw bad('testPkiDir must be a path');
  const version = raw.version ?? '1.4';
  if (typeof version !== 'string' || !version) throw bad('version must be a non-empty string');
  const chainCheck = raw.chainCheck ?? false;
  if (typeof chainCheck !== 'boolean') throw bad('chainCheck must be true or false');
  if (!isRecord(raw.storages) || Object.keys(raw.storages).length === 0)
    throw bad('storages must map at least one storage name to a list of test-PKI certificate ids');
  const storages: Record<string, string[]> = {};
  for (const [storage, ids] of Object.entries(raw.storages)) {
    if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string'))
      throw bad(`storages.${storage} must be a list of certificate ids like "gost2015/individual-sign"`);
    storages[storage] = ids as string[];
  }
  return { testPkiDir: path.resolve(baseDir, testPkiDir), version, storages, chainCheck };
}

// Every configured id must be an end-entity certificate of the PKI.
export function checkConfigAgainstPki(config: EmulatorConfig, pki: TestPki, source: string): void {
  for (const [storage, ids] of Object.entries(config.storages))
    for (const id of ids) {
      const entity = pki.find(id);
      if (!entity) throw new EmulatorConfigError(source, `storages.${storage}: the test PKI has no certificate "${id}"`);
      if (entity.role !== 'end-entity')
        throw new EmulatorConfigError(source, `storages.${storage}: "${id}" is not a user key (role ${entity.role})`);
    }
}

export function readEmulatorConfig(file: string): EmulatorConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new EmulatorConfigError(file, `cannot read (${(error as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(stripJsonComments(text));
  } catch (error) {
    throw new EmulatorConfigError(file, `not valid JSON (${(error as Error).message})`);
  }
  return parseEmulatorConfig(raw, file, REPO_ROOT);
}

// --config, else ncalayer-emulator.json in the repository root, else the committed example.
export function resolveConfigFile(explicit?: string): string {
  if (explicit) return path.resolve(explicit);
  return existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : EXAMPLE_CONFIG_FILE;
}

// ---- key selection ----

export interface KeyFilter {
  // allowedStorages (basics) or the storage name (commonUtils); null/absent: every storage.
  readonly storages?: readonly string[] | null;
  readonly extKeyUsageOids?: readonly string[];
  readonly iin?: string;
  readonly bin?: string;
  readonly serialNumber?: string;
  readonly allowExpired?: boolean;
  readonly allowRevoked?: boolean;
  // commonUtils keyType: SIGNATURE / AUTHENTICATION; anything else lets the user pick any key.
  readonly purpose?: 'sign' | 'auth';
  readonly chain?: readonly string[] | null;
}

export interface SelectedKey {
  readonly storage: string;
  readonly entity: TestPkiEntity;
}

// No key: either no storage of the allowed types exists at all, or keys exist and none matches.
export type KeySelection =
  | { readonly key: SelectedKey }
  | { readonly key?: undefined; readonly kind: 'no-storage' | 'no-match'; readonly reason: string };

const normalizeSerial = (serial: string) => serial.trim().replace(/^0+/, '').toUpperCase();

function pemToBase64Der(pem: string): string {
  return pem.replace(/-----(BEGIN|END)[^-]*-----/g, '').replace(/\s+/g, '');
}

// Why this key is not selectable for the filter, or undefined when it is.
function mismatch(entity: TestPkiEntity, filter: KeyFilter, pki: TestPki, config: EmulatorConfig, now: Date): string | undefined {
  const missingEku = (filter.extKeyUsageOids ?? []).filter((oid) => !entity.extendedKeyUsage.includes(oid));
  if (missingEku.length > 0) return `EKU ${missingEku.join(', ')} missing`;
  if (filter.iin && entity.iin !== filter.iin) return `IIN is not ${filter.iin}`;
  if (filter.bin && entity.bin !== filter.bin) return `BIN is not ${filter.bin}`;
  if (filter.serialNumber && normalizeSerial(entity.serialNumber) !== normalizeSerial(filter.serialNumber))
    return `serial number is not ${filter.serialNumber}`;
  if (filter.purpose && entity.purpose !== filter.purpose) return `not a ${filter.purpose.toUpperCase()} key`;
  const outsideValidity = now < new Date(entity.notBefore) || now > new Date(entity.notAfter);
  if (outsideValidity && !filter.allowExpired) return 'certificate is not valid now (allowExpired is off)';
  if (entity.status === 'revoked' && !filter.allowRevoked) return 'certificate is revoked (allowRevoked is off)';
  if (config.chainCheck) {
    if (filter.chain === undefined || filter.chain === null)
      return 'chain is null: only production NCA certificates are selectable';
    if (filter.chain.length > 0) {
      const issuer = Buffer.from(pki.issuerOf(entity).der).toString('base64');
      if (!filter.chain.some((pem) => pemToBase64Der(pem) === issuer)) return 'its issuing CA is not in signerParams.chain';
    }
  }
  return undefined;
}

// The key the emulated user picks: the first one, in configuration order, that the filter allows.
export function selectKey(pki: TestPki, config: EmulatorConfig, filter: KeyFilter, now = new Date()): KeySelection {
  const storages = Object.keys(config.storages).filter((s) => !filter.storages || filter.storages.includes(s));
  if (storages.length === 0)
    return { kind: 'no-storage', reason: `no key storage of type ${(filter.storages ?? []).join(', ') || '(none)'} found` };
  const reasons: string[] = [];
  for (const storage of storages)
    for (const id of config.storages[storage]) {
      const entity = pki.get(id);
      const why = mismatch(entity, filter, pki, config, now);
      if (why === undefined) return { key: { storage, entity } };
      reasons.push(`${id}: ${why}`);
    }
  return { kind: 'no-match', reason: `no key matches the signer filter (${reasons.join('; ') || 'the storages are empty'})` };
}
