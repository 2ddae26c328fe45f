// CPU per verifyCms call for a hostile CMS (issue 14 §4): S signers × T self-made time-stamp
// tokens, F fake CA certificates sharing the issuer name every certificate claims, and made-up
// RSA keys (src/signing/test-pki/hostile-cms.ts). Next to it, in the same run, a normal RSA
// CAdES-BES verification with the committed test PKI, so a limit that slowed the normal path
// would show.
// Run: npx ts-node --transpile-only bench/hostile-verify.bench.ts [signers] [tokens] [fakeCas]
// (defaults 8 4 40, the reported attack; OpenSSL itself refuses exponents over 64 bits only for moduli over 3072 bits, so the attack uses 3072-bit keys). Before the limits one hostile call took tens of seconds:
// keep the defaults under ~60 s of CPU on a shared machine (e.g. 2 4 40 for a quick look).

import * as path from 'node:path';
import { createCadesBes } from '../src/signing/test-pki/cades';
import { hostileCms } from '../src/signing/test-pki/hostile-cms';
import { loadTestPki } from '../src/signing/test-pki/manifest';
import { verifyCms, VerifyCmsInput } from '../src/signing/verification/cms-verifier';

const [signers, tokensPerSigner, fakeCas] = [2, 3, 4].map((i, n) => Number(process.argv[i] ?? [8, 4, 40][n]));
const VALIDATION_TIME = new Date('2026-06-01T00:00:00Z');

interface Row {
  readonly label: string;
  readonly ops: number;
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly indication: string;
}

async function measure(label: string, input: VerifyCmsInput, ops: number): Promise<Row> {
  await verifyCms(input); // warm-up: caches of certificates and verified links, JIT
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  let indication = '';
  for (let i = 0; i < ops; i++) indication = (await verifyCms(input)).indication;
  const used = process.cpuUsage(cpu);
  return {
    label,
    ops,
    cpuMs: (used.user + used.system) / 1000 / ops,
    wallMs: Number(process.hrtime.bigint() - start) / 1e6 / ops,
    indication,
  };
}

async function main(): Promise<void> {
  const pki = loadTestPki(path.resolve(__dirname, '../certs/test-pki'));
  const anchors = [pki.get('rsa/root-ca').der];
  const policy = { revocation: 'require' as const, revocationOnline: false };
  const normal = await createCadesBes(pki.get('rsa/individual-sign'), Buffer.from('акт'), {
    signingTime: new Date('2026-05-01T00:00:00Z'),
  });
  const shape = { signers, tokensPerSigner, fakeCas };
  const hugeExponent = hostileCms({ ...shape, modulusBits: 3072, exponentBits: 3064 });
  const bigModulus = hostileCms({ ...shape, modulusBits: 8192, exponentBits: 17 });
  console.log(`hostile shape: ${signers} signers × ${tokensPerSigner} tokens, ${fakeCas} same-name fake CAs`);
  const base = { trustAnchors: anchors, certificates: [pki.get('rsa/nca').der], validationTime: VALIDATION_TIME };
  const rows: Row[] = [];
  rows.push(await measure('normal RSA CAdES-BES (test PKI)', { ...base, cms: normal, policy: { revocation: 'off' } }, 200));
  rows.push(await measure('hostile, 3072-bit keys, 3064-bit exponent', { ...base, cms: hugeExponent, policy }, 1));
  rows.push(await measure('hostile, 8192-bit keys, e = 65537', { ...base, cms: bigModulus, policy }, 1));
  console.log('');
  console.log(`${'case'.padEnd(46)} ${'ops'.padStart(5)} ${'CPU ms/op'.padStart(11)} ${'wall ms/op'.padStart(11)}  indication`);
  for (const r of rows)
    console.log(
      `${r.label.padEnd(46)} ${String(r.ops).padStart(5)} ${r.cpuMs.toFixed(2).padStart(11)} ${r.wallMs.toFixed(2).padStart(11)}  ${r.indication}`,
    );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
