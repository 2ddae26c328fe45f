import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { hex, sha1, toDer } from './der';
import { generateTestPki } from './generator';
import { TestPki, TestPkiEntity, loadTestPki } from './manifest';
import { OID } from './oids';
import { isKzIdentifier } from '../../common/identifiers/kz-identifier';
import { HIERARCHIES, Hierarchy } from './profiles';
import { certificateSignedBy, crlSignedBy, verifyWithSpki } from './spec-support';

const VECTORS = path.resolve(__dirname, '../../../certs/nca-test/ncanode');
const BASE_URL = 'http://127.0.0.1:8099';
// A day inside every "valid" period and after every "expired" one.
const CHECK_TIME = new Date('2026-06-01T00:00:00Z');

function readVector(relative: string): Uint8Array {
  const raw = readFileSync(path.join(VECTORS, relative));
  const text = raw.toString('latin1');
  if (!text.startsWith('-----BEGIN')) return new Uint8Array(raw);
  return new Uint8Array(Buffer.from(text.replace(/-----(BEGIN|END)[^-]*-----/g, '').replace(/\s+/g, ''), 'base64'));
}

function extension(cert: pkijs.Certificate, oid: string): pkijs.Extension | undefined {
  return cert.extensions?.find((e) => e.extnID === oid);
}

function extensionHex(cert: pkijs.Certificate, oid: string): string | undefined {
  const ext = extension(cert, oid);
  return ext ? hex(ext.extnValue.valueBlock.valueHexView) : undefined;
}

function ekuOf(cert: pkijs.Certificate): string[] {
  const value: unknown = extension(cert, OID.extKeyUsage)?.parsedValue;
  return value instanceof pkijs.ExtKeyUsage ? value.keyPurposes : [];
}

function policiesOf(cert: pkijs.Certificate): string[] {
  const value: unknown = extension(cert, OID.certificatePolicies)?.parsedValue;
  return value instanceof pkijs.CertificatePolicies ? value.certificatePolicies.map((p) => p.policyIdentifier) : [];
}

function uris(cert: pkijs.Certificate, oid: string): string[] {
  const value: unknown = extension(cert, oid)?.parsedValue;
  if (value instanceof pkijs.CRLDistributionPoints) {
    return value.distributionPoints.flatMap((dp) =>
      Array.isArray(dp.distributionPoint) ? dp.distributionPoint.map((g) => String(g.value)) : [],
    );
  }
  if (value instanceof pkijs.InfoAccess)
    return value.accessDescriptions.map((d) => `${d.accessMethod} ${String(d.accessLocation.value)}`);
  return [];
}

// [type, ASN.1 string class, text] per attribute, in order.
function nameAttributes(name: pkijs.RelativeDistinguishedNames): [string, string, string][] {
  return name.typesAndValues.map((tv) => {
    const value: unknown = tv.value;
    if (!(value instanceof asn1js.BaseStringBlock)) throw new Error(`non-string attribute ${tv.type}`);
    return [tv.type, value.constructor.name, value.getValue()];
  });
}

function spkiAlgorithmDer(cert: pkijs.Certificate): string {
  return hex(toDer(cert.subjectPublicKeyInfo.algorithm.toSchema()));
}

