// Generates the test PKI: per hierarchy (RSA, GOST 2015-512, GOST 2004) a self-signed root, an
// "NCA-like" issuing CA, a delegated OCSP responder, a TSA and the end-entity matrix of
// profiles.ts, plus a CRL per CA (and a delta CRL for the issuing CA). Everything but the keys and
// the GOST signatures is deterministic: names, serials, validity periods, CRL times.

import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as pkijs from 'pkijs';
import { KeyUsageName, describeName, printable, rdn, serialFromLabel, utf8 } from './der';
import { TestKey, generateTestKey } from './keys';
import {
  MANIFEST_FORMAT,
  ManifestCertificate,
  ManifestCrl,
  TestPki,
  TestPkiCrl,
  TestPkiEntity,
  TestPkiManifest,
  loadTestPki,
  serialHex,
} from './manifest';
import { OID } from './oids';
import {
  END_ENTITIES,
  EndEntitySpec,
  HIERARCHIES,
  HIERARCHY_SPECS,
  Hierarchy,
  HierarchySpec,
  REVOCATION_REASON_CODES,
  TEST_ORGANIZATION,
  TIMELINE,
  endEntityExtensions,
  validityOf,
} from './profiles';
import {
  SignedCertificate,
  authorityInfoAccess,
  authorityKeyIdentifier,
  basicConstraints,
  certificatePolicies,
  crlDistributionPoints,
  extendedKeyUsage,
  freshestCrl,
  keyIdentifierOf,
  keyStorage,
  keyUsage,
  ocspNoCheck,
  signCertificate,
  signCrl,
  subjectAltNameEmail,
  subjectKeyIdentifier,
} from './x509-builder';
import { writeTestPki } from './pki-writer';

export const DEFAULT_BASE_URL = 'http://127.0.0.1';

export interface GenerateTestPkiOptions {
  // Write the files here (manifest.json + one folder per hierarchy); in memory only when absent.
  readonly outDir?: string;
  // Prefix of every CRL / OCSP / caIssuers / CPS address in the certificates.
  readonly baseUrl?: string;
  readonly hierarchies?: readonly Hierarchy[];
  // NCA's RSA CAs use 4096-bit keys; tests may pass 2048 to save a few seconds.
  readonly rsaCaBits?: number;
  readonly rsaBits?: number;
  // Take the private keys of a PKI generated earlier (a directory with manifest.json) for every
  // certificate id it has with the same algorithm; missing ones are generated. Keeps public keys
  // (and RSA signatures) stable across regenerations, and saves RSA key generation in tests.
  readonly reuseKeysFrom?: string;
}

export interface TestPkiUrls {
  readonly ocsp: string;
  readonly tsp: string;
  readonly cps: string;
  readonly rootCertificate: string;
  readonly caCertificate: string;
  readonly rootCrl: string;
  readonly caCrl: string;
  readonly caDeltaCrl: string;
}

// Address layout; the test OCSP responder serves the /cert and /crl paths too.
export function testPkiUrls(baseUrl: string, hierarchy: Hierarchy): TestPkiUrls {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    ocsp: `${base}/ocsp/`,
    tsp: `${base}/tsp/`,
    cps: `${base}/cps`,
    rootCertificate: `${base}/cert/${hierarchy}-root.cer`,
    caCertificate: `${base}/cert/${hierarchy}-nca.cer`,
    rootCrl: `${base}/crl/${hierarchy}-root.crl`,
    caCrl: `${base}/crl/${hierarchy}-nca.crl`,
    caDeltaCrl: `${base}/crl/${hierarchy}-nca-delta.crl`,
  };
}

