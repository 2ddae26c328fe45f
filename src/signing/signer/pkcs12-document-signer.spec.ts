import { createHash } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { verifyCms } from '../verification/cms-verifier';
import { DOCUMENT_SIGNER, DocumentSigner, DocumentSignerError } from './document-signer';
import { DocumentSignerModule, createDocumentSigner } from './document-signer.module';
import { Pkcs12DocumentSigner } from './pkcs12-document-signer';

const VECTORS = path.resolve(__dirname, '../../../certs/nca-test/ncanode');
const RSA_P12 = path.join(VECTORS, 'keys/individual_valid_sign_rsa.p12');
const trustAnchors = [readFileSync(path.join(VECTORS, 'ca/nca_rsa_test.crt'))];
const content = new TextEncoder().encode('Акт доступа №1: оператор ЭДО\n');

function openRsa(password = 'Qwerty12'): Pkcs12DocumentSigner {
  return Pkcs12DocumentSigner.open({ pkcs12: readFileSync(RSA_P12), password, label: 'individual_valid_sign_rsa.p12' });
}

async function expectSignerError(promise: Promise<unknown> | (() => unknown), code: string, message: RegExp): Promise<void> {
  const run = typeof promise === 'function' ? Promise.resolve().then(promise) : promise;
  const error: unknown = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DocumentSignerError);
  expect((error as DocumentSignerError).code).toBe(code);
  expect((error as DocumentSignerError).message).toMatch(message);
}

describe('Pkcs12DocumentSigner (NCA RSA test key store)', () => {
  const signer = openRsa();
  let validationTime: Date;

  beforeAll(async () => {
    const info = await signer.certificate();
    // The NCA test certificates are expired: verify inside their validity period.
    validationTime = new Date((info.notBefore.getTime() + info.notAfter.getTime()) / 2);
  });

  const verify = (cms: Uint8Array, data?: Uint8Array) =>
    verifyCms({ cms, data, trustAnchors, validationTime, policy: { revocation: 'off' } });
  // The verdict plus what led to it, so a failure shows the failing check rather than only the indication.
  const verdict = (report: Awaited<ReturnType<typeof verify>>) => ({
    indication: report.indication,
    problems: report.signers.flatMap((s) => s.checks.filter((c) => c.status === 'FAILED')).map((c) => `${c.name}: ${c.message}`),
    error: report.error,
  });

  it('reads the signer certificate and its IIN', async () => {
    const info = await signer.certificate();
    expect(info.iin).toBe('123456789011');
    expect(info.algorithm).toBe('rsa-sha256');
    expect(info.issuer).toMatch(/RSA TEST/);
    expect(info.sha256).toBe(createHash('sha256').update(info.certificate).digest('hex').toUpperCase());
  });

  it('signs attached content that the project verifier accepts (TOTAL_PASSED, IIN from the certificate)', async () => {
    const signingTime = new Date(validationTime.getTime() - 60_000);
    const cms = await signer.sign(content, { signingTime });
    const report = await verify(cms);
    expect(verdict(report)).toEqual({ indication: 'TOTAL_PASSED', problems: [], error: undefined });
    expect(report.content?.attached).toBe(true);
    expect(report.signers).toHaveLength(1);
    expect(report.signers[0].signer?.iin).toBe('123456789011');
    expect(report.signers[0].signatureAlgorithm).toMatch(/RSA/i);
    expect(report.signers[0].signedAttributes).toEqual(
      expect.arrayContaining(['contentType', 'messageDigest', 'signingTime', 'signingCertificateV2']),
    );
    expect(new Date(report.signers[0].signingTime ?? 0).getTime()).toBe(Math.floor(signingTime.getTime() / 1000) * 1000);
  });

  it('signs detached content, and a precomputed SHA-256 digest gives the same kind of signature', async () => {
    const detached = await signer.sign(content, { detached: true, signingTime: validationTime });
    const fromDigest = await signer.sign(
      { digest: createHash('sha256').update(content).digest() },
      { signingTime: validationTime },
    );
    for (const cms of [detached, fromDigest]) {
      const report = await verify(cms, content);
      expect(verdict(report)).toEqual({ indication: 'TOTAL_PASSED', problems: [], error: undefined });
      expect(report.content?.attached).toBe(false);
    }
    // Same key, same attributes, deterministic PKCS#1 v1.5: byte-identical output.
    expect(Buffer.from(fromDigest).equals(Buffer.from(detached))).toBe(true);
  });

  it('writes DER with eContent as one primitive OCTET STRING and the signer certificate included', async () => {
    const cms = await signer.sign(content, { signingTime: validationTime });
    const parsed = asn1js.fromBER(cms);
    expect(parsed.offset).toBe(cms.byteLength);
    expect(Buffer.from(parsed.result.toBER(false)).equals(Buffer.from(cms))).toBe(true);
    const sd = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: parsed.result }).content });
    expect(sd.encapContentInfo.eContent?.idBlock.isConstructed).toBe(false);
    expect(sd.certificates).toHaveLength(1);
  });

  it('fails verification when the content is tampered with', async () => {
    const detached = await signer.sign(content, { detached: true, signingTime: validationTime });
    const tampered = new Uint8Array(content);
    tampered[0] ^= 0x01;
    const report = await verify(detached, tampered);
    expect(report.indication).toBe('TOTAL_FAILED');
    expect(report.signers[0].subIndication).toBe('HASH_FAILURE');
  });

  it('rejects bad input clearly', async () => {
    await expectSignerError(signer.sign({ digest: new Uint8Array(20) }), 'INVALID_INPUT', /32-byte SHA-256/);
    await expectSignerError(signer.sign({ digest: new Uint8Array(32) }, { detached: false }), 'INVALID_INPUT', /detached/);
    await expectSignerError(signer.sign(content, { signingTime: new Date(NaN) }), 'INVALID_INPUT', /signingTime/);
  });
});

