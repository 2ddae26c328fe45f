import { clearCertificateCaches, certificateCacheSize, loadCertificates, parseCertificate } from './certificates';
import { classifyKeyUsage, extractSignerIdentity, SignerIdentity } from './signer-identity';
import { readVector, vectorDer } from './spec-support';

const certificate = (file: string) => parseCertificate(vectorDer(file));

describe('signer identity from NCA RK certificates (kz-pki.md §1.1, §1.2, §1.4)', () => {
  it('derives the identity once per certificate but gives every report its own copy', () => {
    const cert = certificate('certs/ceo_valid_sign_2004_gost.cer');
    const first = extractSignerIdentity(cert) as { -readonly [K in keyof SignerIdentity]: SignerIdentity[K] };
    first.commonName = 'changed by a caller';
    (first.roles as string[]).push('changed');
    const second = extractSignerIdentity(cert);
    expect(second.commonName).toBe('ТЕСТОВ ТЕСТ');
    expect(second.roles).toEqual(['ORGANIZATION', 'CEO']);
  });

  it('reads the legal-entity CEO GOST 2004 certificate: BIN from OU, role CEO', () => {
    const identity = extractSignerIdentity(certificate('certs/ceo_valid_sign_2004_gost.cer'));
    expect(identity).toMatchObject({
      commonName: 'ТЕСТОВ ТЕСТ',
      surname: 'ТЕСТОВ',
      givenName: 'ТЕСТОВИЧ',
      iin: '123456789011',
      bin: '123456789021',
      organization: 'АО "ТЕСТ"',
      country: 'KZ',
      subjectType: 'LEGAL_ENTITY',
      roles: ['ORGANIZATION', 'CEO'],
      keyUsage: 'SIGN',
      keyUsageBits: ['digitalSignature', 'nonRepudiation'],
      publicKeyAlgorithm: 'GOST 34.310-2004',
      signatureAlgorithm: 'GOST 34.310-2004',
      notBefore: '2022-01-18T04:45:35.000Z',
      notAfter: '2023-01-18T04:45:35.000Z',
    });
    expect(identity.issuer).toBe('C=KZ, CN=ҰКО 3.0 (GOST TEST)');
    expect(identity.subject).toContain('SERIALNUMBER=IIN123456789011');
    expect(identity.subject).toContain('OU=BIN123456789021');
    expect(identity.serialNumber).toMatch(/^[0-9A-F]+$/);
    expect(identity.extendedKeyUsage).toEqual(['1.3.6.1.5.5.7.3.4', '1.2.398.3.3.4.1.2', '1.2.398.3.3.4.1.2.1']);
  });

  it('reads the individual RSA SIGN certificate', () => {
    const identity = extractSignerIdentity(certificate('certs/individual_valid_sign_2004_rsa.cer'));
    expect(identity).toMatchObject({
      iin: '123456789011',
      subjectType: 'INDIVIDUAL',
      roles: ['INDIVIDUAL'],
      keyUsage: 'SIGN',
      publicKeyAlgorithm: 'RSA-2048',
      signatureAlgorithm: 'SHA-256 with RSA',
    });
    expect(identity.bin).toBeUndefined();
    expect(identity.organization).toBeUndefined();
  });

  it('classifies the RSA AUTH certificate (digitalSignature + keyEncipherment, clientAuth) as AUTH', () => {
    const cert = certificate('certs/individual_valid_sign_2004_rsa_auth.cer');
    expect(classifyKeyUsage(cert)).toBe('AUTH');
    expect(extractSignerIdentity(cert).keyUsageBits).toEqual(['digitalSignature', 'keyEncipherment']);
  });

  it('classifies the GOST 2015 key (nonRepudiation and keyEncipherment in one certificate) as SIGN', async () => {
    const { parseCms } = await import('./cms-parser');
    const parsed = parseCms(readVector('cms/gost2015_rsa_2signers_attached_test123.p7s'));
    if (!parsed.ok) throw new Error(parsed.message);
    const gost = parsed.cms.certificates.find((c) => c.serialNumber.startsWith('0FF06211'));
    if (!gost) throw new Error('GOST signer certificate missing');
    expect(classifyKeyUsage(gost)).toBe('SIGN');
    expect(extractSignerIdentity(gost)).toMatchObject({ iin: '123456789012', publicKeyAlgorithm: 'GOST 34.10-2015 (512)' });
  });

  it('reads a CA certificate without person attributes', () => {
    const identity = extractSignerIdentity(certificate('ca/nca_gost2015_test.cer'));
    expect(identity).toMatchObject({
      commonName: 'ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) TEST 2022',
      subjectType: 'UNKNOWN',
      roles: [],
    });
    expect(identity.iin).toBeUndefined();
    expect(identity.keyUsage).toBe('UNKNOWN');
  });
});

describe('certificate loading and cache', () => {
  it('loads DER and PEM (several blocks) and reports what it cannot parse', () => {
    const pem = Buffer.concat([readVector('ca/nca_rsa_test.crt'), Buffer.from('\n'), readVector('ca/nca_gost_test.crt')]);
    const { certificates, errors } = loadCertificates([
      pem,
      vectorDer('ca/nca_gost2015_test.cer'),
      Buffer.from([0x30, 0x03, 0x02, 0x01, 0x00]),
    ]);
    expect(certificates).toHaveLength(3);
    expect(errors).toHaveLength(1);
  });

  it('parses a certificate once and returns the cached object afterwards', () => {
    clearCertificateCaches();
    const der = vectorDer('ca/nca_rsa_test.crt');
    const first = parseCertificate(der);
    expect(parseCertificate(Buffer.from(der))).toBe(first);
    expect(certificateCacheSize()).toBe(1);
  });

  it('does not share memory with the caller buffer (a reused request buffer must not change a cached certificate)', () => {
    clearCertificateCaches();
    const buffer = Buffer.from(vectorDer('ca/nca_gost2015_test.cer'));
    const cert = parseCertificate(buffer);
    const tbs = Buffer.from(cert.certificate.tbsView);
    buffer.fill(0);
    expect(Buffer.from(cert.certificate.tbsView)).toEqual(tbs);
    expect(Buffer.from(cert.der)).toEqual(vectorDer('ca/nca_gost2015_test.cer'));
  });
});
