import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { hex, sha1 } from './der';
import { postDer } from './http-service';
import { TestPki, TestPkiEntity } from './manifest';
import { OID } from './oids';
import { HIERARCHIES, Hierarchy } from './profiles';
import { isStrictDer, nonceOf, ocspSignedBy, parseOcspResponse, specTestPki } from './spec-support';
import { TestOcspResponder, ocspRequest } from './test-ocsp-responder';

let pki: TestPki;
let responder: TestOcspResponder;
let baseUrl: string;

beforeAll(async () => {
  pki = await specTestPki();
  responder = new TestOcspResponder(pki);
  baseUrl = await responder.listen();
}, 60_000);

afterAll(() => responder.close());

afterEach(() => {
  responder.behaviour = {};
});

interface Answer {
  readonly status: number;
  readonly basic?: pkijs.BasicOCSPResponse;
  readonly single?: pkijs.SingleResponse;
  readonly der: Uint8Array;
}

async function ask(
  subject: TestPkiEntity,
  options: { hash?: 'sha1' | 'sha256'; nonce?: Uint8Array; issuer?: TestPkiEntity } = {},
): Promise<Answer> {
  const issuer = options.issuer ?? pki.issuerOf(subject);
  const reply = await postDer(
    `${baseUrl}/ocsp/`,
    'application/ocsp-request',
    ocspRequest(subject.certificate, issuer.certificate, options),
  );
  expect(reply.status).toBe(200);
  expect(reply.contentType).toBe('application/ocsp-response');
  const { status, basic } = parseOcspResponse(reply.body);
  return { status, basic, single: basic?.tbsResponseData.responses[0], der: reply.body };
}

// CertStatus CHOICE tag: 0 good, 1 revoked, 2 unknown.
function statusOf(single: pkijs.SingleResponse | undefined): 'good' | 'revoked' | 'unknown' {
  const status: unknown = single?.certStatus;
  if (!(status instanceof asn1js.BaseBlock) || status.idBlock.tagClass !== 3) throw new Error('no CertStatus');
  return (['good', 'revoked', 'unknown'] as const)[status.idBlock.tagNumber];
}

function revokedInfo(single: pkijs.SingleResponse | undefined): { time: string; reason?: number } {
  const status = single?.certStatus as asn1js.Constructed;
  const [time, reason] = status.valueBlock.value as [asn1js.GeneralizedTime, asn1js.Constructed | undefined];
  const code = reason ? (reason.valueBlock.value[0] as asn1js.Enumerated).valueBlock.valueDec : undefined;
  return { time: time.toDate().toISOString(), reason: code };
}

function signerOf(basic: pkijs.BasicOCSPResponse | undefined): pkijs.Certificate {
  const cert = basic?.certs?.[0];
  if (!cert) throw new Error('no signer certificate in the response');
  return cert;
}

