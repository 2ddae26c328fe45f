// In-process RFC 6960 OCSP responder over the test PKI. Like NCA's (kz-pki.md §3.2) it answers
// with the delegated responder certificate of the issuing CA (EKU OCSPSigning + ocsp-nocheck),
// signed with the CA's algorithm, accepts SHA-1 and SHA-256 CertIDs (and the KZ GOST hashes) and
// echoes the nonce. Status comes from the manifest: revoked -> revoked with time and reason, any
// other issued certificate -> good (NCA also says good for expired ones), anything else -> unknown.
// The HTTP service also serves the CA certificates and CRLs at the addresses written into the
// certificates (/cert/..., /crl/...), so one server is the whole revocation infrastructure.

import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { sha1, sha256, toDer, wholeSeconds } from './der';
import { ListenOptions, TestHttpRequest, TestHttpResponse, TestHttpService, startTestHttpServer } from './http-service';
import { digestFor, signatureAlgorithmIdentifier } from './keys';
import { TestPki, TestPkiEntity } from './manifest';
import { OID } from './oids';

export type OcspResponseStatus =
  'successful' | 'malformedRequest' | 'internalError' | 'tryLater' | 'sigRequired' | 'unauthorized';

const RESPONSE_STATUS_CODES: Readonly<Record<OcspResponseStatus, number>> = {
  successful: 0,
  malformedRequest: 1,
  internalError: 2,
  tryLater: 3,
  sigRequired: 5,
  unauthorized: 6,
};

export interface TestOcspBehaviour {
  // Anything but 'successful': an OCSPResponse with this status and no responseBytes.
  readonly responseStatus?: OcspResponseStatus;
  readonly nonce?: 'echo' | 'omit' | 'wrong';
  // 'corrupt': one bit flipped; 'empty': a zero-length signature ("unsigned").
  readonly signature?: 'valid' | 'corrupt' | 'empty';
  // 'responder': the delegated responder (default); 'ca': the issuing CA itself;
  // 'unauthorized': the hierarchy's TSA certificate, issued by the same CA but without OCSPSigning.
  readonly signer?: 'responder' | 'ca' | 'unauthorized';
  // Put the signer certificate into BasicOCSPResponse.certs (default true).
  readonly includeCertificates?: boolean;
  readonly responderId?: 'byName' | 'byKey';
  // Same status for every certificate, whatever the manifest says.
  readonly forceStatus?: 'good' | 'revoked' | 'unknown';
  readonly clock?: () => Date;
  // Adds nextUpdate = thisUpdate + this many seconds (NCA omits nextUpdate).
  readonly nextUpdateSeconds?: number;
}

const HASHES: ReadonlyMap<string, (data: Uint8Array) => Uint8Array> = new Map([
  [OID.sha1, sha1],
  [OID.sha256, sha256],
  [OID.gost2015Digest512, (data: Uint8Array) => digestFor('gost2015-512', data)],
  [OID.gost2004Digest, (data: Uint8Array) => digestFor('gost2004', data)],
]);

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
}

function statusOnly(status: OcspResponseStatus): Uint8Array {
  return toDer(
    new pkijs.OCSPResponse({ responseStatus: new asn1js.Enumerated({ value: RESPONSE_STATUS_CODES[status] }) }).toSchema(),
  );
}

// CertStatus CHOICE: good [0] NULL, revoked [1] RevokedInfo, unknown [2] NULL (all IMPLICIT).
function certStatus(status: 'good' | 'revoked' | 'unknown', revocation?: { time: Date; reasonCode: number }): asn1js.AsnType {
  if (status === 'good') return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 } });
  if (status === 'unknown') return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 } });
  const time = revocation?.time ?? new Date(0);
  return new asn1js.Constructed({
    idBlock: { tagClass: 3, tagNumber: 1 },
    value: [
      new asn1js.GeneralizedTime({ valueDate: wholeSeconds(time) }),
      ...(revocation
        ? [
            new asn1js.Constructed({
              idBlock: { tagClass: 3, tagNumber: 0 },
              value: [new asn1js.Enumerated({ value: revocation.reasonCode })],
            }),
          ]
        : []),
    ],
  });
}

interface MatchedIssuer {
  readonly ca: TestPkiEntity;
}

