// npm run ncalayer:emulator [-- --port 13579] [--plain] [--bare-base64] [--config ncalayer-emulator.json]
//
// Starts the NCALayer emulator (development and browser tests only). Refuses to run with
// NODE_ENV=production; the emulator modules are loaded only after that check, and they refuse
// on their own too.

import { EmulatorInProductionError, isProductionEnvironment } from './production-guard';

const USAGE = `Usage: npm run ncalayer:emulator -- [--port N] [--plain] [--bare-base64] [--config FILE]
  --port N       listen on 127.0.0.1:N (default 13579, NCALayer's port)
  --plain        ws:// instead of wss:// (tests; browsers on https pages need wss)
  --bare-base64  basics.sign answers bare base64 CMS instead of PEM (the real NCALayer sends PEM)
  --config FILE  key choice (default ncalayer-emulator.json, else ncalayer-emulator.example.json)`;

interface CliOptions {
  readonly port: number;
  readonly plain: boolean;
  readonly bareBase64: boolean;
  readonly config?: string;
}

export function parseCliArguments(argv: readonly string[]): CliOptions | 'help' {
  let port = 13579;
  let plain = false;
  let bareBase64 = false;
  let config: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--port': {
        const text = value();
        port = Number(text);
        if (!/^\d+$/.test(text) || port > 65535) throw new Error(`--port: not a port number: ${text}`);
        break;
      }
      case '--plain':
        plain = true;
        break;
      case '--bare-base64':
        bareBase64 = true;
        break;
      case '--config':
        config = value();
        break;
      case '--help':
      case '-h':
        return 'help';
      default:
        throw new Error(`unknown argument ${arg}`);
    }
  }
  return { port, plain, bareBase64, config };
}

async function main(argv: readonly string[]): Promise<void> {
  if (isProductionEnvironment()) throw new EmulatorInProductionError();
  const options = parseCliArguments(argv);
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  // Loaded after the production check on purpose.
  const { readEmulatorConfig, resolveConfigFile, checkConfigAgainstPki } = await import('./emulator-config');
  const { loadTestPki } = await import('../../signing/test-pki/manifest');
  const { NcaLayerEmulator } = await import('./emulator-server');
  const { ensureLocalhostCertificate, trustInstructions } = await import('./localhost-cert');

  const configFile = resolveConfigFile(options.config);
  const config = readEmulatorConfig(configFile);
  const pki = loadTestPki(config.testPkiDir);
  checkConfigAgainstPki(config, pki, configFile);
  const certificate = options.plain ? undefined : ensureLocalhostCertificate();
  const emulator = new NcaLayerEmulator({
    pki,
    config,
    port: options.port,
    tls: certificate ? { key: certificate.key, cert: certificate.cert } : undefined,
    cmsEncoding: options.bareBase64 ? 'base64' : 'pem',
    log: (line) => console.log(`[ncalayer-emulator] ${new Date().toISOString()} ${line}`),
  });
  const { url, port } = await emulator.start();
  console.log(`NCALayer emulator ${config.version} listening on ${url} — DEVELOPMENT ONLY, signs with certs/test-pki keys`);
  console.log(`Config: ${configFile}`);
  for (const [storage, ids] of Object.entries(config.storages)) console.log(`  ${storage}: ${ids.join(', ')}`);
  if (certificate) console.log(trustInstructions(certificate, port));
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === 'EADDRINUSE' ? 'the port is in use (is the real NCALayer running?)' : (error as Error).message;
    console.error(`ncalayer:emulator: ${message}`);
    process.exit(error instanceof EmulatorInProductionError ? 78 : 1);
  });
}
