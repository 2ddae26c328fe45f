// Certificates, CRLs and OCSP responses built from RFC 5280 with the test PKI's keys, for the specs
// of what a certificate-using system must refuse (rfc5280-constraints.spec.ts,
// rfc5280-name-constraints.spec.ts).

import * as path from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { createCadesBes } from '../test-pki/cades';
import { CmsSigner } from '../test-pki/cms-builder';
import { rdn, utf8, printable } from '../test-pki/der';
import { TestKey } from '../test-pki/keys';
import { loadTestPki, TestPki } from '../test-pki/manifest';
import {
  authorityKeyIdentifier,
  basicConstraints,
  extension,
  keyIdentifierOf,
  keyUsage,
  signCertificate,
  subjectKeyIdentifier,
} from '../test-pki/x509-builder';
import { verifyCms, VerifyCmsInput } from './cms-verifier';
import { Check, VerificationReport } from './report';
import { RevocationFetcher } from './revocation-fetcher';

export let pki: TestPki;
export const CONTENT = Buffer.from('договор поставки №7');
export const VALIDATION_TIME = new Date('2026-06-01T00:00:00Z');
export const SIGNING_TIME = new Date('2026-05-01T00:00:00Z');
export const UNKNOWN = '1.2.398.99.1.2.3';

export const noNetwork: RevocationFetcher = { fetch: () => Promise.reject(new Error('no network in this spec')) };

export type Pair = [type: string, value: asn1js.AsnType];
export const C = (v: string): Pair => ['2.5.4.6', printable(v)];
export const O = (v: string): Pair => ['2.5.4.10', utf8(v)];
export const CN = (v: string): Pair => ['2.5.4.3', utf8(v)];
export const EMAIL = (v: string): Pair => ['1.2.840.113549.1.9.1', new asn1js.IA5String({ value: v })];

export let serial = 1;
export function issue(
  subject: Pair[],
  issuer: { certificate: pkijs.Certificate; key: TestKey },
  key: TestKey,
  extensions: pkijs.Extension[],
): { der: Uint8Array; certificate: pkijs.Certificate } {
  const bytes = new Uint8Array(20);
  bytes[0] = 0x11;
  new DataView(bytes.buffer).setUint32(16, serial++);
  return signCertificate(
    {
      serialNumber: bytes,
      issuer: issuer.certificate.subject,
      subject: rdn(subject),
      notBefore: new Date('2025-01-01T00:00:00Z'),
      notAfter: new Date('2035-01-01T00:00:00Z'),
      spki: key.spki,
      extensions,
    },
    issuer.key,
  );
}

export const unknown = (critical: boolean) => extension(UNKNOWN, critical, new asn1js.Null());
export const caExtensions = (key: TestKey, issuerKey: TestKey) => [
  basicConstraints(true),
  keyUsage(['keyCertSign', 'cRLSign']),
  subjectKeyIdentifier(keyIdentifierOf(key.spki)),
  authorityKeyIdentifier(keyIdentifierOf(issuerKey.spki)),
];
export const eeExtensions = (key: TestKey, issuerKey: TestKey) => [
  keyUsage(['digitalSignature', 'nonRepudiation']),
  subjectKeyIdentifier(keyIdentifierOf(key.spki)),
  authorityKeyIdentifier(keyIdentifierOf(issuerKey.spki)),
];

export interface Built {
  readonly ca: { der: Uint8Array; certificate: pkijs.Certificate; key: TestKey };
  readonly ee: CmsSigner;
}

// root (the anchor, from the test PKI) → a CA of ours → an end entity; keys from the test PKI.
export function hierarchy(
  options: { ca?: pkijs.Extension[]; caName?: Pair[]; ee?: pkijs.Extension[]; eeName?: Pair[]; eeBase?: boolean } = {},
): Built {
  const root = pki.get('rsa/root-ca');
  const caKey = pki.get('rsa/nca').key;
  const eeKey = pki.get('rsa/individual-sign').key;
  const ca = {
    ...issue(options.caName ?? [C('KZ'), O('EDO'), CN('EDO Constrained CA')], root, caKey, [
      ...caExtensions(caKey, root.key),
      ...(options.ca ?? []),
    ]),
    key: caKey,
  };
  const base = options.eeBase === false ? [] : eeExtensions(eeKey, caKey);
  const ee = issue(options.eeName ?? [C('KZ'), O('EDO'), CN('ALICE')], ca, eeKey, [...base, ...(options.ee ?? [])]);
  return { ca, ee: { ...ee, key: eeKey } };
}

export async function verifyBuilt(built: Built, input: Partial<VerifyCmsInput> = {}): Promise<VerificationReport> {
  return verifyCms({
    cms: await createCadesBes(built.ee, CONTENT, { signingTime: SIGNING_TIME, extraCertificates: [built.ca.der] }),
    trustAnchors: [pki.get('rsa/root-ca').der],
    validationTime: VALIDATION_TIME,
    policy: { revocation: 'off' },
    ...input,
  });
}

export const chainOf = (report: VerificationReport): Check | undefined =>
  report.signers[0].checks.find((c) => c.name === 'CERTIFICATE_CHAIN');

export function expectRefused(report: VerificationReport, message: RegExp): void {
  expect(report.indication).toBe('INDETERMINATE');
  expect(report.signers[0].subIndication).toBe('CHAIN_CONSTRAINTS_FAILURE');
  expect(chainOf(report)).toMatchObject({ status: 'FAILED', subIndication: 'CHAIN_CONSTRAINTS_FAILURE' });
  expect(chainOf(report)?.message).toMatch(message);
}

// Registers the hooks of a spec file that uses the helpers above.
export function loadTestPkiBeforeAll(): void {
  beforeAll(() => {
    pki = loadTestPki(path.resolve(__dirname, '../../../certs/test-pki'));
  });
}