let dir: string;
let pki: TestPki;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'edo-test-pki-'));
  // 2048-bit RSA CAs keep the run short; the committed set uses 4096 like NCA.
  await generateTestPki({ outDir: dir, baseUrl: BASE_URL, rsaCaBits: 2048 });
  pki = loadTestPki(dir);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('test PKI files', () => {
  it('writes every file the manifest names, in under 1 MB, and reads them back', () => {
    const files = [
      ...pki.manifest.certificates.flatMap((c) => [c.certificateFile, c.privateKeyFile]),
      ...pki.manifest.crls.map((c) => c.file),
    ];
    expect(files).toHaveLength(HIERARCHIES.length * (14 * 2 + 3));
    const total = files.reduce(
      (sum, f) => sum + statSync(path.join(dir, f)).size,
      statSync(path.join(dir, 'manifest.json')).size,
    );
    expect(total).toBeLessThan(1024 * 1024);
    expect(pki.hierarchies.sort()).toEqual([...HIERARCHIES].sort());
    expect(pki.manifest.baseUrl).toBe(BASE_URL);
    expect(pki.manifest.services).toEqual({ ocsp: `${BASE_URL}/ocsp/`, tsp: `${BASE_URL}/tsp/` });
  });

  it('stores RSA keys as PKCS#8 PEM and GOST keys as the documented JSON container', () => {
    const rsaKey = readFileSync(path.join(dir, pki.get('rsa/individual-sign').privateKeyFile), 'utf8');
    expect(rsaKey).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const gostKey = JSON.parse(
      readFileSync(path.join(dir, pki.get('gost2015/individual-sign').privateKeyFile), 'utf8'),
    ) as Record<string, string>;
    expect(gostKey).toMatchObject({ format: 'edo-test-pki/gost-private-key/v1', algorithm: 'gost2015-512' });
    expect(gostKey.d).toMatch(/^[0-9a-f]{128}$/);
    expect(gostKey.publicKey).toMatch(/^[0-9a-f]{256}$/);
  });

  it('refuses to write into a non-empty folder that holds no test-PKI manifest', async () => {
    const foreign = mkdtempSync(path.join(tmpdir(), 'edo-foreign-'));
    writeFileSync(path.join(foreign, 'important.txt'), 'keep me');
    await expect(generateTestPki({ outDir: foreign, hierarchies: ['gost2004'] })).rejects.toThrow(/refusing/);
    expect(readFileSync(path.join(foreign, 'important.txt'), 'utf8')).toBe('keep me');
    rmSync(foreign, { recursive: true, force: true });
  });
});