interface IssueRequest {
  readonly hierarchy: HierarchySpec;
  readonly name: string;
  readonly role: ManifestCertificate['role'];
  readonly key: TestKey;
  readonly subject: pkijs.RelativeDistinguishedNames;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly issuer?: TestPkiEntity;
  readonly extensions: (keyId: Uint8Array) => pkijs.Extension[];
  readonly keyUsage: readonly KeyUsageName[];
  readonly extendedKeyUsage?: readonly string[];
  readonly policies?: readonly string[];
  readonly url?: string;
  readonly extra?: Partial<ManifestCertificate>;
}

function keyFileName(key: TestKey): string {
  return key.algorithm === 'rsa-sha256' ? 'key.pem' : 'key.json';
}

function issue(request: IssueRequest): TestPkiEntity {
  const id = `${request.hierarchy.id}/${request.name}`;
  const keyId = keyIdentifierOf(request.key.spki);
  const issuerName = request.issuer ? request.issuer.certificate.subject : request.subject;
  const signed: SignedCertificate = signCertificate(
    {
      serialNumber: serialFromLabel(id),
      issuer: issuerName,
      subject: request.subject,
      notBefore: request.notBefore,
      notAfter: request.notAfter,
      spki: request.key.spki,
      extensions: request.extensions(keyId),
    },
    request.issuer ? request.issuer.key : request.key,
  );
  return {
    id,
    hierarchy: request.hierarchy.id,
    role: request.role,
    algorithm: request.key.algorithm,
    certificateFile: `${id}.cer`,
    privateKeyFile: `${id}.${keyFileName(request.key)}`,
    url: request.url,
    issuerId: request.issuer?.id,
    subject: describeName(request.subject),
    issuer: describeName(issuerName),
    serialNumber: serialHex(signed.certificate),
    notBefore: request.notBefore.toISOString(),
    notAfter: request.notAfter.toISOString(),
    status: 'valid',
    keyUsage: request.keyUsage,
    extendedKeyUsage: request.extendedKeyUsage ?? [],
    policies: request.policies ?? [],
    ...request.extra,
    der: signed.der,
    certificate: signed.certificate,
    key: request.key,
  };
}

// AKI of certificates issued by `issuer`: its SKI.
function issuerKeyId(issuer: TestPkiEntity): Uint8Array {
  return keyIdentifierOf(issuer.key.spki);
}

function caName(spec: HierarchySpec, cn: string): pkijs.RelativeDistinguishedNames {
  // The 2022 GOST CAs write CN before C, the legacy ones C before CN (see the vectors).
  return spec.generation === 'gost2015'
    ? rdn([
        [OID.commonName, utf8(cn)],
        [OID.country, printable('KZ')],
      ])
    : rdn([
        [OID.country, printable('KZ')],
        [OID.commonName, utf8(cn)],
      ]);
}

// NCA end-entity DN order: CN, SURNAME, SERIALNUMBER, C, [O, OU], G (kz-pki.md §1.1).
function personName(spec: EndEntitySpec): pkijs.RelativeDistinguishedNames {
  const { person } = spec;
  const pairs: [string, ReturnType<typeof utf8> | ReturnType<typeof printable>][] = [
    [OID.commonName, utf8(`${person.surname} ${person.name}`)],
    [OID.surname, utf8(person.surname)],
    [OID.serialNumber, printable(`IIN${person.iin}`)],
    [OID.country, printable('KZ')],
  ];
  if (spec.profile !== 'individual') {
    pairs.push([OID.organization, utf8(TEST_ORGANIZATION.name)], [OID.organizationalUnit, utf8(`BIN${TEST_ORGANIZATION.bin}`)]);
  }
  pairs.push([OID.givenName, utf8(person.patronymic)]);
  return rdn(pairs);
}

// id -> key of an earlier generation; empty when dir holds none.
function keysFrom(dir: string | undefined): ReadonlyMap<string, TestKey> {
  if (!dir || !existsSync(path.join(dir, 'manifest.json'))) return new Map();
  return new Map(loadTestPki(dir).entities.map((e) => [e.id, e.key]));
}

