import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DomainError } from '../../common/errors/domain.error';
import { SigningErrorCode } from '../signing.errors';
import { assertLooksLikeSignature, nonSignatureKind } from './not-a-signature';

const CMS = readFileSync(path.resolve(__dirname, '../../../certs/nca-test/ncanode/cms/rsa_attached_lol_kek.p7s'));
const bytes = (...values: number[]) => new Uint8Array(values);
const CERTIFICATE = readFileSync(path.resolve(__dirname, '../../../certs/production/nca_rsa.cer'));
const pem = (der: Buffer, label: string) =>
  `-----BEGIN ${label}-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END ${label}-----\n`;

describe('nonSignatureKind', () => {
  it.each([
    ['pdf', new Uint8Array(Buffer.from('%PDF-1.7\n1 0 obj\n'))],
    ['image', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0)],
    ['image', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10)],
    ['office', bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0)],
    ['zip', bytes(0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0)],
    ['text', new Uint8Array(Buffer.from('Договор поставки № 1\n'))],
    ['xml', new Uint8Array(Buffer.from('<?xml version="1.0"?><a/>'))],
  ])('recognises a %s file', (kind, file) => {
    expect(nonSignatureKind(file)).toBe(kind);
  });

  it('recognises a base64 PDF in the JSON form', () => {
    expect(nonSignatureKind(Buffer.from('%PDF-1.4\n%âãÏÓ\n').toString('base64'))).toBe('pdf');
  });

  it('leaves real and damaged signatures to the verifier', () => {
    expect(nonSignatureKind(new Uint8Array(CMS))).toBeUndefined();
    expect(nonSignatureKind(CMS.toString('base64'))).toBeUndefined();
    expect(nonSignatureKind(new Uint8Array(Buffer.from('-----BEGIN CMS-----\nAAAA\n-----END PKCS7-----\n')))).toBeUndefined();
    expect(nonSignatureKind(bytes(0x30, 0x82, 0x01))).toBeUndefined();
    expect(nonSignatureKind(bytes(0x00, 0x01, 0x02, 0xfe))).toBeUndefined();
  });

  it('recognises a certificate given instead of the signature, as DER, PEM and base64', () => {
    const der =
      CERTIFICATE[0] === 0x30
        ? CERTIFICATE
        : Buffer.from(CERTIFICATE.toString('latin1').replace(/-----[^-]+-----|\s/g, ''), 'base64');
    expect(nonSignatureKind(new Uint8Array(der))).toBe('certificate');
    expect(nonSignatureKind(new Uint8Array(Buffer.from(pem(der, 'CERTIFICATE'))))).toBe('certificate');
    expect(nonSignatureKind(der.toString('base64'))).toBe('certificate');
  });

  it('leaves a damaged signature in text form to the verifier (stray characters, a data: URL)', () => {
    const base64 = CMS.toString('base64');
    expect(nonSignatureKind(`${base64.slice(0, 100)}!${base64.slice(100)}`)).toBeUndefined();
    expect(nonSignatureKind(new Uint8Array(Buffer.from(`${base64.slice(0, 100)}!${base64.slice(100)}`)))).toBeUndefined();
    expect(nonSignatureKind(`data:application/pkcs7-signature;base64,${base64}`)).toBeUndefined();
    // A text document is still one, in Latin letters too.
    expect(nonSignatureKind('this is not a signature!')).toBe('text');
    expect(
      nonSignatureKind(new Uint8Array(Buffer.from('Акт выполненных работ № 7 от 01.12.2026\nИтого: 150 000,00 тенге\n'))),
    ).toBe('text');
  });

  it('refuses a document with NOT_A_SIGNATURE and says what it is', () => {
    expect.assertions(2);
    try {
      assertLooksLikeSignature(new Uint8Array(Buffer.from('%PDF-1.4\n')));
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: SigningErrorCode.NotASignature, details: { detected: 'pdf' } });
    }
  });
});