describe.each(HIERARCHIES)('%s hierarchy', (hierarchy: Hierarchy) => {
  const entities = (): TestPkiEntity[] => pki.entities.filter((e) => e.hierarchy === hierarchy);
  const endEntities = (): TestPkiEntity[] => entities().filter((e) => e.role === 'end-entity');

  it('chains every certificate to its issuer (roots are self-signed)', () => {
    for (const entity of entities()) {
      const issuer = pki.issuerOf(entity);
      expect([entity.id, certificateSignedBy(entity.certificate, issuer.certificate)]).toEqual([entity.id, true]);
      // A tampered TBS must fail.
      const tbs = entity.certificate.tbsView.slice();
      tbs[tbs.length - 5] ^= 0x01;
      const sig = entity.certificate.signatureValue.valueBlock.valueHexView;
      expect(
        verifyWithSpki(entity.certificate.signatureAlgorithm.algorithmId, issuer.certificate.subjectPublicKeyInfo, tbs, sig),
      ).toBe(false);
    }
    expect(pki.chainOf(pki.get(`${hierarchy}/individual-sign`)).map((e) => e.role)).toEqual([
      'end-entity',
      'issuing-ca',
      'root-ca',
    ]);
  });

  it('uses the KZ signature OIDs with NULL parameters, as the NCA vectors do', () => {
    const expected = { rsa: OID.sha256WithRsa, gost2015: OID.gost2015Signature512, gost2004: OID.gost2004Signature }[hierarchy];
    for (const entity of entities()) {
      expect(entity.certificate.signatureAlgorithm.algorithmId).toBe(expected);
      expect(entity.certificate.signatureAlgorithm.algorithmParams).toBeInstanceOf(asn1js.Null);
    }
    if (hierarchy === 'gost2015') {
      const vector = pkijs.Certificate.fromBER(readVector('ca/nca_gost2015_test.cer'));
      const ours = pki.get('gost2015/nca').certificate;
      expect(hex(toDer(ours.signatureAlgorithm.toSchema()))).toBe(hex(toDer(vector.signatureAlgorithm.toSchema())));
      expect(ours.signatureValue.valueBlock.valueHexView).toHaveLength(128);
    }
  });

  it('links AKI to the issuer SKI, SKI = SHA-1 of the public key', () => {
    for (const entity of entities()) {
      const ski: unknown = extension(entity.certificate, OID.subjectKeyIdentifier)?.parsedValue;
      if (!(ski instanceof asn1js.OctetString)) throw new Error(`${entity.id}: no SKI`);
      expect(hex(ski.valueBlock.valueHexView)).toBe(
        hex(sha1(entity.certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView)),
      );
      if (entity.role === 'root-ca') continue;
      const aki: unknown = extension(entity.certificate, OID.authorityKeyIdentifier)?.parsedValue;
      if (!(aki instanceof pkijs.AuthorityKeyIdentifier) || !aki.keyIdentifier) throw new Error(`${entity.id}: no AKI`);
      const issuerSki: unknown = extension(pki.issuerOf(entity).certificate, OID.subjectKeyIdentifier)?.parsedValue;
      expect(issuerSki instanceof asn1js.OctetString && hex(issuerSki.valueBlock.valueHexView)).toBe(
        hex(aki.keyIdentifier.valueBlock.valueHexView),
      );
    }
    // The intermediate also names its issuer and serial, like nca_gost2015_test.cer.
    const aki: unknown = extension(pki.get(`${hierarchy}/nca`).certificate, OID.authorityKeyIdentifier)?.parsedValue;
    expect(
      aki instanceof pkijs.AuthorityKeyIdentifier &&
        aki.authorityCertSerialNumber?.isEqual(pki.get(`${hierarchy}/root-ca`).certificate.serialNumber),
    ).toBe(true);
  });

  it('gives valid, expired and not-yet-valid certificates matching validity periods', () => {
    for (const entity of entities()) {
      const { notBefore, notAfter } = {
        notBefore: entity.certificate.notBefore.value,
        notAfter: entity.certificate.notAfter.value,
      };
      expect(notBefore.toISOString()).toBe(entity.notBefore);
      expect(notAfter.toISOString()).toBe(entity.notAfter);
      const inside = notBefore <= CHECK_TIME && CHECK_TIME <= notAfter;
      if (entity.status === 'expired') expect(notAfter < CHECK_TIME).toBe(true);
      else if (entity.status === 'not-yet-valid') expect(notBefore > CHECK_TIME).toBe(true);
      else expect([entity.id, inside]).toEqual([entity.id, true]);
      // Issued inside the issuer's own validity.
      const issuer = pki.issuerOf(entity).certificate;
      expect(notBefore >= issuer.notBefore.value && notAfter <= issuer.notAfter.value).toBe(true);
    }
    expect(
      endEntities()
        .map((e) => e.status)
        .sort(),
    ).toEqual(['expired', 'not-yet-valid', 'revoked', 'revoked', ...Array<string>(6).fill('valid')].sort());
  });

  it('marks CAs, the OCSP responder and the TSA as NCA does', () => {
    for (const id of ['root-ca', 'nca']) {
      const cert = pki.get(`${hierarchy}/${id}`).certificate;
      expect(extension(cert, OID.basicConstraints)?.critical).toBe(true);
      expect(extensionHex(cert, OID.basicConstraints)).toBe('30030101FF');
      expect(extensionHex(cert, OID.keyUsage)).toBe('03020106');
    }
    expect(uris(pki.get(`${hierarchy}/nca`).certificate, OID.crlDistributionPoints)).toEqual([
      `${BASE_URL}/crl/${hierarchy}-root.crl`,
    ]);
    expect(extension(pki.get(`${hierarchy}/root-ca`).certificate, OID.crlDistributionPoints)).toBeUndefined();

    const responder = pki.service(hierarchy, 'ocsp-responder').certificate;
    expect(ekuOf(responder)).toEqual([OID.ekuOcspSigning]);
    expect(extensionHex(responder, OID.ocspNoCheck)).toBe('0500');
    expect(extensionHex(responder, OID.keyUsage)).toBe('03020780');

    const tsa = pki.service(hierarchy, 'tsa').certificate;
    expect(ekuOf(tsa)).toEqual([OID.ekuTimeStamping]);
    expect(extension(tsa, OID.extKeyUsage)?.critical).toBe(true);
    expect(policiesOf(tsa)).toEqual([OID.policyTsa]);
    if (hierarchy === 'gost2015') expect(nameAttributes(tsa.subject)[0][2]).toBe('TIME-STAMPING AUTHORITY\t');
  });

  it('writes subjects the NCA way: IIN in SERIALNUMBER, BIN in OU, patronymic in GIVENNAME, UTF8 Cyrillic', () => {
    for (const entity of endEntities()) {
      const attrs = nameAttributes(entity.certificate.subject);
      const types = attrs.map(([t]) => t);
      const legal = entity.profile !== 'individual';
      expect(types).toEqual(
        legal
          ? [OID.commonName, OID.surname, OID.serialNumber, OID.country, OID.organization, OID.organizationalUnit, OID.givenName]
          : [OID.commonName, OID.surname, OID.serialNumber, OID.country, OID.givenName],
      );
      const byType = new Map(attrs.map(([t, cls, text]) => [t, { cls, text }]));
      const serial = byType.get(OID.serialNumber);
      expect(serial?.cls).toBe('PrintableString');
      expect(serial?.text).toBe(`IIN${entity.iin}`);
      expect(isKzIdentifier(entity.iin ?? '')).toBe(true);
      expect(byType.get(OID.country)).toEqual({ cls: 'PrintableString', text: 'KZ' });
      for (const t of [OID.commonName, OID.surname, OID.givenName]) {
        expect(byType.get(t)?.cls).toBe('Utf8String');
        expect(byType.get(t)?.text).toMatch(/^[А-ЯЁӘҒҚҢӨҰҮҺІ ]+$/u);
      }
      expect(byType.get(OID.commonName)?.text.startsWith(`${byType.get(OID.surname)?.text} `)).toBe(true);
      if (legal) {
        expect(byType.get(OID.organizationalUnit)?.text).toBe(`BIN${entity.bin}`);
        expect(isKzIdentifier(entity.bin ?? '')).toBe(true);
        expect(byType.get(OID.organization)?.cls).toBe('Utf8String');
      } else {
        expect(entity.bin).toBeUndefined();
      }
    }
  });

  it('sets keyUsage, role EKUs and policies per profile and SIGN/AUTH purpose', () => {
    const roles: Record<string, string[]> = {
      individual: [OID.roleIndividual],
      ceo: [OID.roleOrganization, OID.roleCeo],
      'can-sign': [OID.roleOrganization, OID.roleCanSign],
      employee: [OID.roleOrganization, OID.roleEmployee],
    };
    for (const entity of endEntities()) {
      const cert = entity.certificate;
      const sign = entity.purpose === 'sign';
      const legal = entity.profile !== 'individual';
      const eku = ekuOf(cert);
      expect(eku[0]).toBe(sign ? OID.ekuEmailProtection : OID.ekuClientAuth);
      for (const role of roles[entity.profile ?? '']) expect(eku).toContain(role);
      expect(extension(cert, OID.keyUsage)?.critical).toBe(true);
      if (hierarchy === 'gost2015') {
        // KU 05E0 (2022 profile), 03C8 (2023+ profile), AUTH 05A0; generic policy; key storage = PKCS12.
        expect(extensionHex(cert, OID.keyUsage)).toBe(sign ? (legal ? '030205E0' : '030203C8') : '030205A0');
        expect(policiesOf(cert)).toEqual([OID.policyGeneric]);
        expect(extensionHex(cert, OID.keyStorage)).toBe('300A06082A830E0303050101');
      } else {
        expect(extensionHex(cert, OID.keyUsage)).toBe(sign ? '030206C0' : '030205A0');
        const policy = legal
          ? sign
            ? OID.policyLegalSign
            : OID.policyLegalAuth
          : sign
            ? OID.policyIndividualSign
            : OID.policyIndividualAuth;
        expect(policiesOf(cert)).toEqual([policy]);
      }
      expect(uris(cert, OID.crlDistributionPoints)).toEqual([`${BASE_URL}/crl/${hierarchy}-nca.crl`]);
      expect(uris(cert, OID.freshestCrl)).toEqual([`${BASE_URL}/crl/${hierarchy}-nca-delta.crl`]);
      expect(uris(cert, OID.authorityInfoAccess).sort()).toEqual(
        [`${OID.ocsp} ${BASE_URL}/ocsp/`, `${OID.caIssuers} ${BASE_URL}/cert/${hierarchy}-nca.cer`].sort(),
      );
    }
  });

  it('publishes CRLs signed by their CA that list exactly the revoked certificates', () => {
    const ca = pki.get(`${hierarchy}/nca`);
    const crl = pkijs.CertificateRevocationList.fromBER(pki.crl(`${hierarchy}/nca`).der);
    expect(crlSignedBy(crl, ca.certificate)).toBe(true);
    expect(crlSignedBy(crl, pki.get(`${hierarchy}/root-ca`).certificate)).toBe(false);
    expect(crl.version).toBe(1);
    const revoked = endEntities().filter((e) => e.status === 'revoked');
    expect(revoked.map((e) => e.revocation?.reason).sort()).toEqual(['certificateHold', 'keyCompromise']);
    const entries = (crl.revokedCertificates ?? []).map((r) => {
      const reason: unknown = r.crlEntryExtensions?.extensions.find((e) => e.extnID === OID.crlReason)?.parsedValue;
      return { serial: hex(r.userCertificate.valueBlock.valueHexView), time: r.revocationDate.value.toISOString(), reason };
    });
    expect(entries.map((e) => e.serial).sort()).toEqual(revoked.map((e) => e.serialNumber).sort());
    for (const entity of revoked) {
      const entry = entries.find((e) => e.serial === entity.serialNumber);
      expect(entry?.time).toBe(entity.revocation?.time);
      expect(entry?.reason instanceof asn1js.Enumerated && entry.reason.valueBlock.valueDec).toBe(entity.revocation?.reasonCode);
      expect(crl.isCertificateRevoked(entity.certificate)).toBe(true);
    }
    expect(crl.isCertificateRevoked(pki.get(`${hierarchy}/individual-sign`).certificate)).toBe(false);
    const crlNumber: unknown = crl.crlExtensions?.extensions.find((e) => e.extnID === OID.crlNumber)?.parsedValue;
    expect(crlNumber instanceof asn1js.Integer && crlNumber.valueBlock.valueDec).toBe(1);

    const delta = pkijs.CertificateRevocationList.fromBER(pki.crl(`${hierarchy}/nca-delta`).der);
    expect(crlSignedBy(delta, ca.certificate)).toBe(true);
    const indicator = delta.crlExtensions?.extensions.find((e) => e.extnID === OID.deltaCrlIndicator);
    expect(indicator?.critical).toBe(true);
    expect(delta.revokedCertificates).toBeUndefined();

    const rootCrl = pkijs.CertificateRevocationList.fromBER(pki.crl(`${hierarchy}/root-ca`).der);
    expect(crlSignedBy(rootCrl, pki.get(`${hierarchy}/root-ca`).certificate)).toBe(true);
    expect(rootCrl.revokedCertificates).toBeUndefined();
  });

  it('stores private keys that match the certificates', () => {
    const message = new TextEncoder().encode(`key check ${hierarchy}`);
    for (const entity of entities()) {
      const signature = entity.key.sign(message);
      expect([
        entity.id,
        verifyWithSpki(
          entity.certificate.signatureAlgorithm.algorithmId,
          entity.certificate.subjectPublicKeyInfo,
          message,
          signature,
        ),
      ]).toEqual([entity.id, true]);
    }
  });
});

