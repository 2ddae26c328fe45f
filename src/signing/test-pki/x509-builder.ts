// Certificates and CRLs built with pkijs and signed with our own keys: pkijs encodes the TBS,
// we sign its DER (RSA via node:crypto, GOST via gost-sign.ts) and store signature and
// algorithm ourselves, because pkijs' WebCrypto engine knows no GOST.

import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { KeyUsageName, keyUsageBitString, sha1, toDer, x509Time } from './der';
import { TestKey, signatureAlgorithmIdentifier } from './keys';
import { OID } from './oids';

export interface SignedCertificate {
  readonly der: Uint8Array;
  readonly certificate: pkijs.Certificate;
}

export interface CertificateTemplate {
  readonly serialNumber: Uint8Array;
  readonly issuer: pkijs.RelativeDistinguishedNames;
  readonly subject: pkijs.RelativeDistinguishedNames;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly spki: Uint8Array;
  readonly extensions: readonly pkijs.Extension[];
}

export function signCertificate(template: CertificateTemplate, issuerKey: TestKey): SignedCertificate {
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ valueHex: template.serialNumber });
  cert.signature = signatureAlgorithmIdentifier(issuerKey.algorithm);
  cert.issuer = template.issuer;
  cert.subject = template.subject;
  cert.notBefore = x509Time(template.notBefore);
  cert.notAfter = x509Time(template.notAfter);
  cert.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(template.spki);
  cert.extensions = [...template.extensions];
  cert.tbsView = toDer(cert.encodeTBS());
  cert.signatureAlgorithm = signatureAlgorithmIdentifier(issuerKey.algorithm);
  cert.signatureValue = new asn1js.BitString({ valueHex: issuerKey.sign(cert.tbsView) });
  const der = toDer(cert.toSchema(false));
  return { der, certificate: pkijs.Certificate.fromBER(der) };
}

export interface RevokedEntry {
  readonly serialNumber: Uint8Array;
  readonly time: Date;
  readonly reasonCode: number;
  // More entry extensions after the reason code (tests: an unknown critical one).
  readonly extensions?: readonly pkijs.Extension[];
}

export interface CrlTemplate {
  readonly issuer: pkijs.RelativeDistinguishedNames;
  readonly issuerKeyIdentifier: Uint8Array;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date;
  readonly crlNumber: number;
  readonly deltaOf?: number;
  readonly revoked: readonly RevokedEntry[];
  // More CRL extensions, e.g. freshestCrl() or an issuingDistributionPoint.
  readonly extensions?: readonly pkijs.Extension[];
}

export function signCrl(template: CrlTemplate, issuerKey: TestKey): Uint8Array {
  const crl = new pkijs.CertificateRevocationList();
  crl.version = 1;
  crl.signature = signatureAlgorithmIdentifier(issuerKey.algorithm);
  crl.issuer = template.issuer;
  crl.thisUpdate = x509Time(template.thisUpdate);
  crl.nextUpdate = x509Time(template.nextUpdate);
  // RFC 5280 §5.1.2.6: an empty list is omitted, not encoded as an empty SEQUENCE.
  if (template.revoked.length > 0) {
    crl.revokedCertificates = template.revoked.map(
      (entry) =>
        new pkijs.RevokedCertificate({
          userCertificate: new asn1js.Integer({ valueHex: entry.serialNumber }),
          revocationDate: x509Time(entry.time),
          crlEntryExtensions: new pkijs.Extensions({
            extensions: [
              extension(OID.crlReason, false, new asn1js.Enumerated({ value: entry.reasonCode })),
              ...(entry.extensions ?? []),
            ],
          }),
        }),
    );
  }
  const extensions = [
    extension(OID.crlNumber, false, new asn1js.Integer({ value: template.crlNumber })),
    authorityKeyIdentifier(template.issuerKeyIdentifier),
  ];
  if (template.deltaOf !== undefined)
    extensions.push(extension(OID.deltaCrlIndicator, true, new asn1js.Integer({ value: template.deltaOf })));
  extensions.push(...(template.extensions ?? []));
  crl.crlExtensions = new pkijs.Extensions({ extensions });
  // encodeTBS is protected on CRLs: take the TBS out of a full encoding instead.
  crl.signatureAlgorithm = signatureAlgorithmIdentifier(issuerKey.algorithm);
  crl.signatureValue = new asn1js.BitString({ valueHex: new Uint8Array(0) });
  crl.tbsView = toDer((crl.toSchema(true) as asn1js.Sequence).valueBlock.value[0]);
  crl.signatureValue = new asn1js.BitString({ valueHex: issuerKey.sign(crl.tbsView) });
  return toDer(crl.toSchema(false));
}

// --- extensions --------------------------------------------------------------------------------

export function extension(extnID: string, critical: boolean, value: { toBER(sizeOnly?: boolean): ArrayBuffer }): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical, extnValue: value.toBER(false) });
}

// RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING value.
export function keyIdentifierOf(spki: Uint8Array): Uint8Array {
  const info = pkijs.PublicKeyInfo.fromBER(spki);
  return sha1(info.subjectPublicKey.valueBlock.valueHexView);
}

