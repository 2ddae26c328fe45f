// npm run ncalayer:login -- [--api http://127.0.0.1:3000] [--ncalayer wss://127.0.0.1:13579] [--bin B | --iin I] [--register]
//
// Development only: what the web cabinet does at "Sign in with ЭЦП", from a terminal. It asks the
// running NCALayer (normally the emulator) to sign — the offer text first with --register, then a
// login challenge of the running API — and prints the session cookie and CSRF token to call the
// API with. Nothing here is a shortcut around the server's checks: the API verifies the CMS as it
// would verify one made by the real NCALayer.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { WebSocket } from 'ws';
import { NcaLayerClient, SignerFilters, WebSocketConstructor } from '../../../web/src/ncalayer/client/ncalayer-client';
import { DEFAULT_CERT_DIR } from './localhost-cert';
import { EmulatorInProductionError, isProductionEnvironment } from './production-guard';

interface LoginOptions {
  readonly api: string;
  readonly ncalayer: string;
  readonly filters: SignerFilters;
  readonly register: boolean;
}

function parseArguments(argv: readonly string[]): LoginOptions {
  const options = {
    api: 'http://127.0.0.1:3000',
    ncalayer: 'wss://127.0.0.1:13579',
    filters: {} as SignerFilters,
    register: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (!v) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--api') options.api = value().replace(/\/$/, '');
    else if (flag === '--ncalayer') options.ncalayer = value();
    else if (flag === '--bin') options.filters = { ...options.filters, bin: value() };
    else if (flag === '--iin') options.filters = { ...options.filters, iin: value() };
    else if (flag === '--register') options.register = true;
    else throw new Error(`unknown argument ${flag}`);
  }
  return options;
}

// The emulator's self-signed localhost certificate is the CA to trust for wss://; anything else
// (the real NCALayer's certificate) is checked against the system store as usual.
function webSocketClass(): WebSocketConstructor {
  let ca: Buffer | undefined;
  try {
    ca = readFileSync(path.join(DEFAULT_CERT_DIR, 'localhost.crt'));
  } catch {
    ca = undefined;
  }
  return class extends WebSocket {
    constructor(url: string) {
      super(url, ca ? { ca } : {});
    }
  } as unknown as WebSocketConstructor;
}

// The fields of the API's answers this script reads.
interface ApiBody {
  readonly current?: { readonly version: number };
  readonly organization?: { readonly name: string };
  readonly user?: { readonly label: string };
  readonly error?: unknown;
  readonly dataToSign?: string;
  readonly nonce?: string;
  readonly csrfToken?: string;
}

async function call(
  api: string,
  method: string,
  route: string,
  body?: unknown,
): Promise<{ status: number; body: ApiBody; headers: Headers }> {
  const response = await fetch(`${api}${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: ApiBody = {};
  try {
    parsed = JSON.parse(text) as ApiBody;
  } catch {
    // Not JSON (a proxy's error page): reported by the status alone.
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

async function main(options: LoginOptions): Promise<void> {
  const ncaLayer = new NcaLayerClient({ url: options.ncalayer, WebSocket: webSocketClass(), locale: 'ru' });
  try {
    if (options.register) {
      const current = await call(options.api, 'GET', '/api/v1/legal/offer/current');
      const version = current.body.current?.version;
      if (version === undefined) throw new Error(`no current offer: HTTP ${current.status}`);
      const text = await fetch(`${options.api}/api/v1/legal/offer/versions/${version}/text/ru`);
      const bytes = new Uint8Array(await text.arrayBuffer());
      const cms = await ncaLayer.sign({ bytes, detached: true, filters: { ...options.filters, keyUsage: 'SIGN' } });
      const registered = await call(options.api, 'POST', '/api/v1/registration', { offerVersion: version, locale: 'ru', cms });
      console.log(
        `registration: HTTP ${registered.status}`,
        JSON.stringify(registered.body.organization ?? registered.body.error),
      );
    }
    const challenge = await call(options.api, 'POST', '/api/v1/auth/signature/challenge');
    if (!challenge.body.dataToSign) throw new Error(`no challenge: HTTP ${challenge.status}`);
    const cms = await ncaLayer.sign({ data: challenge.body.dataToSign, filters: options.filters });
    const login = await call(options.api, 'POST', '/api/v1/auth/signature/login', { nonce: challenge.body.nonce, cms });
    if (login.status !== 200) {
      console.error(`login refused: HTTP ${login.status} ${JSON.stringify(login.body.error)}`);
      process.exitCode = 1;
      return;
    }
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    console.log(`logged in as ${login.body.user?.label} of ${login.body.organization?.name}`);
    console.log(`curl -H 'Cookie: ${cookie}' -H 'X-CSRF-Token: ${login.body.csrfToken ?? ''}' ${options.api}/api/v1/auth/me`);
  } finally {
    ncaLayer.close();
  }
}

if (isProductionEnvironment()) {
  console.error(new EmulatorInProductionError().message);
  process.exit(78);
}
let parsed: LoginOptions;
try {
  parsed = parseArguments(process.argv.slice(2));
} catch (error) {
  console.error(
    `${(error as Error).message}\nUsage: npm run ncalayer:login -- [--api URL] [--ncalayer URL] [--bin BIN | --iin IIN] [--register]`,
  );
  process.exit(3);
}
main(parsed).catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
