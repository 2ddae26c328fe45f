import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadTestPki, TestPki } from '../../signing/test-pki/manifest';
import { EKU } from '../../../web/src/ncalayer/client/protocol';
import {
  checkConfigAgainstPki,
  EmulatorConfig,
  EmulatorConfigError,
  EXAMPLE_CONFIG_FILE,
  parseEmulatorConfig,
  readEmulatorConfig,
  selectKey,
  stripJsonComments,
} from './emulator-config';

const PKI_DIR = path.resolve(__dirname, '../../../certs/test-pki');
const NOW = new Date('2026-06-01T00:00:00Z');
let pki: TestPki;

beforeAll(() => {
  pki = loadTestPki(PKI_DIR);
});

function config(storages: Record<string, string[]>, chainCheck = false): EmulatorConfig {
  return { testPkiDir: PKI_DIR, version: '1.4', chainCheck, storages };
}

function picked(cfg: EmulatorConfig, filter: Parameters<typeof selectKey>[2]): string {
  const selection = selectKey(pki, cfg, filter, NOW);
  return selection.key ? selection.key.entity.id : `none: ${selection.reason}`;
}

describe('config file', () => {
  it('comments are stripped outside strings only', () => {
    const text = '{ // note\n "url": "http://x//y", /* block\n comment */ "a": "/*not*/" }';
    expect(JSON.parse(stripJsonComments(text))).toEqual({ url: 'http://x//y', a: '/*not*/' });
    expect(JSON.parse(stripJsonComments('{"q": "say \\"//\\""}'))).toEqual({ q: 'say "//"' });
    expect(() => stripJsonComments('{ /* open')).toThrow(/unterminated/);
  });

  it('the committed example is valid and names only end-entity keys of the test PKI', () => {
    const cfg = readEmulatorConfig(EXAMPLE_CONFIG_FILE);
    expect(cfg.testPkiDir).toBe(PKI_DIR);
    expect(() => checkConfigAgainstPki(cfg, pki, EXAMPLE_CONFIG_FILE)).not.toThrow();
    // What the example's comments promise.
    expect(picked(cfg, { extKeyUsageOids: [EKU.sign] })).toBe('gost2015/individual-sign');
    expect(picked(cfg, { extKeyUsageOids: [EKU.sign], bin: '150140001239' })).toBe('gost2015/ceo-sign');
    expect(picked(cfg, { extKeyUsageOids: [EKU.sign, EKU.employee] })).toBe('gost2015/employee-sign');
    expect(picked(cfg, { extKeyUsageOids: [EKU.auth] })).toBe('gost2015/individual-auth');
  });

  it('bad files give errors naming the file and the problem', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ncalayer-config-'));
    try {
      const file = path.join(dir, 'c.json');
      writeFileSync(file, '{ "storages": ');
      expect(() => readEmulatorConfig(file)).toThrow(
        new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON`),
      );
      expect(() => readEmulatorConfig(path.join(dir, 'missing.json'))).toThrow(/cannot read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const parse = (raw: unknown) => () => parseEmulatorConfig(raw, 'cfg', '/repo');
    expect(parse([])).toThrow(EmulatorConfigError);
    expect(parse({ storages: {} })).toThrow(/storages must map at least one storage/);
    expect(parse({ storages: { PKCS12: 'rsa/ceo-sign' } })).toThrow(/storages.PKCS12 must be a list/);
    expect(parse({ storages: { PKCS12: [] }, chainCheck: 'yes' })).toThrow(/chainCheck must be true or false/);
    expect(parse({ storages: { PKCS12: [] }, keys: [] })).toThrow(/unknown setting\(s\) keys/);
    expect(parseEmulatorConfig({ storages: { PKCS12: [] } }, 'cfg', '/repo')).toEqual({
      testPkiDir: path.resolve('/repo/certs/test-pki'),
      version: '1.4',
      chainCheck: false,
      storages: { PKCS12: [] },
    });
    expect(() => checkConfigAgainstPki(config({ PKCS12: ['rsa/nobody'] }), pki, 'cfg')).toThrow(
      /has no certificate "rsa\/nobody"/,
    );
    expect(() => checkConfigAgainstPki(config({ PKCS12: ['rsa/nca'] }), pki, 'cfg')).toThrow(
      /"rsa\/nca" is not a user key \(role issuing-ca\)/,
    );
  });
});

describe('key selection', () => {
  const cfg = config({
    PKCS12: [
      'gost2015/individual-sign',
      'gost2015/individual-sign-revoked',
      'gost2015/individual-sign-expired',
      'gost2015/employee-sign',
    ],
    AKKaztokenStore: ['rsa/ceo-sign', 'rsa/ceo-auth'],
  });

  it('first key in configuration order that passes every filter', () => {
    expect(picked(cfg, { extKeyUsageOids: [EKU.sign] })).toBe('gost2015/individual-sign');
    expect(picked(cfg, { extKeyUsageOids: [EKU.sign], bin: '150140001239' })).toBe('gost2015/employee-sign');
    expect(picked(cfg, { extKeyUsageOids: [EKU.firstHead] })).toBe('rsa/ceo-sign');
    expect(picked(cfg, { extKeyUsageOids: [EKU.auth] })).toBe('rsa/ceo-auth');
    expect(picked(cfg, { storages: ['AKKaztokenStore'] })).toBe('rsa/ceo-sign');
    expect(picked(cfg, { storages: ['AKKaztokenStore'], purpose: 'auth' })).toBe('rsa/ceo-auth');
    const serial = pki.get('rsa/ceo-auth').serialNumber;
    expect(picked(cfg, { serialNumber: `00${serial.toLowerCase()}` })).toBe('rsa/ceo-auth');
  });

  it('revoked and expired keys only when allowed', () => {
    expect(picked(cfg, { iin: '900720400346' })).toMatch(/^none: .*revoked \(allowRevoked is off\)/);
    expect(picked(cfg, { iin: '900720400346', allowRevoked: true })).toBe('gost2015/individual-sign-revoked');
    expect(picked(cfg, { iin: '780101300565' })).toMatch(/not valid now/);
    expect(picked(cfg, { iin: '780101300565', allowExpired: true })).toBe('gost2015/individual-sign-expired');
  });

  it('no match explains every candidate; unknown storage says so', () => {
    const none = picked(cfg, { extKeyUsageOids: [EKU.sign], iin: '123456789012' });
    expect(none).toMatch(/^none: no key matches the signer filter \(gost2015\/individual-sign: IIN is not 123456789012; /);
    expect(picked(cfg, { storages: ['AKJaCartaStore'] })).toBe('none: no key storage of type AKJaCartaStore found');
  });

  it('chainCheck: chain null allows no test key, a chain must hold the issuing CA, [] skips the check', () => {
    const strict = config({ PKCS12: ['gost2015/individual-sign'] }, true);
    expect(picked(strict, { chain: null })).toMatch(/only production NCA certificates/);
    expect(picked(strict, {})).toMatch(/only production NCA certificates/);
    expect(picked(strict, { chain: [] })).toBe('gost2015/individual-sign');
    const pem = (id: string) =>
      `-----BEGIN CERTIFICATE-----\n${Buffer.from(pki.get(id).der).toString('base64')}\n-----END CERTIFICATE-----`;
    expect(picked(strict, { chain: [pem('gost2015/root-ca'), pem('gost2015/nca')] })).toBe('gost2015/individual-sign');
    expect(picked(strict, { chain: [pem('rsa/nca')] })).toMatch(/issuing CA is not in signerParams.chain/);
    // Off (the default): chain is not looked at.
    expect(picked(config({ PKCS12: ['gost2015/individual-sign'] }), { chain: null })).toBe('gost2015/individual-sign');
  });
});