export function basicConstraints(ca: boolean): pkijs.Extension {
  return extension(OID.basicConstraints, true, new pkijs.BasicConstraints({ cA: ca }).toSchema());
}

export function keyUsage(usages: readonly KeyUsageName[], critical = true): pkijs.Extension {
  return extension(OID.keyUsage, critical, keyUsageBitString(usages));
}

export function extendedKeyUsage(purposes: readonly string[], critical = false): pkijs.Extension {
  return extension(OID.extKeyUsage, critical, new pkijs.ExtKeyUsage({ keyPurposes: [...purposes] }).toSchema());
}

export function subjectKeyIdentifier(keyId: Uint8Array): pkijs.Extension {
  return extension(OID.subjectKeyIdentifier, false, new asn1js.OctetString({ valueHex: keyId }));
}

// keyIdentifier only (end entities), or also issuer name + serial (the NCA intermediate has both).
export function authorityKeyIdentifier(
  keyId: Uint8Array,
  issuerOfIssuer?: { name: pkijs.RelativeDistinguishedNames; serialNumber: Uint8Array },
): pkijs.Extension {
  const aki = new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: keyId }) });
  if (issuerOfIssuer) {
    aki.authorityCertIssuer = [new pkijs.GeneralName({ type: 4, value: issuerOfIssuer.name })];
    aki.authorityCertSerialNumber = new asn1js.Integer({ valueHex: issuerOfIssuer.serialNumber });
  }
  return extension(OID.authorityKeyIdentifier, false, aki.toSchema());
}

function distributionPoints(extnID: string, urls: readonly string[]): pkijs.Extension {
  const value = new pkijs.CRLDistributionPoints({
    distributionPoints: urls.map(
      (url) => new pkijs.DistributionPoint({ distributionPoint: [new pkijs.GeneralName({ type: 6, value: url })] }),
    ),
  });
  return extension(extnID, false, value.toSchema());
}

export function crlDistributionPoints(urls: readonly string[]): pkijs.Extension {
  return distributionPoints(OID.crlDistributionPoints, urls);
}

export function freshestCrl(urls: readonly string[]): pkijs.Extension {
  return distributionPoints(OID.freshestCrl, urls);
}

export function authorityInfoAccess(access: { ocsp?: string; caIssuers?: string }): pkijs.Extension {
  const descriptions: pkijs.AccessDescription[] = [];
  if (access.ocsp)
    descriptions.push(
      new pkijs.AccessDescription({
        accessMethod: OID.ocsp,
        accessLocation: new pkijs.GeneralName({ type: 6, value: access.ocsp }),
      }),
    );
  if (access.caIssuers) {
    descriptions.push(
      new pkijs.AccessDescription({
        accessMethod: OID.caIssuers,
        accessLocation: new pkijs.GeneralName({ type: 6, value: access.caIssuers }),
      }),
    );
  }
  return extension(OID.authorityInfoAccess, false, new pkijs.InfoAccess({ accessDescriptions: descriptions }).toSchema());
}

// PolicyInformation with a CPS qualifier, plus (legacy NCA certificates) a UserNotice whose
// explicitText repeats the CPS address as UTF8String, exactly as in the NCA test certificates.
export function certificatePolicies(policies: readonly string[], cpsUrl: string, userNotice: boolean): pkijs.Extension {
  const qualifiers = (): asn1js.Sequence => {
    const list: asn1js.Sequence[] = [
      new asn1js.Sequence({
        value: [new asn1js.ObjectIdentifier({ value: OID.qtCps }), new asn1js.IA5String({ value: cpsUrl })],
      }),
    ];
    if (userNotice) {
      list.push(
        new asn1js.Sequence({
          value: [
            new asn1js.ObjectIdentifier({ value: OID.qtUnotice }),
            new asn1js.Sequence({ value: [new asn1js.Utf8String({ value: cpsUrl })] }),
          ],
        }),
      );
    }
    return new asn1js.Sequence({ value: list });
  };
  const value = new asn1js.Sequence({
    value: policies.map(
      (policy) => new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: policy }), qualifiers()] }),
    ),
  });
  return extension(OID.certificatePolicies, false, value);
}

export function subjectAltNameEmail(email: string): pkijs.Extension {
  return extension(
    OID.subjectAltName,
    false,
    new pkijs.AltName({ altNames: [new pkijs.GeneralName({ type: 1, value: email })] }).toSchema(),
  );
}

// NCA "key storage" extension (kz-pki.md §1.3): SEQUENCE { OID }, here PKCS#12.
export function keyStorage(storageOid: string = OID.keyStoragePkcs12): pkijs.Extension {
  return extension(OID.keyStorage, false, new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: storageOid })] }));
}

// id-pkix-ocsp-nocheck: value NULL (RFC 6960 §4.2.2.2.1).
export function ocspNoCheck(): pkijs.Extension {
  return extension(OID.ocspNoCheck, false, new asn1js.Null());
}
