// Signing keys of the test PKI: RSA (node:crypto) and KZ GOST (our own gost-sign.ts). Everything
// signs raw bytes synchronously, so certificates, CRLs, OCSP responses and CMS are all signed the
// same way: encode the to-be-signed DER, call sign(), store the value.

import { KeyObject, createHash, createPrivateKey, createPublicKey, generateKeyPair, sign as rsaSign } from 'node:crypto';
import { promisify } from 'node:util';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { generateKzGostKeyPair, kzGostPublicKeyFromPrivate, signKzGostMessage } from '../gost/gost-sign';
import { KzGostAlgorithm, kzGostDigest } from '../gost/kz-gost';
import { OID } from './oids';

export type TestKeyAlgorithm = 'rsa-sha256' | 'gost2015-512' | 'gost2004';

export const TEST_KEY_ALGORITHMS: readonly TestKeyAlgorithm[] = ['rsa-sha256', 'gost2015-512', 'gost2004'];

export interface TestKey {
  readonly algorithm: TestKeyAlgorithm;
  // DER SubjectPublicKeyInfo, encoded as NCA encodes it for this algorithm.
  readonly spki: Uint8Array;
  // Hash-and-sign: PKCS#1 v1.5 SHA-256 for RSA, r_LE || s_LE over the KZ hash for GOST.
  sign(data: Uint8Array): Uint8Array;
  // Private-key file content: PKCS#8 PEM for RSA, a JSON container for GOST (GOST_KEY_FORMAT).
  exportPrivateKey(): string;
}

// Our own container for GOST test keys. d is the plain scalar (big-endian hex), publicKey is
// x_LE || y_LE (hex). There is no standard PKCS#8 form that Kalkan and we share (kz-pki.md §2.3),
// and these keys are throwaway test material, so a readable JSON file is the honest format.
export const GOST_KEY_FORMAT = 'edo-test-pki/gost-private-key/v1';

interface GostKeyFile {
  format: typeof GOST_KEY_FORMAT;
  algorithm: KzGostAlgorithm;
  d: string;
  publicKey: string;
  warning: string;
}

interface AlgorithmProfile {
  readonly signatureOid: string;
  readonly digestOid: string;
  readonly digest: (data: Uint8Array) => Uint8Array;
}

const PROFILES: Readonly<Record<TestKeyAlgorithm, AlgorithmProfile>> = {
  'rsa-sha256': {
    signatureOid: OID.sha256WithRsa,
    digestOid: OID.sha256,
    digest: (data) => new Uint8Array(createHash('sha256').update(data).digest()),
  },
  'gost2015-512': {
    signatureOid: OID.gost2015Signature512,
    digestOid: OID.gost2015Digest512,
    digest: (data) => kzGostDigest('gost2015-512', data),
  },
  gost2004: {
    signatureOid: OID.gost2004Signature,
    digestOid: OID.gost2004Digest,
    digest: (data) => kzGostDigest('gost2004', data),
  },
};

export function signatureOidOf(algorithm: TestKeyAlgorithm): string {
  return PROFILES[algorithm].signatureOid;
}

export function digestOidOf(algorithm: TestKeyAlgorithm): string {
  return PROFILES[algorithm].digestOid;
}

// The hash that goes with the key: SHA-256, Streebog-512 or GOST R 34.11-94 (test S-box).
export function digestFor(algorithm: TestKeyAlgorithm, data: Uint8Array): Uint8Array {
  return PROFILES[algorithm].digest(data);
}

// NCA writes NULL parameters for RSA and for the KZ GOST OIDs alike (see the vectors).
export function signatureAlgorithmIdentifier(algorithm: TestKeyAlgorithm): pkijs.AlgorithmIdentifier {
  return new pkijs.AlgorithmIdentifier({ algorithmId: PROFILES[algorithm].signatureOid, algorithmParams: new asn1js.Null() });
}

export function digestAlgorithmIdentifier(algorithm: TestKeyAlgorithm): pkijs.AlgorithmIdentifier {
  return new pkijs.AlgorithmIdentifier({ algorithmId: PROFILES[algorithm].digestOid, algorithmParams: new asn1js.Null() });
}

