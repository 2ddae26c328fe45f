// Self-signed TLS certificate for wss://127.0.0.1:13579, so the browser can talk to the emulator
// the way it talks to NCALayer. Kept under data/ncalayer-emulator/ and reused while valid: the
// browser's exception for it then survives emulator restarts.

import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import forge from 'node-forge';
import { REPO_ROOT } from './emulator-config';
import { assertNotProduction } from './production-guard';

assertNotProduction();

export const DEFAULT_CERT_DIR = path.join(REPO_ROOT, 'data', 'ncalayer-emulator');
const VALIDITY_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface LocalhostCertificate {
  readonly key: string;
  readonly cert: string;
  readonly keyFile: string;
  readonly certFile: string;
  // false: generated now.
  readonly reused: boolean;
  readonly sha256Fingerprint: string;
}

export function generateLocalhostCertificate(now = new Date()): { key: string; cert: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  // Positive 16-byte serial (RFC 5280 §4.1.2.2).
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  cert.serialNumber = serial.toString('hex');
  cert.validity.notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now.getTime() + VALIDITY_DAYS * DAY_MS);
  const name = [
    { name: 'commonName', value: '127.0.0.1' },
    { name: 'organizationName', value: 'EDO NCALayer emulator (development only)' },
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 7, ip: '127.0.0.1' },
        { type: 7, ip: '::1' },
        { type: 2, value: 'localhost' },
      ],
    },
    { name: 'subjectKeyIdentifier' },
  ]);
  // node-forge signs with its own key object, read from the PKCS#1 PEM of the same key.
  const forgeKey = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  cert.sign(forgeKey, forge.md.sha256.create());
  return { key: keyPem, cert: forge.pki.certificateToPem(cert) };
}

// Usable when it parses, covers 127.0.0.1 and stays valid at least another day.
function usable(certPem: string, now: Date): X509Certificate | undefined {
  try {
    const x509 = new X509Certificate(certPem);
    if (!x509.checkIP('127.0.0.1')) return undefined;
    if (new Date(x509.validTo).getTime() - now.getTime() < DAY_MS) return undefined;
    return x509;
  } catch {
    return undefined;
  }
}

export function ensureLocalhostCertificate(dir = DEFAULT_CERT_DIR, now = new Date()): LocalhostCertificate {
  const keyFile = path.join(dir, 'localhost.key.pem');
  const certFile = path.join(dir, 'localhost.crt');
  if (existsSync(keyFile) && existsSync(certFile)) {
    const cert = readFileSync(certFile, 'utf8');
    const key = readFileSync(keyFile, 'utf8');
    const x509 = usable(cert, now);
    if (x509) return { key, cert, keyFile, certFile, reused: true, sha256Fingerprint: x509.fingerprint256 };
  }
  const { key, cert } = generateLocalhostCertificate(now);
  mkdirSync(dir, { recursive: true });
  writeFileSync(keyFile, key, { mode: 0o600 });
  writeFileSync(certFile, cert);
  return { key, cert, keyFile, certFile, reused: false, sha256Fingerprint: new X509Certificate(cert).fingerprint256 };
}

export function trustInstructions(certificate: LocalhostCertificate, port: number): string {
  return [
    `TLS certificate: ${certificate.certFile} (${certificate.reused ? 'reused' : 'generated now'})`,
    `  SHA-256 ${certificate.sha256Fingerprint}`,
    `To let the browser connect to wss://127.0.0.1:${port}, trust this certificate once:`,
    `  open https://127.0.0.1:${port} in the same browser, choose "Advanced" -> "Proceed to 127.0.0.1"`,
    `  (Firefox: "Accept the Risk and Continue"). The page confirms it; then reload the EDO web UI.`,
    `  Or import ${path.basename(certificate.certFile)} into the OS / browser trust store.`,
  ].join('\n');
}