export class TestOcspResponder {
  behaviour: TestOcspBehaviour;
  // Requests seen, newest last (tests assert what a client sent).
  readonly requests: Uint8Array[] = [];
  private service?: TestHttpService;

  constructor(
    public pki: TestPki,
    behaviour: TestOcspBehaviour = {},
  ) {
    this.behaviour = behaviour;
  }

  // OCSPRequest DER in, OCSPResponse DER out. Never throws for a bad request.
  respond(requestDer: Uint8Array): Uint8Array {
    this.requests.push(requestDer);
    const b = this.behaviour;
    if (b.responseStatus && b.responseStatus !== 'successful') return statusOnly(b.responseStatus);
    let request: pkijs.OCSPRequest;
    try {
      request = pkijs.OCSPRequest.fromBER(requestDer);
    } catch {
      return statusOnly('malformedRequest');
    }
    const list = request.tbsRequest.requestList;
    if (list.length === 0) return statusOnly('malformedRequest');
    const issuers = list.map((r) => this.matchIssuer(r.reqCert));
    const first = issuers[0];
    // One response is signed for one CA; a request mixing CAs (or naming an unknown one) is
    // refused the way production responders do.
    if (!first || issuers.some((i) => i?.ca.id !== first.ca.id)) return statusOnly('unauthorized');

    const now = wholeSeconds(b.clock ? b.clock() : new Date());
    const responses = list.map((r) => this.singleResponse(r.reqCert, first.ca, now));
    const signer = this.signerFor(first.ca);

    const nonceRequest = request.tbsRequest.requestExtensions?.find((e) => e.extnID === OID.ocspNonce);
    const extensions: pkijs.Extension[] = [];
    if (b.nonce !== 'omit') {
      if (nonceRequest) {
        const value = nonceRequest.extnValue.valueBlock.valueHexView.slice();
        if (b.nonce === 'wrong') value[value.length - 1] ^= 0xff;
        extensions.push(new pkijs.Extension({ extnID: OID.ocspNonce, extnValue: value.buffer }));
      } else if (b.nonce === 'wrong') {
        extensions.push(
          new pkijs.Extension({
            extnID: OID.ocspNonce,
            extnValue: new asn1js.OctetString({ valueHex: new Uint8Array(8).fill(0x5a) }).toBER(),
          }),
        );
      }
    }

    const responderID: unknown =
      b.responderId === 'byKey'
        ? new asn1js.OctetString({
            valueHex: sha1(signer.certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView),
          })
        : signer.certificate.subject;
    const data = new pkijs.ResponseData({ responderID, producedAt: now, responses });
    if (extensions.length > 0) data.responseExtensions = extensions;
    data.tbsView = toDer(data.toSchema(true));

    let signature = signer.key.sign(data.tbsView);
    if (b.signature === 'corrupt') signature[signature.length >> 1] ^= 0x01;
    if (b.signature === 'empty') signature = new Uint8Array(0);
    const basic = new pkijs.BasicOCSPResponse({
      tbsResponseData: data,
      signatureAlgorithm: signatureAlgorithmIdentifier(signer.key.algorithm),
      signature: new asn1js.BitString({ valueHex: signature }),
    });
    if (b.includeCertificates ?? true) basic.certs = [signer.certificate];
    const response = new pkijs.OCSPResponse({
      responseStatus: new asn1js.Enumerated({ value: 0 }),
      responseBytes: new pkijs.ResponseBytes({
        responseType: OID.ocspBasic,
        response: new asn1js.OctetString({ valueHex: toDer(basic.toSchema()) }),
      }),
    });
    return toDer(response.toSchema());
  }

  // POST /ocsp (any path) with the DER body; GET /ocsp/<base64> (RFC 6960 A.1); GET of a
  // published certificate or CRL address.
  handle = (request: TestHttpRequest): TestHttpResponse | undefined => {
    if (request.method === 'POST')
      return { status: 200, contentType: 'application/ocsp-response', body: this.respond(request.body) };
    if (request.method !== 'GET') return undefined;
    const published = this.published(request.path);
    if (published) return published;
    const match = /^\/ocsp\/(.+)$/.exec(request.path);
    if (match) {
      const der = new Uint8Array(Buffer.from(decodeURIComponent(match[1]), 'base64'));
      return { status: 200, contentType: 'application/ocsp-response', body: this.respond(der) };
    }
    return undefined;
  };

