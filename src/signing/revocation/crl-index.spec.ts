import * as asn1js from 'asn1js';
import { createPublicKey, verify as verifySignature, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as pkijs from 'pkijs';
import { KZ_GOST_SIGNATURE_ALGORITHMS, unwrapKzGostPublicKey, verifyKzGostSignature } from '../gost/kz-gost';
import { DerError } from './der-reader';
import { CrlIndex, serialFromHex } from './crl-index';

const VECTORS = path.resolve(__dirname, '../../../certs/nca-test/ncanode');
const read = (file: string) => readFileSync(path.join(VECTORS, file));
const certificateDer = (file: string) => {
  const bytes = read(file);
  return bytes[0] === 0x30 ? bytes : new X509Certificate(bytes).raw;
};

// pkijs as an independent parser to compare against.
function pkijsEntries(der: Buffer) {
  const crl = new pkijs.CertificateRevocationList({ schema: asn1js.fromBER(new Uint8Array(der)).result });
  return (crl.revokedCertificates ?? []).map((entry) => ({
    serial: Buffer.from(entry.userCertificate.valueBlock.valueHexView).toString('hex'),
    date: entry.revocationDate.value,
  }));
}

describe('CRL index over the NCA RK test CRLs', () => {
  const gost = CrlIndex.fromDer(read('crl/nca_gost2022_test.crl'));
  const rsa = CrlIndex.fromDer(read('crl/nca_rsa_test.crl'));

  it('reads the header fields', () => {
    expect(gost).toMatchObject({ signatureAlgorithm: '1.2.398.3.10.1.1.2.3.2', size: 6, crlNumber: 4n, isDelta: false });
    expect(gost.thisUpdate.toISOString()).toBe('2022-07-27T11:26:06.000Z');
    expect(gost.nextUpdate?.toISOString()).toBe('2023-01-23T11:26:06.000Z');
    expect(rsa).toMatchObject({ signatureAlgorithm: '1.2.840.113549.1.1.11', size: 126, crlNumber: 9n });
  });

  it('finds the revoked GOST 2015 CEO certificate (vectors README) with its reason', () => {
    expect(gost.lookup('3A90343E720594C55204B19CB9A402422EF0E622')).toEqual({
      revokedAt: new Date('2022-07-27T10:25:30Z'),
      reason: 6,
    });
    expect(gost.lookup('0FF06211DC82BEB00253FFA000F1DE84ABEF454F')).toBeUndefined();
  });

  it.each([['crl/nca_gost2022_test.crl'], ['crl/nca_rsa_test.crl']])('agrees with pkijs on every entry of %s', (file) => {
    const index = CrlIndex.fromDer(read(file));
    const entries = pkijsEntries(read(file));
    expect(entries).toHaveLength(index.size);
    for (const entry of entries) expect(index.lookup(entry.serial)?.revokedAt).toEqual(entry.date);
  });

  it('answers serials in any spelling: hex case, colons, leading zero octet, bytes', () => {
    const serial = '3A90343E720594C55204B19CB9A402422EF0E622';
    expect(gost.lookup(serial.toLowerCase())).toBeDefined();
    expect(gost.lookup(serial.match(/../g)!.join(':'))).toBeDefined();
    expect(gost.lookup(`00${serial}`)).toBeDefined();
    expect(gost.lookup(serialFromHex(serial))).toBeDefined();
  });

  it('keeps the signed bytes: the GOST CRL verifies with the GOST 2022 test CA key, the RSA CRL with the RSA test CA', () => {
    const caGost = pkijs.Certificate.fromBER(certificateDer('ca/nca_gost2015_test.cer'));
    const publicKey = unwrapKzGostPublicKey(caGost.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView);
    const algorithm = KZ_GOST_SIGNATURE_ALGORITHMS.get(gost.signatureAlgorithm)!;
    expect(verifyKzGostSignature(algorithm, gost.tbsCertList, gost.signatureValue, publicKey)).toBe(true);
    const tampered = Buffer.from(gost.tbsCertList);
    tampered[tampered.length - 5] ^= 1;
    expect(verifyKzGostSignature(algorithm, tampered, gost.signatureValue, publicKey)).toBe(false);

    const caRsa = new X509Certificate(read('ca/nca_rsa_test.crt'));
    expect(
      verifySignature(
        'sha256',
        rsa.tbsCertList,
        createPublicKey(caRsa.publicKey.export({ type: 'spki', format: 'pem' })),
        rsa.signatureValue,
      ),
    ).toBe(true);
  });

  it('refuses garbage, truncation and trailing bytes with a DerError', () => {
    const der = read('crl/nca_rsa_test.crl');
    expect(() => CrlIndex.fromDer(Buffer.from('not a crl'))).toThrow(DerError);
    expect(() => CrlIndex.fromDer(der.subarray(0, der.length - 10))).toThrow(DerError);
    expect(() => CrlIndex.fromDer(Buffer.concat([der, Buffer.from([0])]))).toThrow(DerError);
    expect(() => CrlIndex.fromDer(Buffer.alloc(0))).toThrow(DerError);
  });
});

// X.690 §8.1.1.3: an extnValue holds exactly one element; bytes after it are a length error.
describe('CRL extension values with bytes after their element', () => {
  const build = (extensions: pkijs.Extension[], entryExtensions: pkijs.Extension[] = []) => {
    const crl = new pkijs.CertificateRevocationList();
    crl.version = 1;
    crl.signature = new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.840.113549.1.1.11', algorithmParams: new asn1js.Null() });
    crl.issuer = new pkijs.RelativeDistinguishedNames({
      typesAndValues: [new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: 'CA' }) })],
    });
    crl.thisUpdate = new pkijs.Time({ type: 0, value: new Date('2026-01-01T00:00:00Z') });
    crl.revokedCertificates = [
      new pkijs.RevokedCertificate({
        userCertificate: new asn1js.Integer({ value: 5 }),
        revocationDate: new pkijs.Time({ type: 0, value: new Date('2025-12-01T00:00:00Z') }),
        crlEntryExtensions: new pkijs.Extensions({
          extensions: [
            new pkijs.Extension({ extnID: '2.5.29.21', extnValue: new asn1js.Enumerated({ value: 1 }).toBER() }),
            ...entryExtensions,
          ],
        }),
      }),
    ];
    crl.crlExtensions = new pkijs.Extensions({ extensions });
    crl.signatureAlgorithm = crl.signature;
    crl.signatureValue = new asn1js.BitString({ valueHex: new Uint8Array(16) });
    return Buffer.from(crl.toSchema(true).toBER(false));
  };
  const raw = (extnID: string, hex: string) =>
    new pkijs.Extension({ extnID, extnValue: new Uint8Array(Buffer.from(hex, 'hex')).buffer });

  it('reads well-formed values', () => {
    expect(CrlIndex.fromDer(build([raw('2.5.29.20', '020105')]))).toMatchObject({ crlNumber: 5n });
  });

  it.each([
    ['a cRLNumber value', [raw('2.5.29.20', '02010500')], []],
    ['a deltaCRLIndicator value', [raw('2.5.29.27', '0201050000')], []],
    ['an authorityKeyIdentifier value', [raw('2.5.29.35', '3003800101ff')], []],
    ['an entry reasonCode value', [], [raw('2.5.29.21', '0a010100')]],
  ])('refuses %s with a stray byte', (_, extensions, entry) => {
    expect(() => CrlIndex.fromDer(build(extensions, entry))).toThrow(DerError);
  });
});