async function generateHierarchy(
  spec: HierarchySpec,
  baseUrl: string,
  rsaCaBits: number,
  rsaBits: number,
  reuse: ReadonlyMap<string, TestKey>,
): Promise<{ entities: TestPkiEntity[]; crls: TestPkiCrl[] }> {
  const urls = testPkiUrls(baseUrl, spec.id);
  const gost2015 = spec.generation === 'gost2015';
  const keyFor = (name: string, bits: number): Promise<TestKey> => {
    const previous = reuse.get(`${spec.id}/${name}`);
    return previous && previous.algorithm === spec.algorithm ? Promise.resolve(previous) : generateTestKey(spec.algorithm, bits);
  };
  const [rootKey, caKey, ocspKey, tsaKey, ...leafKeys] = await Promise.all([
    keyFor('root-ca', rsaCaBits),
    keyFor('nca', rsaCaBits),
    keyFor('ocsp-responder', rsaBits),
    keyFor('tsa', rsaBits),
    ...END_ENTITIES.map((leaf) => keyFor(leaf.name, rsaBits)),
  ]);

  const caKeyUsage: KeyUsageName[] = ['keyCertSign', 'cRLSign'];
  const root = issue({
    hierarchy: spec,
    name: 'root-ca',
    role: 'root-ca',
    key: rootKey,
    subject: caName(spec, spec.rootName),
    notBefore: TIMELINE.caNotBefore,
    notAfter: TIMELINE.rootNotAfter,
    url: urls.rootCertificate,
    keyUsage: caKeyUsage,
    extensions: (keyId) => [basicConstraints(true), keyUsage(caKeyUsage), subjectKeyIdentifier(keyId)],
  });

  const rootSerial = root.certificate.serialNumber.valueBlock.valueHexView;
  const ca = issue({
    hierarchy: spec,
    name: 'nca',
    role: 'issuing-ca',
    key: caKey,
    issuer: root,
    subject: caName(spec, spec.caName),
    notBefore: TIMELINE.caNotBefore,
    notAfter: TIMELINE.issuingNotAfter,
    url: urls.caCertificate,
    keyUsage: caKeyUsage,
    policies: [OID.policyGeneric],
    // Mirrors ca/nca_gost2015_test.cer, including the AKI with issuer name and serial.
    extensions: (keyId) => [
      basicConstraints(true),
      keyUsage(caKeyUsage),
      crlDistributionPoints([urls.rootCrl]),
      subjectKeyIdentifier(keyId),
      authorityKeyIdentifier(issuerKeyId(root), { name: root.certificate.subject, serialNumber: rootSerial }),
      authorityInfoAccess({ caIssuers: urls.rootCertificate }),
      certificatePolicies([OID.policyGeneric], urls.cps, false),
    ],
  });

  const serviceName = (cn: string, order: 'cn-c-o' | 'cn-o-c'): pkijs.RelativeDistinguishedNames =>
    order === 'cn-c-o'
      ? rdn([
          [OID.commonName, utf8(cn)],
          [OID.country, printable('KZ')],
          [OID.organization, utf8(spec.caName)],
        ])
      : rdn([
          [OID.commonName, utf8(cn)],
          [OID.organization, utf8(spec.caName)],
          [OID.country, printable('KZ')],
        ]);

  // Mirrors the responder certificate inside ocsp/ocsp_response_individual_2015.bin.
  const ocsp = issue({
    hierarchy: spec,
    name: 'ocsp-responder',
    role: 'ocsp-responder',
    key: ocspKey,
    issuer: ca,
    subject: serviceName(spec.ocspName, 'cn-c-o'),
    notBefore: TIMELINE.caNotBefore,
    notAfter: TIMELINE.serviceNotAfter,
    keyUsage: ['digitalSignature'],
    extendedKeyUsage: [OID.ekuOcspSigning],
    extensions: (keyId) => [
      keyUsage(['digitalSignature'], false),
      ocspNoCheck(),
      extendedKeyUsage([OID.ekuOcspSigning]),
      subjectKeyIdentifier(keyId),
      authorityKeyIdentifier(issuerKeyId(ca)),
      ...(gost2015 ? [keyStorage()] : []),
    ],
  });

  // kz-pki.md §2.5: KU digitalSignature, EKU timeStamping (critical), policy 1.2.398.3.3.2.6.
  const tsa = issue({
    hierarchy: spec,
    name: 'tsa',
    role: 'tsa',
    key: tsaKey,
    issuer: ca,
    subject: serviceName(spec.tsaName, 'cn-o-c'),
    notBefore: TIMELINE.caNotBefore,
    notAfter: TIMELINE.serviceNotAfter,
    keyUsage: ['digitalSignature'],
    extendedKeyUsage: [OID.ekuTimeStamping],
    policies: [OID.policyTsa],
    extensions: (keyId) => [
      keyUsage(['digitalSignature']),
      extendedKeyUsage([OID.ekuTimeStamping], true),
      subjectKeyIdentifier(keyId),
      authorityKeyIdentifier(issuerKeyId(ca)),
      crlDistributionPoints([urls.caCrl]),
      authorityInfoAccess({ ocsp: urls.ocsp, caIssuers: urls.caCertificate }),
      certificatePolicies([OID.policyTsa], urls.cps, false),
    ],
  });

  const leafEntities: TestPkiEntity[] = END_ENTITIES.map((leaf, i) => {
    const profile = endEntityExtensions(spec.generation, leaf);
    const { notBefore, notAfter } = validityOf(leaf.status);
    const revocation = leaf.revocationReason
      ? {
          time: TIMELINE.revokedAt.toISOString(),
          reason: leaf.revocationReason,
          reasonCode: REVOCATION_REASON_CODES[leaf.revocationReason],
        }
      : undefined;
    const extensions = (keyId: Uint8Array): pkijs.Extension[] => {
      const policies = certificatePolicies([profile.policy], urls.cps, profile.userNotice);
      const aia = authorityInfoAccess({ ocsp: urls.ocsp, caIssuers: urls.caCertificate });
      const common = {
        ku: keyUsage(profile.keyUsage),
        eku: extendedKeyUsage(profile.extendedKeyUsage),
        aki: authorityKeyIdentifier(issuerKeyId(ca)),
        ski: subjectKeyIdentifier(keyId),
        dp: crlDistributionPoints([urls.caCrl]),
        delta: freshestCrl([urls.caDeltaCrl]),
      };
      // Extension order as in the respective NCA certificates.
      if (!gost2015) return [common.ku, common.eku, common.aki, common.ski, policies, common.dp, common.delta, aia];
      const list = [common.ku, policies, aia, common.dp, common.delta, common.eku, common.ski, common.aki, keyStorage()];
      if (profile.emailInSan) list.push(subjectAltNameEmail(leaf.person.email));
      return list;
    };
    return issue({
      hierarchy: spec,
      name: leaf.name,
      role: 'end-entity',
      key: leafKeys[i],
      issuer: ca,
      subject: personName(leaf),
      notBefore,
      notAfter,
      keyUsage: profile.keyUsage,
      extendedKeyUsage: profile.extendedKeyUsage,
      policies: [profile.policy],
      extensions,
      extra: {
        status: leaf.status,
        revocation,
        profile: leaf.profile,
        purpose: leaf.purpose,
        iin: leaf.person.iin,
        bin: leaf.profile === 'individual' ? undefined : TEST_ORGANIZATION.bin,
        note: profile.note,
      },
    });
  });

  const crl = (
    issuer: TestPkiEntity,
    name: string,
    url: string,
    crlNumber: number,
    revokedOf: TestPkiEntity[],
    deltaOf?: number,
  ): TestPkiCrl => {
    const revoked = revokedOf.flatMap((e) =>
      e.revocation
        ? [
            {
              serialNumber: e.serialNumber,
              time: e.revocation.time,
              reason: e.revocation.reason,
              reasonCode: e.revocation.reasonCode,
            },
          ]
        : [],
    );
    const der = signCrl(
      {
        issuer: issuer.certificate.subject,
        issuerKeyIdentifier: issuerKeyId(issuer),
        thisUpdate: TIMELINE.crlThisUpdate,
        nextUpdate: TIMELINE.crlNextUpdate,
        crlNumber,
        deltaOf,
        revoked: revoked.map((r) => ({
          serialNumber: Buffer.from(r.serialNumber, 'hex'),
          time: new Date(r.time),
          reasonCode: r.reasonCode,
        })),
      },
      issuer.key,
    );
    const id = `${spec.id}/${name}`;
    const entry: ManifestCrl = {
      id,
      hierarchy: spec.id,
      issuerId: issuer.id,
      file: `${id}.crl`,
      url,
      crlNumber,
      deltaOf,
      thisUpdate: TIMELINE.crlThisUpdate.toISOString(),
      nextUpdate: TIMELINE.crlNextUpdate.toISOString(),
      revoked: revoked.map(({ serialNumber, time, reason }) => ({ serialNumber, time, reason })),
    };
    return { ...entry, der };
  };

  return {
    entities: [root, ca, ocsp, tsa, ...leafEntities],
    crls: [
      crl(root, 'root-ca', urls.rootCrl, 1, [ca]),
      crl(ca, 'nca', urls.caCrl, 1, [ocsp, tsa, ...leafEntities]),
      // Nothing was revoked since the base CRL; the delta exists because every end-entity
      // certificate points at it (Freshest CRL), as NCA's do.
      crl(ca, 'nca-delta', urls.caDeltaCrl, 2, [], 1),
    ],
  };
}