describe.each(HIERARCHIES)('%s OCSP', (hierarchy: Hierarchy) => {
  const signatureOid = { rsa: OID.sha256WithRsa, gost2015: OID.gost2015Signature512, gost2004: OID.gost2004Signature }[hierarchy];

  it.each(['sha1', 'sha256'] as const)(
    'answers good with an echoed nonce, signed by the delegated responder (%s CertID)',
    async (hash) => {
      const nonce = new Uint8Array(randomBytes(8));
      const before = Math.floor(Date.now() / 1000) * 1000;
      const { status, basic, single, der } = await ask(pki.get(`${hierarchy}/individual-sign`), { hash, nonce });
      expect(status).toBe(0);
      expect(isStrictDer(der)).toBe(true);
      expect(statusOf(single)).toBe('good');
      expect(single?.certID.hashAlgorithm.algorithmId).toBe(hash === 'sha1' ? OID.sha1 : OID.sha256);
      expect(hex(single?.certID.serialNumber.valueBlock.valueHexView ?? new Uint8Array())).toBe(
        pki.get(`${hierarchy}/individual-sign`).serialNumber,
      );
      // NCA's nonce form: extnValue = OCTET STRING (8 bytes), echoed verbatim.
      expect(hex(nonceOf(basic as pkijs.BasicOCSPResponse) ?? new Uint8Array())).toBe(`0408${hex(nonce)}`);
      expect(basic?.signatureAlgorithm.algorithmId).toBe(signatureOid);

      const responderCert = signerOf(basic);
      const expected = pki.service(hierarchy, 'ocsp-responder');
      expect(responderCert.serialNumber.isEqual(expected.certificate.serialNumber)).toBe(true);
      expect(ocspSignedBy(basic as pkijs.BasicOCSPResponse, responderCert)).toBe(true);
      expect(basic?.tbsResponseData.responderID).toBeInstanceOf(pkijs.RelativeDistinguishedNames);
      expect((basic?.tbsResponseData.responderID as pkijs.RelativeDistinguishedNames).isEqual(expected.certificate.subject)).toBe(
        true,
      );
      expect(basic?.tbsResponseData.producedAt.getTime()).toBeGreaterThanOrEqual(before);
      expect(single?.thisUpdate.getTime()).toBeGreaterThanOrEqual(before);
      expect(single?.nextUpdate).toBeUndefined();
    },
  );

  it('answers revoked with revocation time and reason from the manifest', async () => {
    for (const id of ['individual-sign-revoked', 'ceo-sign-revoked']) {
      const entity = pki.get(`${hierarchy}/${id}`);
      const { basic, single } = await ask(entity);
      expect(statusOf(single)).toBe('revoked');
      expect(revokedInfo(single)).toEqual({ time: entity.revocation?.time, reason: entity.revocation?.reasonCode });
      expect(ocspSignedBy(basic as pkijs.BasicOCSPResponse, signerOf(basic))).toBe(true);
    }
  });

  it('answers good for expired certificates (as NCA does) and unknown for serials it never issued', async () => {
    expect(statusOf((await ask(pki.get(`${hierarchy}/individual-sign-expired`))).single)).toBe('good');
    // Another hierarchy's leaf asked of this CA: the CA hashes match, the serial was never issued here.
    const foreign = pki.get(`${hierarchy === 'rsa' ? 'gost2015' : 'rsa'}/individual-sign`);
    const { single } = await ask(foreign, { issuer: pki.get(`${hierarchy}/nca`) });
    expect(statusOf(single)).toBe('unknown');
  });

  it('lets the root answer for the issuing CA itself', async () => {
    const { basic, single } = await ask(pki.get(`${hierarchy}/nca`));
    expect(statusOf(single)).toBe('good');
    const signer = signerOf(basic);
    expect(signer.serialNumber.isEqual(pki.get(`${hierarchy}/root-ca`).certificate.serialNumber)).toBe(true);
    expect(ocspSignedBy(basic as pkijs.BasicOCSPResponse, signer)).toBe(true);
  });
});

describe('OCSP HTTP service', () => {
  it('serves the GET form of RFC 6960 A.1', async () => {
    const entity = pki.get('gost2015/individual-sign-revoked');
    const request = ocspRequest(entity.certificate, pki.issuerOf(entity).certificate);
    const response = await fetch(`${baseUrl}/ocsp/${encodeURIComponent(Buffer.from(request).toString('base64'))}`);
    expect(response.status).toBe(200);
    const { basic } = parseOcspResponse(new Uint8Array(await response.arrayBuffer()));
    expect(statusOf(basic?.tbsResponseData.responses[0])).toBe('revoked');
  });

  it('serves every CRL and CA certificate at the address written into the certificates', async () => {
    const rebase = (url: string): string => `${baseUrl}${new URL(url).pathname}`;
    for (const crl of pki.crls) {
      const response = await fetch(rebase(crl.url));
      expect([crl.id, response.status, response.headers.get('content-type')]).toEqual([crl.id, 200, 'application/pkix-crl']);
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(crl.der);
    }
    for (const cert of pki.entities.filter((e) => e.url)) {
      const response = await fetch(rebase(cert.url ?? ''));
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(cert.der);
    }
    expect((await fetch(`${baseUrl}/crl/nothing.crl`)).status).toBe(404);
  });

  it('refuses garbage (malformedRequest) and unknown issuers (unauthorized)', async () => {
    const garbage = await postDer(`${baseUrl}/ocsp/`, 'application/ocsp-request', new Uint8Array([1, 2, 3]));
    expect(parseOcspResponse(garbage.body)).toEqual({ status: 1 });
    const leaf = pki.get('rsa/individual-sign');
    // An end-entity certificate as "issuer": no CA of the PKI has these hashes.
    const { status, basic } = await ask(leaf, { issuer: leaf });
    expect([status, basic]).toEqual([6, undefined]);
  });
});

