// The emulator signs on anyone's behalf with test keys, so it must be impossible to run in
// production: the CLI refuses, every module refuses to load, the server refuses to construct, and
// the production build does not contain it at all.

import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as ts from 'typescript';
import { loadTestPki } from '../../signing/test-pki/manifest';
import { parseCliArguments } from './emulator-cli';
import { EmulatorConfig } from './emulator-config';
import { NcaLayerEmulator } from './emulator-server';
import { EmulatorInProductionError } from './production-guard';

const REPO = path.resolve(__dirname, '../../..');
const PKI_DIR = path.join(REPO, 'certs/test-pki');
const config: EmulatorConfig = {
  testPkiDir: PKI_DIR,
  version: '1.4',
  chainCheck: false,
  storages: { PKCS12: ['rsa/individual-sign'] },
};

function withNodeEnv<T>(value: string, run: () => T): T {
  const saved = process.env.NODE_ENV;
  process.env.NODE_ENV = value;
  try {
    return run();
  } finally {
    process.env.NODE_ENV = saved;
  }
}

describe('NODE_ENV=production', () => {
  it('npm run ncalayer:emulator refuses to start (exit 78) and says why', () => {
    const run = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'emulator-cli.ts'), '--plain', '--port', '0'],
      { cwd: REPO, env: { ...process.env, NODE_ENV: 'production' }, encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.status).toBe(78);
    expect(run.stderr).toMatch(/must never run in production/);
    expect(run.stdout).not.toMatch(/listening/);
  });

  it.each(['emulator-server', 'emulator-config', 'emulator-signer', 'localhost-cert'])('loading %s throws', async (name) => {
    const saved = process.env.NODE_ENV;
    process.env.NODE_ENV = ' Production ';
    try {
      // A fresh module registry: the modules run their load-time check again.
      await jest.isolateModulesAsync(async () => {
        await expect(import(`./${name}`)).rejects.toThrow(/must never run in production/);
      });
    } finally {
      process.env.NODE_ENV = saved;
    }
  });

  it('constructing the server throws even when the module was loaded earlier', () => {
    const pki = loadTestPki(PKI_DIR);
    expect(() => new NcaLayerEmulator({ pki, config })).not.toThrow();
    withNodeEnv('production', () => expect(() => new NcaLayerEmulator({ pki, config })).toThrow(EmulatorInProductionError));
  });

  it('the production build (tsconfig.build.json) leaves the emulator out', () => {
    const parsed = ts.getParsedCommandLineOfConfigFile(
      path.join(REPO, 'tsconfig.build.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    );
    const files = parsed?.fileNames.map((f) => path.relative(REPO, f).split(path.sep).join('/')) ?? [];
    expect(files).toContain('src/main.ts');
    expect(files.filter((f) => f.startsWith('src/ncalayer/emulator/'))).toEqual([]);
    // Only server code: the NCALayer browser client the emulator answers lives in web/src (Vite
    // bundles it into the cabinet), and nothing the server ships may pull it or any other file
    // from outside src/ into the build.
    expect(files.filter((f) => !f.startsWith('src/'))).toEqual([]);
  });
});

describe('CLI arguments', () => {
  it('--port, --plain, --bare-base64, --config in both spellings', () => {
    expect(parseCliArguments([])).toEqual({ port: 13579, plain: false, bareBase64: false, config: undefined });
    expect(parseCliArguments(['--port', '0', '--plain', '--bare-base64', '--config', 'x.json'])).toEqual({
      port: 0,
      plain: true,
      bareBase64: true,
      config: 'x.json',
    });
    expect(parseCliArguments(['--port=14000', '--config=y.json'])).toEqual({
      port: 14000,
      plain: false,
      bareBase64: false,
      config: 'y.json',
    });
    expect(parseCliArguments(['--help'])).toBe('help');
  });

  it('rejects bad input with a clear message', () => {
    expect(() => parseCliArguments(['--port', 'http'])).toThrow(/not a port number/);
    expect(() => parseCliArguments(['--port', '70000'])).toThrow(/not a port number/);
    expect(() => parseCliArguments(['--config'])).toThrow(/--config needs a value/);
    expect(() => parseCliArguments(['--tls'])).toThrow(/unknown argument --tls/);
  });
});
