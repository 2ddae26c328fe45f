// In-process RFC 3161 time-stamping authority over the test PKI. Like NCA's TSA (kz-pki.md §3.4)
// it picks the TSA certificate by the request: SHA-2 -> the RSA TSA, Streebog -> GOST 2015,
// GOST 34.11-95 -> GOST 2004, and a reqPolicy naming a hierarchy's TSA policy selects that one.
// The behaviour knobs produce the broken answers a strict verifier must reject.

import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { namedBitString, parseDer, toDer, wholeSeconds } from './der';
import {
  CmsSigner,
  contentTypeAttribute,
  messageDigestAttribute,
  signedData,
  signerInfo,
  signingCertificateAttribute,
  signingTimeAttribute,
} from './cms-builder';
import { postDer, ListenOptions, TestHttpRequest, TestHttpResponse, TestHttpService, startTestHttpServer } from './http-service';
import { digestFor } from './keys';
import { TestPki, TestPkiEntity } from './manifest';
import { OID } from './oids';
import { HIERARCHY_SPECS, Hierarchy } from './profiles';

export interface TestTsaBehaviour {
  // Answer with this PKIStatus and no token (2 = rejection, 3 = waiting, ...).
  readonly forceStatus?: 'rejection' | 'waiting' | 'systemFailure';
  readonly nonce?: 'echo' | 'omit' | 'wrong';
  // 'wrong': the TSTInfo imprint differs from the request.
  readonly imprint?: 'echo' | 'wrong';
  readonly signature?: 'valid' | 'corrupt';
  // 'wrong': the token's messageDigest attribute does not match the TSTInfo.
  readonly messageDigest?: 'valid' | 'wrong';
  // 'not-a-tsa': signed by the hierarchy's OCSP responder, whose certificate lacks timeStamping.
  readonly signer?: 'tsa' | 'not-a-tsa';
  // ESS attribute of the token: v2 by default; NCA's real TSA writes v1 (SHA-1).
  readonly essVersion?: 1 | 2;
  // RFC 3161: the TSA certificate goes into the token iff certReq is true.
  readonly certificates?: 'as-requested' | 'always' | 'never';
  readonly clock?: () => Date;
  // TSTInfo policy instead of the hierarchy's.
  readonly policy?: string;
}

// PKIStatus (RFC 3161 §2.4.2)
const STATUS = { granted: 0, rejection: 2, waiting: 3 } as const;
// PKIFailureInfo bit numbers
const FAIL = { badAlg: 0, badRequest: 2, badDataFormat: 5, unacceptedPolicy: 15, systemFailure: 25 } as const;

interface ImprintAlgorithm {
  readonly hierarchy: Hierarchy;
  readonly length: number;
}

const IMPRINT_ALGORITHMS: ReadonlyMap<string, ImprintAlgorithm> = new Map([
  [OID.sha1, { hierarchy: 'rsa', length: 20 }],
  [OID.sha256, { hierarchy: 'rsa', length: 32 }],
  ['2.16.840.1.101.3.4.2.2', { hierarchy: 'rsa', length: 48 }],
  ['2.16.840.1.101.3.4.2.3', { hierarchy: 'rsa', length: 64 }],
  [OID.gost2015Digest512, { hierarchy: 'gost2015', length: 64 }],
  ['1.2.398.3.10.1.3.2', { hierarchy: 'gost2015', length: 32 }],
  [OID.gost2004Digest, { hierarchy: 'gost2004', length: 32 }],
]);

class TsaRejection extends Error {
  constructor(
    readonly status: number,
    readonly failBit: number,
    message: string,
  ) {
    super(message);
  }
}

function statusInfo(status: number, text?: string, failBit?: number): pkijs.PKIStatusInfo {
  return new pkijs.PKIStatusInfo({
    status,
    ...(text ? { statusStrings: [new asn1js.Utf8String({ value: text })] } : {}),
    ...(failBit !== undefined ? { failInfo: namedBitString([failBit]) } : {}),
  });
}

function timeStampResp(status: pkijs.PKIStatusInfo, token?: Uint8Array): Uint8Array {
  return toDer(new asn1js.Sequence({ value: [status.toSchema(), ...(token ? [parseDer(token, 'token')] : [])] }));
}

function positiveSerial(): asn1js.Integer {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x3f) | 0x01;
  return new asn1js.Integer({ valueHex: bytes });
}

export class TestTsa {
  behaviour: TestTsaBehaviour;
  private service?: TestHttpService;

  constructor(
    public pki: TestPki,
    behaviour: TestTsaBehaviour = {},
  ) {
    this.behaviour = behaviour;
  }