describe('broken OCSP answers', () => {
  const subject = (): TestPkiEntity => pki.get('gost2015/individual-sign');
  const nonce = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);

  it.each(['tryLater', 'internalError', 'sigRequired', 'unauthorized'] as const)(
    'responseStatus %s without a body',
    async (responseStatus) => {
      responder.behaviour = { responseStatus };
      const { status, basic } = await ask(subject());
      expect(status).toBe({ tryLater: 3, internalError: 2, sigRequired: 5, unauthorized: 6 }[responseStatus]);
      expect(basic).toBeUndefined();
    },
  );

  it('wrong or missing nonce', async () => {
    responder.behaviour = { nonce: 'wrong' };
    const wrong = await ask(subject(), { nonce });
    expect(hex(nonceOf(wrong.basic as pkijs.BasicOCSPResponse) ?? new Uint8Array())).not.toBe(`0408${hex(nonce)}`);
    expect(ocspSignedBy(wrong.basic as pkijs.BasicOCSPResponse, signerOf(wrong.basic))).toBe(true);
    responder.behaviour = { nonce: 'omit' };
    expect(nonceOf((await ask(subject(), { nonce })).basic as pkijs.BasicOCSPResponse)).toBeUndefined();
  });

  it.each(['corrupt', 'empty'] as const)('%s signature', async (signature) => {
    responder.behaviour = { signature };
    const { basic } = await ask(subject());
    expect(ocspSignedBy(basic as pkijs.BasicOCSPResponse, signerOf(basic))).toBe(false);
  });

  it('responder not authorized: signed by a certificate of the same CA without OCSPSigning', async () => {
    responder.behaviour = { signer: 'unauthorized' };
    const { basic } = await ask(subject());
    const signer = signerOf(basic);
    expect(ocspSignedBy(basic as pkijs.BasicOCSPResponse, signer)).toBe(true);
    const eku = signer.extensions?.find((e) => e.extnID === OID.extKeyUsage)?.parsedValue as pkijs.ExtKeyUsage | undefined;
    expect(eku?.keyPurposes).not.toContain(OID.ekuOcspSigning);
  });

  it('signed by the CA itself, responder id by key, no certificates, forced status, nextUpdate, fixed clock', async () => {
    const clock = new Date('2031-05-06T07:08:09Z');
    responder.behaviour = {
      signer: 'ca',
      responderId: 'byKey',
      includeCertificates: false,
      forceStatus: 'revoked',
      nextUpdateSeconds: 3600,
      clock: () => clock,
    };
    const { basic, single } = await ask(subject());
    const ca = pki.get('gost2015/nca').certificate;
    expect(basic?.certs).toBeUndefined();
    expect(ocspSignedBy(basic as pkijs.BasicOCSPResponse, ca)).toBe(true);
    const byKey: unknown = basic?.tbsResponseData.responderID;
    expect(byKey instanceof asn1js.OctetString && hex(byKey.valueBlock.valueHexView)).toBe(
      hex(sha1(ca.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView)),
    );
    expect(statusOf(single)).toBe('revoked');
    expect(single?.thisUpdate.toISOString()).toBe(clock.toISOString());
    expect(single?.nextUpdate?.toISOString()).toBe(new Date(clock.getTime() + 3_600_000).toISOString());
    expect(responder.requests.length).toBeGreaterThan(0);
  });
});
