// RFC 3161 time-stamp client: builds a TimeStampReq, POSTs it as application/timestamp-query
// (kz-pki.md §3.4: http://tsp.pki.gov.kz/, test http://test.pki.gov.kz/tsp/), and accepts the
// token only after checking it like the verifier would: status, nonce, imprint, policy, then the
// token's CMS signature, its chain to our trust anchors and the TSA certificate's EKU.
// Revocation of the TSA certificate is not asked here: the upgrader captures it as validation
// data and the final verification of the upgraded signature judges it.

import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { digestAlgorithm } from '../verification/algorithms';
import { CertificateInfo, toHex } from '../verification/certificates';
import { parseCms } from '../verification/cms-parser';
import { verifyCms } from '../verification/cms-verifier';
import { CMS_OID } from '../verification/oids';
import { CLOCK_SKEW_MS } from '../verification/revocation';
import type { FetchRequest } from '../verification/revocation-fetcher';
import { findSignerCertificate } from '../verification/signer-checks';
import { checkTsaUsage, readTstInfo } from '../verification/timestamp';

// Same shape as the verifier's RevocationFetcher, so one in-process router can serve both in tests.
export interface HttpFetcher {
  fetch(url: string, request: FetchRequest): Promise<Uint8Array>;
}

export type TsaErrorCode = 'TSA_UNAVAILABLE' | 'TSA_REJECTED' | 'TSA_INVALID_RESPONSE';

export class TsaError extends Error {
  constructor(
    readonly code: TsaErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TsaError';
  }
}

export const DEFAULT_TSA_TIMEOUT_MS = 10_000;
export const TSA_USER_AGENT = 'edo-signing-service/1 (RFC 3161 client)';
// A TimeStampResp is a few KB; anything far larger is not a time-stamp answer.
const MAX_RESPONSE_BYTES = 1024 * 1024;

// node's fetch with a User-Agent (some TSA front ends refuse anonymous clients) and a size bound.
export const tsaHttpFetcher: HttpFetcher = {
  async fetch(url, request) {
    let response: Response;
    try {
      response = await fetch(url, {
        method: request.method,
        ...(request.body && { body: Buffer.from(request.body) }),
        headers: {
          'user-agent': TSA_USER_AGENT,
          accept: 'application/timestamp-reply, application/timestamp-response',
          ...(request.contentType && { 'content-type': request.contentType }),
        },
        signal: AbortSignal.timeout(request.timeoutMs),
        redirect: 'follow',
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: unknown } }).cause?.code;
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(typeof cause === 'string' ? `${message} (${cause})` : message);
    }
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const body = new Uint8Array(await response.arrayBuffer());
    if (body.byteLength > MAX_RESPONSE_BYTES) throw new Error(`response too large (${body.byteLength} bytes)`);
    return body;
  },
};

export interface TsaClientOptions {
  readonly url: string;
  // reqPolicy; the TSA must then answer under exactly this policy.
  readonly policyOid?: string;
  readonly timeoutMs?: number;
  readonly fetcher?: HttpFetcher;
  // The token must chain to one of these (DER).
  readonly trustAnchors: readonly Uint8Array[];
  // Intermediate CAs the token may need: NCA's tokens carry only the TSA certificate, not the
  // issuing CA (the upgrader passes the certificates of the signature being stamped).
  readonly intermediates?: readonly Uint8Array[];
  readonly now?: () => Date;
}

export interface TimeStampToken {
  // ContentInfo DER exactly as the TSA sent it.
  readonly token: Uint8Array;
  readonly genTime: Date;
  readonly policy: string;
  readonly serialNumber: string;
  readonly imprintAlgorithm: string;
  readonly tsaCertificate: CertificateInfo;
  // 0 granted, 1 grantedWithMods.
  readonly status: 0 | 1;
}

// PKIFailureInfo bit names (RFC 3161 §2.4.2), for readable rejections.
const FAILURE_BITS: Readonly<Record<number, string>> = {
  0: 'badAlg',
  2: 'badRequest',
  5: 'badDataFormat',
  14: 'timeNotAvailable',
  15: 'unacceptedPolicy',
  16: 'unacceptedExtension',
  17: 'addInfoNotAvailable',
  25: 'systemFailure',
};

const STATUS_NAMES = ['granted', 'grantedWithMods', 'rejection', 'waiting', 'revocationWarning', 'revocationNotification'];

export function buildTimeStampRequest(imprintOid: string, imprint: Uint8Array, nonce: bigint, policyOid?: string): Uint8Array {
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      // SHA-2 and the KZ GOST hashes are all written with NULL parameters by NCA's tools.
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: imprintOid, algorithmParams: new asn1js.Null() }),
      hashedMessage: new asn1js.OctetString({ valueHex: imprint }),
    }),
    ...(policyOid && { reqPolicy: policyOid }),
    nonce: asn1js.Integer.fromBigInt(nonce),
    // The TSA certificate must come with the token: the verifier finds it there.
    certReq: true,
  });
  return new Uint8Array(request.toSchema().toBER(false));
}

// 64 random bits, positive (INTEGER without a sign problem).
export const newTsaNonce = (): bigint => BigInt(`0x${randomBytes(8).toString('hex')}`) | 1n;

function failureBits(info: pkijs.PKIStatusInfo): string[] {
  const bits = info.failInfo?.valueBlock.valueHexView;
  if (!bits) return [];
  const names: string[] = [];
  for (let bit = 0; bit < bits.length * 8; bit++)
    if (bits[bit >> 3] & (0x80 >> (bit & 7))) names.push(FAILURE_BITS[bit] ?? `bit ${bit}`);
  return names;
}

// TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken ContentInfo OPTIONAL }
function readResponse(der: Uint8Array): { status: number; text: string; token?: Uint8Array } {
  const root = asn1js.fromBER(der);
  if (root.offset === -1 || root.offset !== der.byteLength || !(root.result instanceof asn1js.Sequence))
    throw new TsaError('TSA_INVALID_RESPONSE', 'TSA answer is not a single DER TimeStampResp');
  const [statusNode, tokenNode] = root.result.valueBlock.value;
  let info: pkijs.PKIStatusInfo;
  try {
    info = new pkijs.PKIStatusInfo({ schema: statusNode });
  } catch (error) {
    throw new TsaError(
      'TSA_INVALID_RESPONSE',
      `malformed PKIStatusInfo: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const strings = (info.statusStrings ?? []).map((s) => s.valueBlock.value);
  const text = [STATUS_NAMES[info.status] ?? `status ${info.status}`, ...failureBits(info), ...strings].join('; ');
  return { status: info.status, text, ...(tokenNode && { token: new Uint8Array(tokenNode.valueBeforeDecodeView) }) };
}

function tstNonce(content: Uint8Array): bigint | undefined {
  return pkijs.TSTInfo.fromBER(content).nonce?.toBigInt();
}

// Request a token over `imprint` (the hash, with imprintOid, of what is stamped) and verify it.
export async function requestTimeStamp(
  imprintOid: string,
  imprint: Uint8Array,
  options: TsaClientOptions,
): Promise<TimeStampToken> {
  const algorithm = digestAlgorithm(imprintOid);
  if (!algorithm) throw new TsaError('TSA_INVALID_RESPONSE', `no imprint algorithm ${imprintOid}`);
  const nonce = newTsaNonce();
  const body = buildTimeStampRequest(imprintOid, imprint, nonce, options.policyOid);
  let answer: Uint8Array;
  try {
    answer = await (options.fetcher ?? tsaHttpFetcher).fetch(options.url, {
      method: 'POST',
      body,
      contentType: 'application/timestamp-query',
      timeoutMs: options.timeoutMs ?? DEFAULT_TSA_TIMEOUT_MS,
    });
  } catch (error) {
    throw new TsaError('TSA_UNAVAILABLE', `TSA ${options.url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const response = readResponse(answer);
  if (response.status !== 0 && response.status !== 1) throw new TsaError('TSA_REJECTED', `TSA refused: ${response.text}`);
  if (!response.token) throw new TsaError('TSA_INVALID_RESPONSE', `TSA answered ${response.text} without a token`);

  const parsed = parseCms(response.token, { maxSigners: 1, maxCertificates: 16 });
  if (!parsed.ok) throw new TsaError('TSA_INVALID_RESPONSE', `time-stamp token: ${parsed.message}`);
  const token = parsed.cms;
  if (token.contentType !== CMS_OID.tstInfo || !token.content || token.signers.length !== 1)
    throw new TsaError('TSA_INVALID_RESPONSE', 'time-stamp token is not a single-signer id-ct-TSTInfo SignedData');
  let fields: ReturnType<typeof readTstInfo>;
  let echoed: bigint | undefined;
  try {
    fields = readTstInfo(token.content);
    echoed = tstNonce(token.content);
  } catch (error) {
    throw new TsaError('TSA_INVALID_RESPONSE', `malformed TSTInfo: ${error instanceof Error ? error.message : String(error)}`);
  }
  // A missing or other nonce: the answer may be a replay of an older one.
  if (echoed !== nonce) throw new TsaError('TSA_INVALID_RESPONSE', 'TSTInfo nonce is missing or differs from the request');
  if (fields.imprintOid !== imprintOid || !Buffer.from(fields.imprint).equals(Buffer.from(imprint)))
    throw new TsaError(
      'TSA_INVALID_RESPONSE',
      `TSTInfo messageImprint (${fields.imprintOid} ${toHex(fields.imprint)}) is not the requested one`,
    );
  if (options.policyOid && fields.policy !== options.policyOid)
    throw new TsaError('TSA_INVALID_RESPONSE', `TSA answered under policy ${fields.policy}, requested ${options.policyOid}`);
  const now = options.now?.() ?? new Date();
  if (fields.genTime.getTime() > now.getTime() + CLOCK_SKEW_MS)
    throw new TsaError('TSA_INVALID_RESPONSE', `genTime ${fields.genTime.toISOString()} is in the future`);

  // The token's own CMS: messageDigest over the TSTInfo, signature, ESS reference, chain to our
  // anchors at genTime (revocation: see the header).
  const report = await verifyCms({
    cms: response.token,
    trustAnchors: options.trustAnchors,
    ...(options.intermediates && { certificates: options.intermediates }),
    validationTime: fields.genTime,
    policy: { revocation: 'off', keyUsage: 'ANY' },
  });
  if (report.indication !== 'TOTAL_PASSED') {
    const blocking = report.signers[0]?.checks.find((c) => c.subIndication);
    throw new TsaError(
      'TSA_INVALID_RESPONSE',
      `time-stamp token not valid: ${report.subIndication ?? report.error?.code ?? report.indication}` +
        (blocking ? ` (${blocking.name}: ${blocking.message})` : ''),
    );
  }
  const tsaCertificate = findSignerCertificate(token.signers[0], token.certificates).cert;
  if (!tsaCertificate) throw new TsaError('TSA_INVALID_RESPONSE', 'TSA certificate not in the token');
  const usage = checkTsaUsage(tsaCertificate);
  if (usage) throw new TsaError('TSA_INVALID_RESPONSE', usage);
  return {
    token: response.token,
    genTime: fields.genTime,
    policy: fields.policy,
    serialNumber: fields.serialNumber,
    imprintAlgorithm: algorithm.name,
    tsaCertificate,
    status: response.status,
  };
}
