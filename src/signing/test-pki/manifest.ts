// manifest.json of a generated test PKI, and the in-memory form that the responders, the CAdES
// helper and the tests use. loadTestPki() reads back what generateTestPki() wrote.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as pkijs from 'pkijs';
import { hex } from './der';
import { TestKey, TestKeyAlgorithm, parseTestKey } from './keys';
import { CertificateStatus, EndEntityProfile, Hierarchy, KeyPurpose, RevocationReason } from './profiles';

export const MANIFEST_FORMAT = 'edo-test-pki/manifest/v1';

export type CertificateRole = 'root-ca' | 'issuing-ca' | 'ocsp-responder' | 'tsa' | 'end-entity';

export interface ManifestRevocation {
  // ISO 8601
  readonly time: string;
  readonly reason: RevocationReason;
  readonly reasonCode: number;
}

export interface ManifestCertificate {
  // "<hierarchy>/<name>", e.g. "gost2015/ceo-sign"; also the file stem.
  readonly id: string;
  readonly hierarchy: Hierarchy;
  readonly role: CertificateRole;
  readonly algorithm: TestKeyAlgorithm;
  // Paths relative to the manifest.
  readonly certificateFile: string;
  readonly privateKeyFile: string;
  // Where the certificate is published (CA certificates: the AIA caIssuers address).
  readonly url?: string;
  // id of the issuing certificate; absent for self-signed roots.
  readonly issuerId?: string;
  readonly subject: string;
  readonly issuer: string;
  // Uppercase hex, as in the DER INTEGER.
  readonly serialNumber: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly status: CertificateStatus;
  readonly revocation?: ManifestRevocation;
  readonly profile?: EndEntityProfile;
  readonly purpose?: KeyPurpose;
  readonly iin?: string;
  readonly bin?: string;
  readonly keyUsage: readonly string[];
  readonly extendedKeyUsage: readonly string[];
  readonly policies: readonly string[];
  readonly note?: string;
}

export interface ManifestCrl {
  // "<hierarchy>/<name>", e.g. "rsa/nca" or "rsa/nca-delta".
  readonly id: string;
  readonly hierarchy: Hierarchy;
  readonly issuerId: string;
  readonly file: string;
  readonly url: string;
  readonly crlNumber: number;
  // Set on a delta CRL: the CRL number of its base CRL.
  readonly deltaOf?: number;
  readonly thisUpdate: string;
  readonly nextUpdate: string;
  readonly revoked: readonly { readonly serialNumber: string; readonly time: string; readonly reason: RevocationReason }[];
}

export interface TestPkiManifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly description: string;
  readonly baseUrl: string;
  readonly services: { readonly ocsp: string; readonly tsp: string };
  // TSTInfo policy per hierarchy's TSA.
  readonly tsaPolicies: Readonly<Partial<Record<Hierarchy, string>>>;
  readonly certificates: readonly ManifestCertificate[];
  readonly crls: readonly ManifestCrl[];
}

export interface TestPkiEntity extends ManifestCertificate {
  readonly der: Uint8Array;
  readonly certificate: pkijs.Certificate;
  readonly key: TestKey;
}

export interface TestPkiCrl extends ManifestCrl {
  readonly der: Uint8Array;
}

export class TestPki {
  private readonly byId: ReadonlyMap<string, TestPkiEntity>;

  constructor(
    readonly manifest: TestPkiManifest,
    readonly entities: readonly TestPkiEntity[],
    readonly crls: readonly TestPkiCrl[],
    // Directory the files live in, when the PKI was written to or read from disk.
    readonly dir?: string,
  ) {
    this.byId = new Map(entities.map((e) => [e.id, e]));
  }

  get hierarchies(): Hierarchy[] {
    return [...new Set(this.entities.map((e) => e.hierarchy))];
  }

  get(id: string): TestPkiEntity {
    const entity = this.byId.get(id);
    if (!entity) throw new Error(`test PKI has no certificate "${id}"`);
    return entity;
  }

  find(id: string): TestPkiEntity | undefined {
    return this.byId.get(id);
  }

  issuerOf(entity: TestPkiEntity): TestPkiEntity {
    return entity.issuerId ? this.get(entity.issuerId) : entity;
  }

  // The one certificate of a role in a hierarchy (root, issuing CA, responder, TSA).
  service(hierarchy: Hierarchy, role: Exclude<CertificateRole, 'end-entity'>): TestPkiEntity {
    const found = this.entities.find((e) => e.hierarchy === hierarchy && e.role === role);
    if (!found) throw new Error(`test PKI has no ${role} in ${hierarchy}`);
    return found;
  }

  // leaf -> issuing CA -> root.
  chainOf(entity: TestPkiEntity): TestPkiEntity[] {
    const chain = [entity];
    let current = entity;
    while (current.issuerId) {
      current = this.get(current.issuerId);
      chain.push(current);
    }
    return chain;
  }

  // Issued by issuer with this serial (uppercase hex), if any.
  findBySerial(issuerId: string, serialNumber: string): TestPkiEntity | undefined {
    return this.entities.find((e) => e.issuerId === issuerId && e.serialNumber === serialNumber.toUpperCase());
  }

  crl(id: string): TestPkiCrl {
    const found = this.crls.find((c) => c.id === id);
    if (!found) throw new Error(`test PKI has no CRL "${id}"`);
    return found;
  }
}

export function serialHex(certificate: pkijs.Certificate): string {
  return hex(certificate.serialNumber.valueBlock.valueHexView);
}

export function loadTestPki(dir: string): TestPki {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as TestPkiManifest;
  if (manifest.format !== MANIFEST_FORMAT) throw new Error(`${dir}: not a test-PKI manifest (format ${String(manifest.format)})`);
  const read = (file: string): Uint8Array => new Uint8Array(readFileSync(path.join(dir, file)));
  const entities = manifest.certificates.map((entry): TestPkiEntity => {
    const der = read(entry.certificateFile);
    const certificate = pkijs.Certificate.fromBER(der);
    if (serialHex(certificate) !== entry.serialNumber)
      throw new Error(`${entry.certificateFile}: serial does not match the manifest`);
    return { ...entry, der, certificate, key: parseTestKey(readFileSync(path.join(dir, entry.privateKeyFile), 'utf8')) };
  });
  const crls = manifest.crls.map((entry): TestPkiCrl => ({ ...entry, der: read(entry.file) }));
  return new TestPki(manifest, entities, crls, dir);
}