describe('Pkcs12DocumentSigner refusals', () => {
  it('reports a wrong password', async () => {
    await expectSignerError(() => openRsa('wrong'), 'WRONG_PASSWORD', /wrong password/);
  });

  it('refuses a GOST 2015 key store with "unsupported key"', async () => {
    // The vectors README gives Aa123456 for the 2015 key stores (NCANode's WithTestData).
    const pkcs12 = readFileSync(path.join(VECTORS, 'keys/individual_valid_gost2015.p12'));
    await expectSignerError(
      () => Pkcs12DocumentSigner.open({ pkcs12, password: 'Aa123456' }),
      'UNSUPPORTED_KEY',
      /unsupported key \(GOST 34\.10-2015 \(512\)\)/,
    );
    // With the RSA stores' password the integrity check fails first.
    await expectSignerError(
      () => Pkcs12DocumentSigner.open({ pkcs12, password: 'Qwerty12' }),
      'WRONG_PASSWORD',
      /wrong password/,
    );
  });

  it('refuses a GOST 2004 key store', async () => {
    const pkcs12 = readFileSync(path.join(VECTORS, 'keys/ceo_sign_revoked_gost2004.p12'));
    await expectSignerError(
      () => Pkcs12DocumentSigner.open({ pkcs12, password: 'Qwerty12' }),
      'UNSUPPORTED_KEY',
      /GOST 34\.310-2004/,
    );
  });

  it('refuses an AUTH-only certificate', async () => {
    const pkcs12 = readFileSync(path.join(VECTORS, 'keys/individual_auth_revoked_rsa.p12'));
    await expectSignerError(() => Pkcs12DocumentSigner.open({ pkcs12, password: 'Qwerty12' }), 'NOT_A_SIGNING_KEY', /AUTH/);
  });

  it('refuses bytes that are not PKCS#12 and a missing file', async () => {
    await expectSignerError(
      () => Pkcs12DocumentSigner.open({ pkcs12: new Uint8Array([1, 2, 3]), password: 'x' }),
      'INVALID_KEY_STORE',
      /PKCS#12/,
    );
    await expectSignerError(Pkcs12DocumentSigner.fromFile('/nonexistent/operator.p12', 'x'), 'INVALID_KEY_STORE', /cannot read/);
  });
});

describe('DocumentSignerModule', () => {
  it('boots without a key store and explains on use', async () => {
    const app = await NestFactory.createApplicationContext(DocumentSignerModule.forRoot({}), { logger: false });
    const signer = app.get<DocumentSigner>(DOCUMENT_SIGNER);
    await app.close();
    await expectSignerError(signer.sign(content), 'NOT_CONFIGURED', /operator signer not configured/);
    await expectSignerError(signer.certificate(), 'NOT_CONFIGURED', /operator signer not configured/);
  });

  it('provides the PKCS#12 signer when configured, and fails the boot on a broken configuration', async () => {
    const app = await NestFactory.createApplicationContext(
      DocumentSignerModule.forRoot({ p12Path: RSA_P12, p12Password: 'Qwerty12' }),
      {
        logger: false,
      },
    );
    expect((await app.get<DocumentSigner>(DOCUMENT_SIGNER).certificate()).iin).toBe('123456789011');
    await app.close();
    await expectSignerError(createDocumentSigner({ p12Path: RSA_P12, p12Password: 'nope' }), 'WRONG_PASSWORD', /wrong password/);
    await expectSignerError(createDocumentSigner({ p12Path: RSA_P12 }), 'NOT_CONFIGURED', /PASSWORD is required/);
  });
});