  // TimeStampReq DER in, TimeStampResp DER out. Never throws for a bad request.
  respond(requestDer: Uint8Array): Uint8Array {
    const b = this.behaviour;
    if (b.forceStatus === 'systemFailure')
      return timeStampResp(statusInfo(STATUS.rejection, 'system failure', FAIL.systemFailure));
    if (b.forceStatus) return timeStampResp(statusInfo(STATUS[b.forceStatus], `forced ${b.forceStatus}`));
    try {
      return timeStampResp(statusInfo(STATUS.granted), this.issue(this.parse(requestDer)));
    } catch (error) {
      if (error instanceof TsaRejection) return timeStampResp(statusInfo(error.status, error.message, error.failBit));
      throw error;
    }
  }

  // Token for an imprint without the request/response round trip (what cades.ts uses in-process).
  timestamp(
    hashAlgorithm: string,
    imprint: Uint8Array,
    options: { nonce?: bigint; certReq?: boolean; policy?: string } = {},
  ): Uint8Array {
    const response = parseTimeStampResponse(
      this.respond(timeStampRequest(hashAlgorithm, imprint, { certReq: true, ...options })),
    );
    if (!response.token) throw new Error(`test TSA refused: status ${response.status} ${response.statusText ?? ''}`);
    return response.token;
  }

  handle = (request: TestHttpRequest): TestHttpResponse | undefined => {
    if (request.method !== 'POST') return undefined;
    return { status: 200, contentType: 'application/timestamp-reply', body: this.respond(request.body) };
  };

  async listen(options: ListenOptions = {}): Promise<string> {
    this.service = await startTestHttpServer(this.handle, options);
    return `${this.service.url}/tsp/`;
  }

  async close(): Promise<void> {
    await this.service?.close();
    this.service = undefined;
  }

  private parse(requestDer: Uint8Array): pkijs.TimeStampReq {
    try {
      return pkijs.TimeStampReq.fromBER(requestDer);
    } catch {
      throw new TsaRejection(STATUS.rejection, FAIL.badDataFormat, 'malformed TimeStampReq');
    }
  }

  private tsaFor(request: pkijs.TimeStampReq): TestPkiEntity {
    const hashOid = request.messageImprint.hashAlgorithm.algorithmId;
    const algorithm = IMPRINT_ALGORITHMS.get(hashOid);
    if (!algorithm) throw new TsaRejection(STATUS.rejection, FAIL.badAlg, `unsupported hash ${hashOid}`);
    if (request.messageImprint.hashedMessage.valueBlock.valueHexView.length !== algorithm.length) {
      throw new TsaRejection(STATUS.rejection, FAIL.badDataFormat, 'imprint length does not match its hash algorithm');
    }
    let hierarchy = algorithm.hierarchy;
    if (request.reqPolicy) {
      const byPolicy = this.pki.hierarchies.find((h) => HIERARCHY_SPECS[h].tsaPolicy === request.reqPolicy);
      if (!byPolicy) throw new TsaRejection(STATUS.rejection, FAIL.unacceptedPolicy, `unaccepted policy ${request.reqPolicy}`);
      hierarchy = byPolicy;
    }
    if (!this.pki.hierarchies.includes(hierarchy))
      throw new TsaRejection(STATUS.rejection, FAIL.badAlg, `no ${hierarchy} TSA in this test PKI`);
    return this.pki.service(hierarchy, 'tsa');
  }

