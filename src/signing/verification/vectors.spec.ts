// Every file of the shared NCA RK test vectors (certs/nca-test) against the outcome its
// README documents. The files are enumerated from disk, so a vector added without an
// expectation here fails with "no expectation for <file>" instead of going untested.
//
// The end-entity certificates are expired, so every case picks a time inside the validity the
// README gives; the issuing test CAs (ncanode/ca) are the trust anchors because the test roots
// are not among the vectors. The checks per kind of file are in vectors-spec-support.ts.

import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { parseCms } from './cms-parser';
import { readVector, vectorDer } from './spec-support';
import {
  CA,
  caCertificate,
  cmsFile,
  CRL_FILES,
  crlFile,
  endEntityCertificate,
  Identity,
  OCSP_FILES,
  ocspFile,
  ocspThisUpdate,
  p12File,
  ROOT,
  StatusAnswer,
  tspResponse,
  tspToken,
} from './vectors-spec-support';

// ---------------------------------------------------------------------------------------------
// The README, file by file.

const RSA_SIGNER: Identity = {
  serialNumber: '4279390A141F5353A62947B61ED65E81741467D1',
  iin: '123456789011',
  roles: ['INDIVIDUAL'],
  keyUsage: 'SIGN',
};
const GOST2015_SIGNER: Identity = {
  serialNumber: '0FF06211DC82BEB00253FFA000F1DE84ABEF454F',
  iin: '123456789012',
  roles: ['INDIVIDUAL'],
  keyUsage: 'SIGN',
};
const RSA_ALGORITHM = /SHA-256 with RSA/;
const GOST2015_ALGORITHM = /34\.10-2015/;

// Inside the RSA signer's validity (2021-01-18…2022-01-18).
const RSA_SIGNER_TIME = new Date('2021-06-01T00:00:00Z');
// Inside the GOST signer's validity (2022-07-28…2023-07-28) and the GOST CRL's (2022-07-27…2023-01-23).
const GOST_SIGNER_TIME = new Date('2022-10-01T00:00:00Z');
// Inside the RSA CRL's period (2022-03-29…2022-09-25) and the 2022 RSA/GOST-2004 certificates'.
const RSA_CRL_TIME = new Date('2022-06-01T00:00:00Z');
const OFFLINE = { revocationOnline: false } as const;

const GOST_OCSP_REVOKED: StatusAnswer = {
  file: 'ocsp/ocsp_response_individual_2015.bin',
  status: 'revoked',
  revocationTime: '1970-01-01T00:00:00.000Z',
  reason: 'certificateHold',
};