describe('interoperability', () => {
  it('RSA certificates verify with node:crypto X509Certificate and with pkijs (WebCrypto)', async () => {
    for (const entity of pki.entities.filter((e) => e.hierarchy === 'rsa')) {
      const issuer = pki.issuerOf(entity);
      const x509 = new X509Certificate(entity.der);
      const issuerX509 = new X509Certificate(issuer.der);
      expect(x509.verify(issuerX509.publicKey)).toBe(true);
      expect(x509.checkIssued(issuerX509)).toBe(true);
      expect(await entity.certificate.verify(issuer.certificate)).toBe(true);
    }
    const x509 = new X509Certificate(pki.get('rsa/individual-sign').der);
    expect(x509.subject).toContain('serialNumber=IIN');
    expect(pki.get('rsa/nca').certificate.subjectPublicKeyInfo.parsedKey).toBeInstanceOf(pkijs.RSAPublicKey);
  });

  it('encodes GOST public keys exactly like NCA: same SPKI algorithm, OCTET STRING x_LE || y_LE in the BIT STRING', () => {
    const cases: [string, string, number][] = [
      ['gost2015/nca', 'ca/nca_gost2015_test.cer', 128],
      ['gost2004/ceo-sign', 'certs/ceo_valid_sign_2004_gost.cer', 64],
    ];
    for (const [id, vectorFile, size] of cases) {
      const ours = pki.get(id).certificate;
      const vector = pkijs.Certificate.fromBER(readVector(vectorFile));
      expect(spkiAlgorithmDer(ours)).toBe(spkiAlgorithmDer(vector));
      const bits = ours.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
      const vectorBits = vector.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
      expect(bits).toHaveLength(vectorBits.length);
      expect(hex(bits.subarray(0, bits.length - size))).toBe(hex(vectorBits.subarray(0, vectorBits.length - size)));
    }
  });

  it('the committed certs/test-pki loads and chain-verifies', () => {
    const committedDir = path.resolve(__dirname, '../../../certs/test-pki');
    if (!existsSync(path.join(committedDir, 'manifest.json'))) return;
    const committed = loadTestPki(committedDir);
    expect(committed.hierarchies.sort()).toEqual([...HIERARCHIES].sort());
    for (const entity of committed.entities) {
      expect([entity.id, certificateSignedBy(entity.certificate, committed.issuerOf(entity).certificate)]).toEqual([
        entity.id,
        true,
      ]);
    }
    for (const crl of committed.crls) {
      const parsed = pkijs.CertificateRevocationList.fromBER(crl.der);
      expect([crl.id, crlSignedBy(parsed, committed.get(crl.issuerId).certificate)]).toEqual([crl.id, true]);
    }
  });

  it('with reuseKeysFrom, regenerates the RSA hierarchy byte for byte (PKCS#1 v1.5 is deterministic)', async () => {
    const again = await generateTestPki({ baseUrl: BASE_URL, hierarchies: ['rsa'], reuseKeysFrom: dir });
    for (const entity of again.entities) expect([entity.id, hex(entity.der)]).toEqual([entity.id, hex(pki.get(entity.id).der)]);
    for (const crl of again.crls) expect([crl.id, hex(crl.der)]).toEqual([crl.id, hex(pki.crl(crl.id).der)]);
  });

  it('regenerates deterministically (names, serials, validity, CRL times) and replaces only its own files', async () => {
    const again = await generateTestPki({ outDir: dir, baseUrl: BASE_URL, hierarchies: ['gost2004'] });
    const before = pki.entities.filter((e) => e.hierarchy === 'gost2004');
    expect(again.entities.map((e) => [e.id, e.serialNumber, e.subject, e.notBefore, e.notAfter])).toEqual(
      before.map((e) => [e.id, e.serialNumber, e.subject, e.notBefore, e.notAfter]),
    );
    expect(again.crls.map((c) => [c.id, c.thisUpdate, c.revoked])).toEqual(
      pki.crls.filter((c) => c.hierarchy === 'gost2004').map((c) => [c.id, c.thisUpdate, c.revoked]),
    );
    // Keys are new, so the public keys differ.
    expect(hex(again.get('gost2004/root-ca').key.spki)).not.toBe(hex(pki.get('gost2004/root-ca').key.spki));
    expect(existsSync(path.join(dir, 'rsa/nca.cer'))).toBe(false);
    expect(loadTestPki(dir).hierarchies).toEqual(['gost2004']);
  });
});