  async listen(options: ListenOptions = {}): Promise<string> {
    this.service = await startTestHttpServer(this.handle, options);
    return this.service.url;
  }

  async close(): Promise<void> {
    await this.service?.close();
    this.service = undefined;
  }

  private published(requestPath: string): TestHttpResponse | undefined {
    const pathOf = (url: string): string => new URL(url).pathname;
    const crl = this.pki.crls.find((c) => pathOf(c.url) === requestPath);
    if (crl) return { status: 200, contentType: 'application/pkix-crl', body: crl.der };
    const cert = this.pki.entities.find((e) => e.url !== undefined && pathOf(e.url) === requestPath);
    if (cert) return { status: 200, contentType: 'application/pkix-cert', body: cert.der };
    return undefined;
  }

  // CertID -> the CA (root or issuing) whose name and key hash it carries.
  private matchIssuer(certId: pkijs.CertID): MatchedIssuer | undefined {
    const hash = HASHES.get(certId.hashAlgorithm.algorithmId);
    if (!hash) return undefined;
    const nameHash = certId.issuerNameHash.valueBlock.valueHexView;
    const keyHash = certId.issuerKeyHash.valueBlock.valueHexView;
    const ca = this.pki.entities.find(
      (e) =>
        (e.role === 'issuing-ca' || e.role === 'root-ca') &&
        equalBytes(hash(toDer(e.certificate.subject.toSchema())), nameHash) &&
        equalBytes(hash(e.certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView), keyHash),
    );
    return ca ? { ca } : undefined;
  }

  private singleResponse(certId: pkijs.CertID, ca: TestPkiEntity, now: Date): pkijs.SingleResponse {
    const b = this.behaviour;
    const serial = Buffer.from(certId.serialNumber.valueBlock.valueHexView).toString('hex').toUpperCase();
    const entity = this.pki.findBySerial(ca.id, serial);
    let status: 'good' | 'revoked' | 'unknown' = entity ? (entity.revocation ? 'revoked' : 'good') : 'unknown';
    if (b.forceStatus) status = b.forceStatus;
    const revocation = entity?.revocation
      ? { time: new Date(entity.revocation.time), reasonCode: entity.revocation.reasonCode }
      : undefined;
    const single = new pkijs.SingleResponse({ certID: certId, certStatus: certStatus(status, revocation), thisUpdate: now });
    if (b.nextUpdateSeconds !== undefined) single.nextUpdate = new Date(now.getTime() + b.nextUpdateSeconds * 1000);
    return single;
  }

  private signerFor(ca: TestPkiEntity): TestPkiEntity {
    const signer = this.behaviour.signer ?? 'responder';
    // A root has no delegated responder here: it answers for its CAs itself.
    if (signer === 'ca' || ca.role === 'root-ca') return ca;
    return this.pki.service(ca.hierarchy, signer === 'unauthorized' ? 'tsa' : 'ocsp-responder');
  }
}

// Client side: an OCSPRequest for one certificate, as our verifier will send it.
export function ocspRequest(
  certificate: pkijs.Certificate,
  issuer: pkijs.Certificate,
  options: { hash?: 'sha1' | 'sha256'; nonce?: Uint8Array } = {},
): Uint8Array {
  const hashOid = options.hash === 'sha1' ? OID.sha1 : OID.sha256;
  const hash = HASHES.get(hashOid);
  if (!hash) throw new Error('internal: hash table');
  const certId = new pkijs.CertID({
    hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: hashOid, algorithmParams: new asn1js.Null() }),
    issuerNameHash: new asn1js.OctetString({ valueHex: hash(toDer(issuer.subject.toSchema())) }),
    issuerKeyHash: new asn1js.OctetString({
      valueHex: hash(issuer.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView),
    }),
    serialNumber: new asn1js.Integer({ valueHex: certificate.serialNumber.valueBlock.valueHexView }),
  });
  const request = new pkijs.OCSPRequest();
  request.tbsRequest.requestList = [new pkijs.Request({ reqCert: certId })];
  if (options.nonce) {
    // NCA's nonce form: extnValue = OCTET STRING (n bytes).
    request.tbsRequest.requestExtensions = [
      new pkijs.Extension({ extnID: OID.ocspNonce, extnValue: new asn1js.OctetString({ valueHex: options.nonce }).toBER() }),
    ];
  }
  return toDer(request.toSchema(true));
}