  private issue(request: pkijs.TimeStampReq): Uint8Array {
    const b = this.behaviour;
    if (request.extensions && request.extensions.some((e) => e.critical)) {
      throw new TsaRejection(STATUS.rejection, 16, 'unaccepted critical extension');
    }
    const tsa = this.tsaFor(request);
    const signer: CmsSigner = b.signer === 'not-a-tsa' ? this.pki.service(tsa.hierarchy, 'ocsp-responder') : tsa;
    const genTime = wholeSeconds(b.clock ? b.clock() : new Date());

    const imprint = request.messageImprint.hashedMessage.valueBlock.valueHexView.slice();
    if (b.imprint === 'wrong') imprint[0] ^= 0xff;
    let nonce: asn1js.Integer | undefined;
    if (b.nonce !== 'omit') {
      if (request.nonce && b.nonce === 'wrong') nonce = asn1js.Integer.fromBigInt(request.nonce.toBigInt() + 1n);
      else if (request.nonce) nonce = new asn1js.Integer({ valueHex: request.nonce.valueBlock.valueHexView });
      else if (b.nonce === 'wrong') nonce = asn1js.Integer.fromBigInt(BigInt(`0x${randomBytes(8).toString('hex')}`) | 1n);
    }
    const tstInfo = new pkijs.TSTInfo({
      version: 1,
      policy: b.policy ?? this.pki.manifest.tsaPolicies[tsa.hierarchy] ?? HIERARCHY_SPECS[tsa.hierarchy].tsaPolicy,
      messageImprint: new pkijs.MessageImprint({
        hashAlgorithm: request.messageImprint.hashAlgorithm,
        hashedMessage: new asn1js.OctetString({ valueHex: imprint }),
      }),
      serialNumber: positiveSerial(),
      genTime,
      accuracy: new pkijs.Accuracy({ seconds: 1 }),
      ...(nonce ? { nonce } : {}),
      tsa: new pkijs.GeneralName({ type: 4, value: signer.certificate.subject }),
    });
    const tstInfoDer = toDer(tstInfo.toSchema());

    const digest = digestFor(signer.key.algorithm, tstInfoDer);
    if (b.messageDigest === 'wrong') digest[0] ^= 0xff;
    const info = signerInfo({
      signer,
      signedAttributes: [
        contentTypeAttribute(OID.tstInfo),
        signingTimeAttribute(genTime),
        signingCertificateAttribute(signer, { version: b.essVersion ?? 2 }),
        messageDigestAttribute(digest),
      ],
      corruptSignature: b.signature === 'corrupt',
    });
    const certificates = b.certificates ?? 'as-requested';
    const include = certificates === 'always' || (certificates === 'as-requested' && request.certReq === true);
    return signedData({
      eContentType: OID.tstInfo,
      eContent: tstInfoDer,
      signerInfos: [info],
      certificates: include ? [signer.der] : [],
    });
  }
}

export function timeStampRequest(
  hashAlgorithm: string,
  imprint: Uint8Array,
  options: { nonce?: bigint; certReq?: boolean; policy?: string } = {},
): Uint8Array {
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: hashAlgorithm, algorithmParams: new asn1js.Null() }),
      hashedMessage: new asn1js.OctetString({ valueHex: imprint }),
    }),
    ...(options.policy ? { reqPolicy: options.policy } : {}),
    ...(options.nonce !== undefined ? { nonce: asn1js.Integer.fromBigInt(options.nonce) } : {}),
    ...(options.certReq !== undefined ? { certReq: options.certReq } : {}),
  });
  return toDer(request.toSchema());
}

export interface ParsedTimeStampResponse {
  readonly status: number;
  readonly statusText?: string;
  readonly failInfo?: Uint8Array;
  // ContentInfo DER of the token when granted.
  readonly token?: Uint8Array;
}

export function parseTimeStampResponse(der: Uint8Array): ParsedTimeStampResponse {
  const response = pkijs.TimeStampResp.fromBER(der);
  const { status } = response.status;
  const tokenBlock = (parseDer(der, 'TimeStampResp') as asn1js.Sequence).valueBlock.value[1];
  return {
    status,
    statusText: response.status.statusStrings?.map((s) => s.valueBlock.value).join('; '),
    failInfo: response.status.failInfo?.valueBlock.valueHexView,
    // The token's own bytes, not a pkijs re-encoding.
    token: tokenBlock ? new Uint8Array(tokenBlock.valueBeforeDecodeView) : undefined,
  };
}

// Token source for cades.ts: given the imprint of a signature value, return a token.
export type Timestamper = (hashAlgorithm: string, imprint: Uint8Array) => Promise<Uint8Array>;

export function inProcessTimestamper(tsa: TestTsa): Timestamper {
  return (hashAlgorithm, imprint) =>
    Promise.resolve(tsa.timestamp(hashAlgorithm, imprint, { nonce: BigInt(`0x${randomBytes(8).toString('hex')}`) }));
}

// The real client path: POST application/timestamp-query, check status and nonce.
export function httpTimestamper(url: string): Timestamper {
  return async (hashAlgorithm, imprint) => {
    const nonce = BigInt(`0x${randomBytes(8).toString('hex')}`);
    const reply = await postDer(
      url,
      'application/timestamp-query',
      timeStampRequest(hashAlgorithm, imprint, { nonce, certReq: true }),
    );
    if (reply.status !== 200) throw new Error(`TSA answered HTTP ${reply.status}`);
    const response = parseTimeStampResponse(reply.body);
    if (!response.token || response.status > 1)
      throw new Error(`TSA refused: status ${response.status} ${response.statusText ?? ''}`);
    return response.token;
  };
}