// SPKI exactly as in the NCA certificates: for GOST 2015-512
// SEQ { SEQ { 1.2.398.3.10.1.1.2.2, SEQ { 1.2.398.3.10.1.1.2.2.1, 1.2.398.3.10.1.3.3 } },
//       BIT STRING { OCTET STRING (128) x_LE || y_LE } } (ca/nca_gost2015_test.cer);
// for GOST 2004 the same shape with 1.2.398.3.10.1.1.1.1 { ...1.1.1.1.1, 1.2.398.3.10.1.3.1.1.0 } and
// 64 bytes (certs/ceo_valid_sign_2004_gost.cer).
export function gostSpki(algorithm: KzGostAlgorithm, publicKey: Uint8Array): Uint8Array {
  let ids: [string, string, string];
  if (algorithm === 'gost2015-512') ids = [OID.gost2015KeyAlgorithm512, OID.gost2015ParamSet512A, OID.gost2015Digest512];
  else if (algorithm === 'gost2004') ids = [OID.gost2004KeyAlgorithm, OID.gost2004ParamSetA, OID.gost2004HashParamTest];
  else throw new Error(`no NCA SPKI profile for ${algorithm}`);
  const spki = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [
          new asn1js.ObjectIdentifier({ value: ids[0] }),
          new asn1js.Sequence({
            value: [new asn1js.ObjectIdentifier({ value: ids[1] }), new asn1js.ObjectIdentifier({ value: ids[2] })],
          }),
        ],
      }),
      new asn1js.BitString({ valueHex: new asn1js.OctetString({ valueHex: publicKey }).toBER() }),
    ],
  });
  return new Uint8Array(spki.toBER());
}

function rsaKey(privateKey: KeyObject): TestKey {
  const spki = new Uint8Array(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }));
  return {
    algorithm: 'rsa-sha256',
    spki,
    // PKCS#1 v1.5 is node's default padding for RSA keys.
    sign: (data) => new Uint8Array(rsaSign('sha256', data, privateKey)),
    exportPrivateKey: () => privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

function gostKey(algorithm: 'gost2015-512' | 'gost2004', d: bigint, publicKey: Uint8Array): TestKey {
  return {
    algorithm,
    spki: gostSpki(algorithm, publicKey),
    sign: (data) => signKzGostMessage(algorithm, data, d),
    exportPrivateKey: () => {
      const file: GostKeyFile = {
        format: GOST_KEY_FORMAT,
        algorithm,
        d: d.toString(16).padStart(algorithm === 'gost2004' ? 64 : 128, '0'),
        publicKey: Buffer.from(publicKey).toString('hex'),
        warning: 'Throwaway test key of the EDO test PKI. Never use it for anything real.',
      };
      return `${JSON.stringify(file, null, 2)}\n`;
    },
  };
}

const generateRsa = promisify(generateKeyPair);

export async function generateTestKey(algorithm: TestKeyAlgorithm, rsaBits = 2048): Promise<TestKey> {
  if (algorithm === 'rsa-sha256') {
    // Async generation runs on the libuv pool, so several keys are made in parallel.
    const { privateKey } = await generateRsa('rsa', { modulusLength: rsaBits, publicExponent: 0x10001 });
    return rsaKey(privateKey);
  }
  const pair = generateKzGostKeyPair(algorithm);
  return gostKey(algorithm, pair.privateKey, pair.publicKey);
}

// Reads what exportPrivateKey wrote.
export function parseTestKey(text: string): TestKey {
  if (text.trimStart().startsWith('-----BEGIN PRIVATE KEY-----')) {
    const key = createPrivateKey({ key: text, format: 'pem' });
    if (key.asymmetricKeyType !== 'rsa') throw new Error(`unsupported test key type ${key.asymmetricKeyType}`);
    return rsaKey(key);
  }
  const file = JSON.parse(text) as Partial<GostKeyFile>;
  if (file.format !== GOST_KEY_FORMAT || (file.algorithm !== 'gost2015-512' && file.algorithm !== 'gost2004') || !file.d) {
    throw new Error('not a test-PKI key file');
  }
  const d = BigInt(`0x${file.d}`);
  const publicKey = kzGostPublicKeyFromPrivate(file.algorithm, d);
  // A hand-edited file would otherwise sign with a key that no certificate matches.
  if (file.publicKey !== undefined && file.publicKey !== Buffer.from(publicKey).toString('hex')) {
    throw new Error('GOST key file: publicKey does not match d');
  }
  return gostKey(file.algorithm, d, publicKey);
}