const EXPECTATIONS: Readonly<Record<string, (relative: string) => void | Promise<void>>> = {
  // The README itself names every vector file.
  'README.md': () => {
    const text = readVector('../README.md').toString('utf8');
    for (const vector of listFiles(ROOT).filter((f) => f.startsWith('ncanode/')))
      expect({ vector, documented: text.includes(vector.replace(/^ncanode\//, '')) }).toEqual({ vector, documented: true });
  },

  'ncanode/ca/nca_gost2015_test.cer': caCertificate(
    'ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) TEST 2022',
    '1.2.398.3.10.1.1.2.3.2',
    '2022-07-07',
    '2032-07-04',
  ),
  'ncanode/ca/nca_gost_test.crt': caCertificate('ҰКО 3.0 (GOST TEST)', '1.2.398.3.10.1.1.1.2', '2019-03-14', '2024-03-12'),
  'ncanode/ca/nca_rsa_test.crt': caCertificate('ҰКО 3.0 (RSA TEST)', '1.2.840.113549.1.1.11', '2019-03-15', '2024-03-13'),

  // No CRL or OCSP response of ҰКО 3.0 (GOST TEST) is among the vectors: no status can be found.
  'ncanode/certs/ceo_valid_sign_2004_gost.cer': endEntityCertificate(
    'gost2004',
    {
      serialNumber: '6CBD4560A33A58C0B07C3363C9AE0674A0838E58',
      iin: '123456789011',
      bin: '123456789021',
      roles: ['ORGANIZATION', 'CEO'],
      keyUsage: 'SIGN',
    },
    RSA_CRL_TIME,
    [],
  ),
  'ncanode/certs/individual_valid_sign_2004_rsa.cer': endEntityCertificate(
    'rsa',
    { serialNumber: '41E45CC8A04C705963E5CD6769848A934D8EAEF5', iin: '123456789011', roles: ['INDIVIDUAL'], keyUsage: 'SIGN' },
    RSA_CRL_TIME,
    [{ file: 'crl/nca_rsa_test.crl', status: 'good' }],
  ),
  'ncanode/certs/individual_valid_sign_2004_rsa_auth.cer': endEntityCertificate(
    'rsa',
    { serialNumber: '247C3FDA89FA641EA226987393CDAF3F5BAF24B3', iin: '123456789011', roles: ['INDIVIDUAL'], keyUsage: 'AUTH' },
    RSA_CRL_TIME,
    [{ file: 'crl/nca_rsa_test.crl', status: 'good' }],
  ),

  'ncanode/cms/rsa_attached_lol_kek.p7s': cmsFile('lol_kek', [
    {
      name: 'chain and signature, revocation off',
      input: { validationTime: RSA_SIGNER_TIME, trustAnchors: [vectorDer(CA.rsa)], policy: { revocation: 'off' } },
      indication: 'TOTAL_PASSED',
      signers: [{ indication: 'TOTAL_PASSED', identity: RSA_SIGNER, signatureAlgorithm: RSA_ALGORITHM }],
    },
    {
      name: 'detached copy with lol_kek.bin',
      detached: true,
      input: { validationTime: RSA_SIGNER_TIME, trustAnchors: [vectorDer(CA.rsa)], policy: { revocation: 'off' } },
      indication: 'TOTAL_PASSED',
      signers: [{ indication: 'TOTAL_PASSED', identity: RSA_SIGNER, signatureAlgorithm: RSA_ALGORITHM }],
    },
    {
      name: 'another CA as the only anchor',
      input: { validationTime: RSA_SIGNER_TIME, trustAnchors: [vectorDer(CA.gost2004)], policy: { revocation: 'off' } },
      indication: 'INDETERMINATE',
      subIndication: 'NO_CERTIFICATE_CHAIN_FOUND',
      signers: [
        {
          indication: 'INDETERMINATE',
          subIndication: 'NO_CERTIFICATE_CHAIN_FOUND',
          identity: RSA_SIGNER,
          signatureAlgorithm: RSA_ALGORITHM,
        },
      ],
    },
    {
      // The RSA OCSP response ("good", 2022-09-02) and the RSA CRL (2022-03-29) were both issued
      // after the certificate expired (2022-01-18): nothing speaks for a time inside its validity,
      // so revocation "require" cannot be satisfied.
      name: 'revocation required, RSA OCSP + CRL supplied',
      input: {
        validationTime: RSA_SIGNER_TIME,
        trustAnchors: [vectorDer(CA.rsa)],
        policy: { revocation: 'require', ...OFFLINE },
        revocationEvidence: [readVector(OCSP_FILES[1]), readVector(CRL_FILES[1])],
      },
      indication: 'INDETERMINATE',
      subIndication: 'TRY_LATER',
      signers: [
        {
          indication: 'INDETERMINATE',
          subIndication: 'TRY_LATER',
          identity: RSA_SIGNER,
          signatureAlgorithm: RSA_ALGORITHM,
          checks: { REVOCATION: { status: 'NOT_CHECKED' } },
        },
      ],
    },
  ]),

  // README: no time is inside both signers' validity (RSA 2021-01-18…2022-01-18, GOST
  // 2022-07-28…2023-07-28), so the document is never TOTAL_PASSED although both signatures verify.
  'ncanode/cms/gost2015_rsa_2signers_attached_test123.p7s': cmsFile('test123', [
    {
      name: 'at a time inside the GOST certificate, GOST CRL supplied',
      input: {
        validationTime: GOST_SIGNER_TIME,
        trustAnchors: [vectorDer(CA.gost2015), vectorDer(CA.rsa)],
        policy: { revocation: 'require', ...OFFLINE },
        revocationEvidence: [readVector(CRL_FILES[0])],
      },
      indication: 'INDETERMINATE',
      subIndication: 'OUT_OF_BOUNDS_NO_POE',
      signers: [
        {
          indication: 'TOTAL_PASSED',
          identity: GOST2015_SIGNER,
          signatureAlgorithm: GOST2015_ALGORITHM,
          checks: { REVOCATION: { status: 'PASSED', evidence: { type: 'CRL', source: 'supplied', status: 'good' } } },
        },
        {
          // The RSA CRL does not cover 2022-10-01 (nextUpdate 2022-09-25); expiry comes first anyway.
          indication: 'INDETERMINATE',
          subIndication: 'OUT_OF_BOUNDS_NO_POE',
          identity: RSA_SIGNER,
          signatureAlgorithm: RSA_ALGORITHM,
        },
      ],
    },
    {
      // The GOST OCSP response says revoked (certificateHold, 1970-01-01, a test-PKI artefact).
      name: 'right after the GOST OCSP response, which is supplied',
      input: {
        validationTime: new Date(ocspThisUpdate(OCSP_FILES[0]).getTime() + 60_000),
        trustAnchors: [vectorDer(CA.gost2015), vectorDer(CA.rsa)],
        policy: { revocation: 'require', ...OFFLINE },
        revocationEvidence: [readVector(OCSP_FILES[0])],
      },
      indication: 'TOTAL_FAILED',
      subIndication: 'REVOKED',
      signers: [
        {
          indication: 'TOTAL_FAILED',
          subIndication: 'REVOKED',
          identity: GOST2015_SIGNER,
          signatureAlgorithm: GOST2015_ALGORITHM,
          checks: {
            REVOCATION: {
              status: 'FAILED',
              evidence: {
                type: 'OCSP',
                status: 'revoked',
                reason: 'certificateHold',
                revocationTime: '1970-01-01T00:00:00.000Z',
              },
            },
          },
        },
        {
          indication: 'INDETERMINATE',
          subIndication: 'OUT_OF_BOUNDS_NO_POE',
          identity: RSA_SIGNER,
          signatureAlgorithm: RSA_ALGORITHM,
        },
      ],
    },
    {
      name: 'at a time inside the RSA certificate, revocation off',
      input: {
        validationTime: RSA_SIGNER_TIME,
        trustAnchors: [vectorDer(CA.gost2015), vectorDer(CA.rsa)],
        policy: { revocation: 'off' },
      },
      indication: 'INDETERMINATE',
      subIndication: 'OUT_OF_BOUNDS_NO_POE',
      signers: [
        {
          indication: 'INDETERMINATE',
          subIndication: 'OUT_OF_BOUNDS_NO_POE',
          identity: GOST2015_SIGNER,
          signatureAlgorithm: GOST2015_ALGORITHM,
        },
        { indication: 'TOTAL_PASSED', identity: RSA_SIGNER, signatureAlgorithm: RSA_ALGORITHM },
      ],
    },
    {
      name: 'detached copy with test123.bin, GOST time, revocation off',
      detached: true,
      input: {
        validationTime: GOST_SIGNER_TIME,
        trustAnchors: [vectorDer(CA.gost2015), vectorDer(CA.rsa)],
        policy: { revocation: 'off' },
      },
      indication: 'INDETERMINATE',
      subIndication: 'OUT_OF_BOUNDS_NO_POE',
      signers: [
        { indication: 'TOTAL_PASSED', identity: GOST2015_SIGNER, signatureAlgorithm: GOST2015_ALGORITHM },
        {
          indication: 'INDETERMINATE',
          subIndication: 'OUT_OF_BOUNDS_NO_POE',
          identity: RSA_SIGNER,
          signatureAlgorithm: RSA_ALGORITHM,
        },
      ],
    },
  ]),
  // The signed contents: checked as part of the CMS cases above (attached and detached).
  'ncanode/cms/lol_kek.bin': (relative) =>
    expect(readVector(relative).equals(contentOf('cms/rsa_attached_lol_kek.p7s'))).toBe(true),
  'ncanode/cms/test123.bin': (relative) =>
    expect(readVector(relative).equals(contentOf('cms/gost2015_rsa_2signers_attached_test123.p7s'))).toBe(true),

  'ncanode/crl/nca_gost2022_test.crl': crlFile(
    'gost2015',
    { entries: 6, crlNumber: '4', thisUpdate: '2022-07-27T11:26:06.000Z', nextUpdate: '2023-01-23T11:26:06.000Z' },
    [{ serial: '3A90343E720594C55204B19CB9A402422EF0E622', revocationTime: '2022-07-27T10:25:30Z', reason: 'certificateHold' }],
  ),
  'ncanode/crl/nca_rsa_test.crl': crlFile(
    'rsa',
    { entries: 126, crlNumber: '9', thisUpdate: '2022-03-29T04:18:29.000Z', nextUpdate: '2022-09-25T04:18:29.000Z' },
    [
      { serial: '46757A2158A604189C40FB1FCDAB1143F83F32DB', revocationTime: '2022-01-18T04:40:24Z', reason: 'superseded' },
      { serial: '1AB11253653B2537F2EDD55F0F66281CA4FA3F98', revocationTime: '2022-01-18T04:41:12Z', reason: 'superseded' },
    ],
  ),

  'ncanode/ocsp/ocsp_response_individual_2015.bin': ocspFile('gost2015', GOST2015_SIGNER.serialNumber, {
    status: 'revoked',
    responder: expect.stringContaining('CN=OCSP RESPONDER') as string,
    responderKind: 'delegated',
    noCheck: true,
    revocationTime: new Date('1970-01-01T00:00:00Z'),
    reason: 'certificateHold',
  }),
  'ncanode/ocsp/ocsp_response_individual_sign_2004.bin': ocspFile('rsa', RSA_SIGNER.serialNumber, { status: 'good' }),

  'ncanode/tsp/tsp_response.bin': (relative) => tspResponse(relative),
  'ncanode/tsp/tsp_token.bin': (relative) => tspToken(relative),

  // The RSA OCSP response ("good", 2022-09-02) and CRL (2022-03-29) were issued after this
  // certificate expired (2022-01-18): they cannot vouch for a time inside its validity.
  'ncanode/keys/individual_valid_sign_rsa.p12': p12File(
    'Qwerty12',
    'RSA',
    'rsa',
    RSA_SIGNER,
    RSA_SIGNER_TIME,
    [{ file: 'ocsp/ocsp_response_individual_sign_2004.bin', status: 'good' }],
    [{ at: RSA_SIGNER_TIME, indication: 'INDETERMINATE', subIndication: 'TRY_LATER' }],
  ),
  'ncanode/keys/individual_sign_revoked_rsa.p12': p12File(
    'Qwerty12',
    'RSA',
    'rsa',
    { serialNumber: '46757A2158A604189C40FB1FCDAB1143F83F32DB', iin: '123456789011', roles: ['INDIVIDUAL'], keyUsage: 'SIGN' },
    RSA_CRL_TIME,
    [{ file: 'crl/nca_rsa_test.crl', status: 'revoked', revocationTime: '2022-01-18T04:40:24.000Z', reason: 'superseded' }],
    [
      { at: RSA_CRL_TIME, indication: 'TOTAL_FAILED', subIndication: 'REVOKED' },
      // After the revocation (2022-01-18) but before the CRL's thisUpdate (2022-03-29): a listed
      // revocation is final (RFC 5280 §3.3), so the later CRL proves the certificate was already
      // revoked at this time.
      { at: new Date('2022-02-01T00:00:00Z'), indication: 'TOTAL_FAILED', subIndication: 'REVOKED' },
    ],
  ),
  'ncanode/keys/individual_auth_revoked_rsa.p12': p12File(
    'Qwerty12',
    'RSA',
    'rsa',
    { serialNumber: '1AB11253653B2537F2EDD55F0F66281CA4FA3F98', iin: '123456789011', roles: ['INDIVIDUAL'], keyUsage: 'AUTH' },
    RSA_CRL_TIME,
    [{ file: 'crl/nca_rsa_test.crl', status: 'revoked', revocationTime: '2022-01-18T04:41:12.000Z', reason: 'superseded' }],
    [{ at: RSA_CRL_TIME, indication: 'TOTAL_FAILED', subIndication: 'REVOKED' }],
  ),
  // README: revoked, but no CRL/OCSP of ҰКО 3.0 (GOST TEST) is among the vectors to show it.
  'ncanode/keys/ceo_sign_revoked_gost2004.p12': p12File(
    'Qwerty12',
    'GOST',
    'gost2004',
    {
      serialNumber: '12E3E7B9966D09EB9CDA64251457E815C2A8DDED',
      iin: '123456789011',
      bin: '123456789021',
      roles: ['ORGANIZATION', 'CEO'],
      keyUsage: 'SIGN',
    },
    RSA_CRL_TIME,
    [],
  ),
  // The GOST OCSP response says revoked (certificateHold, 1970: test-PKI artefact); the older
  // GOST CRL does not list it.
  'ncanode/keys/individual_valid_gost2015.p12': p12File('Aa123456', 'GOST', 'gost2015', GOST2015_SIGNER, GOST_SIGNER_TIME, [
    GOST_OCSP_REVOKED,
    { file: 'crl/nca_gost2022_test.crl', status: 'good' },
  ]),
  'ncanode/keys/ceo_revoked_gost2015.p12': p12File(
    'Aa123456',
    'GOST',
    'gost2015',
    {
      serialNumber: '3A90343E720594C55204B19CB9A402422EF0E622',
      iin: '123456789011',
      bin: '123456789021',
      roles: ['ORGANIZATION', 'CEO'],
      keyUsage: 'SIGN',
    },
    GOST_SIGNER_TIME,
    [
      {
        file: 'crl/nca_gost2022_test.crl',
        status: 'revoked',
        revocationTime: '2022-07-27T10:25:30.000Z',
        reason: 'certificateHold',
      },
    ],
  ),
};

function contentOf(relative: string): Buffer {
  const parsed = parseCms(readVector(relative));
  if (!parsed.ok || !parsed.cms.content) throw new Error(`${relative}: no embedded content`);
  return Buffer.from(parsed.cms.content);
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) =>
      entry.isDirectory() ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
    );
}

const FILES = listFiles(ROOT);

describe('NCA RK test vectors (certs/nca-test)', () => {
  it('has an expectation for every file and a file for every expectation', () => {
    expect(Object.keys(EXPECTATIONS).filter((name) => !FILES.includes(name))).toEqual([]);
  });

  it.each(FILES)('%s', async (relative) => {
    const expectation = EXPECTATIONS[relative];
    if (!expectation) throw new Error(`no expectation for ${relative}`);
    // Paths below are relative to ncanode/, as the README writes them.
    await expectation(relative.replace(/^ncanode\//, ''));
  });
});
