import { createHash } from 'node:crypto';
import * as pkijs from 'pkijs';
import { OID } from '../test-pki/oids';
import { computeDigest, digestAlgorithm } from '../verification/algorithms';
import type { FetchRequest } from '../verification/revocation-fetcher';
import { buildTimeStampRequest, requestTimeStamp, TsaClientOptions, TsaError } from './tsa-client';
import { InProcessServices, inProcessServices, TEST_TSA_URL, upgradeTestPki } from './spec-support';

let services: InProcessServices;
const imprint = new Uint8Array(createHash('sha256').update('signature value').digest());

beforeEach(() => {
  services = inProcessServices();
});

const options = (extra: Partial<TsaClientOptions> = {}): TsaClientOptions => ({
  url: TEST_TSA_URL,
  fetcher: services.fetcher,
  trustAnchors: [upgradeTestPki().get('rsa/root-ca').der, upgradeTestPki().get('gost2015/root-ca').der],
  intermediates: [upgradeTestPki().get('rsa/nca').der, upgradeTestPki().get('gost2015/nca').der],
  ...extra,
});

async function rejection(promise: Promise<unknown>): Promise<TsaError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TsaError);
  return error as TsaError;
}

describe('buildTimeStampRequest', () => {
  it('writes version 1, the imprint, the nonce, certReq and the policy', () => {
    const request = pkijs.TimeStampReq.fromBER(buildTimeStampRequest(OID.sha256, imprint, 12345n, '1.2.398.3.3.2.6.2'));
    expect(request.version).toBe(1);
    expect(request.messageImprint.hashAlgorithm.algorithmId).toBe(OID.sha256);
    expect(Buffer.from(request.messageImprint.hashedMessage.valueBlock.valueHexView)).toEqual(Buffer.from(imprint));
    expect(request.nonce?.toBigInt()).toBe(12345n);
    expect(request.certReq).toBe(true);
    expect(request.reqPolicy).toBe('1.2.398.3.3.2.6.2');
  });
});

describe('requestTimeStamp', () => {
  it('accepts a verified RSA token for a SHA-256 imprint, with a fresh nonce per request', async () => {
    const nonces: (bigint | undefined)[] = [];
    const fetcher = {
      fetch: (url: string, request: FetchRequest) => {
        nonces.push(pkijs.TimeStampReq.fromBER(request.body!).nonce?.toBigInt());
        return services.fetcher.fetch(url, request);
      },
    };
    const first = await requestTimeStamp(OID.sha256, imprint, options({ fetcher }));
    await requestTimeStamp(OID.sha256, imprint, options({ fetcher }));
    expect(first.status).toBe(0);
    expect(first.policy).toBe(upgradeTestPki().manifest.tsaPolicies.rsa);
    expect(first.imprintAlgorithm).toBe('SHA-256');
    expect(Buffer.from(first.tsaCertificate.der)).toEqual(Buffer.from(upgradeTestPki().service('rsa', 'tsa').der));
    expect(services.seen).toEqual([`POST ${TEST_TSA_URL}`, `POST ${TEST_TSA_URL}`]);
    expect(nonces[0]).toBeDefined();
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it('sends the request as application/timestamp-query with the requested policy', async () => {
    const bodies: { contentType?: string; body?: Uint8Array }[] = [];
    const fetcher = {
      fetch: (url: string, request: FetchRequest) => {
        bodies.push(request);
        return services.fetcher.fetch(url, request);
      },
    };
    const policy = upgradeTestPki().manifest.tsaPolicies.gost2015;
    const streebog = digestAlgorithm(OID.gost2015Digest512);
    const gostImprint = computeDigest(streebog!, new TextEncoder().encode('GOST signature value'));
    const token = await requestTimeStamp(OID.gost2015Digest512, gostImprint, options({ fetcher, policyOid: policy }));
    expect(token.policy).toBe(policy);
    expect(bodies[0].contentType).toBe('application/timestamp-query');
    const sent = pkijs.TimeStampReq.fromBER(bodies[0].body!);
    expect(sent.reqPolicy).toBe(policy);
    expect(sent.nonce).toBeDefined();
  });

  it('TSA out of reach -> TSA_UNAVAILABLE', async () => {
    services.down.add(TEST_TSA_URL);
    expect((await rejection(requestTimeStamp(OID.sha256, imprint, options()))).code).toBe('TSA_UNAVAILABLE');
  });

  it('a refusal -> TSA_REJECTED with the status and failure bits', async () => {
    services.tsa.behaviour = { forceStatus: 'systemFailure' };
    const error = await rejection(requestTimeStamp(OID.sha256, imprint, options()));
    expect(error.code).toBe('TSA_REJECTED');
    expect(error.message).toMatch(/rejection; systemFailure/);
    services.tsa.behaviour = {};
    const policy = await rejection(requestTimeStamp(OID.sha256, imprint, options({ policyOid: '1.2.3.4' })));
    expect(policy).toMatchObject({ code: 'TSA_REJECTED', message: expect.stringMatching(/unacceptedPolicy/) });
  });

  it.each([
    ['a wrong imprint', { imprint: 'wrong' as const }, /messageImprint/],
    ['a wrong nonce', { nonce: 'wrong' as const }, /nonce/],
    ['no nonce', { nonce: 'omit' as const }, /nonce/],
    ['a corrupt token signature', { signature: 'corrupt' as const }, /SIG_CRYPTO_FAILURE/],
    ['a token messageDigest mismatch', { messageDigest: 'wrong' as const }, /HASH_FAILURE/],
    ['a signer without the timeStamping EKU', { signer: 'not-a-tsa' as const }, /timeStamping|extendedKeyUsage/],
    ['no TSA certificate in the token', { certificates: 'never' as const }, /NO_SIGNING_CERTIFICATE_FOUND/],
    ['a genTime in the future', { clock: () => new Date(Date.now() + 3600_000) }, /future/],
    ['another policy than the requested one', { policy: '1.2.3.4.5' }, /policy/],
  ])('%s -> TSA_INVALID_RESPONSE', async (_name, behaviour, message) => {
    services.tsa.behaviour = behaviour;
    const policyOid = 'policy' in behaviour ? upgradeTestPki().manifest.tsaPolicies.rsa : undefined;
    const error = await rejection(requestTimeStamp(OID.sha256, imprint, options(policyOid ? { policyOid } : {})));
    expect(error.code).toBe('TSA_INVALID_RESPONSE');
    expect(error.message).toMatch(message);
  });

  it('a token that does not chain to the trust anchors -> TSA_INVALID_RESPONSE', async () => {
    const error = await rejection(
      requestTimeStamp(OID.sha256, imprint, options({ trustAnchors: [upgradeTestPki().get('gost2015/root-ca').der] })),
    );
    expect(error).toMatchObject({ code: 'TSA_INVALID_RESPONSE', message: expect.stringMatching(/NO_CERTIFICATE_CHAIN_FOUND/) });
  });

  it('an answer that is not a TimeStampResp -> TSA_INVALID_RESPONSE', async () => {
    const fetcher = { fetch: () => Promise.resolve(new Uint8Array([0x30, 0x03, 0x02, 0x01])) };
    expect((await rejection(requestTimeStamp(OID.sha256, imprint, options({ fetcher })))).code).toBe('TSA_INVALID_RESPONSE');
    const html = { fetch: () => Promise.resolve(new Uint8Array(Buffer.from('<html>busy</html>'))) };
    expect((await rejection(requestTimeStamp(OID.sha256, imprint, options({ fetcher: html })))).code).toBe(
      'TSA_INVALID_RESPONSE',
    );
  });
});