function stripBinary<T extends { der: Uint8Array }>(value: T, drop: readonly string[]): Omit<T, 'der'> {
  const copy: Record<string, unknown> = { ...value };
  for (const key of ['der', ...drop]) delete copy[key];
  return copy as Omit<T, 'der'>;
}

export function buildManifest(baseUrl: string, entities: readonly TestPkiEntity[], crls: readonly TestPkiCrl[]): TestPkiManifest {
  const hierarchies = [...new Set(entities.map((e) => e.hierarchy))];
  const urls = testPkiUrls(baseUrl, hierarchies[0] ?? 'rsa');
  return {
    format: MANIFEST_FORMAT,
    description:
      'Throwaway test PKI of the EDO service, generated by src/signing/test-pki/generate-cli.ts. Fictional subjects; never trust these CAs outside tests.',
    baseUrl,
    services: { ocsp: urls.ocsp, tsp: urls.tsp },
    tsaPolicies: Object.fromEntries(hierarchies.map((h) => [h, HIERARCHY_SPECS[h].tsaPolicy])),
    certificates: entities.map((e) => stripBinary(e, ['certificate', 'key']) as ManifestCertificate),
    crls: crls.map((c) => stripBinary(c, []) as ManifestCrl),
  };
}

export async function generateTestPki(options: GenerateTestPkiOptions = {}): Promise<TestPki> {
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const hierarchies = options.hierarchies ?? HIERARCHIES;
  const reuse = keysFrom(options.reuseKeysFrom);
  const parts = await Promise.all(
    hierarchies.map((h) =>
      generateHierarchy(HIERARCHY_SPECS[h], baseUrl, options.rsaCaBits ?? 4096, options.rsaBits ?? 2048, reuse),
    ),
  );
  const entities = parts.flatMap((p) => p.entities);
  const crls = parts.flatMap((p) => p.crls);
  const pki = new TestPki(buildManifest(baseUrl, entities, crls), entities, crls, options.outDir);
  if (options.outDir) writeTestPki(options.outDir, pki);
  return pki;
}
