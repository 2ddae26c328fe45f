// The emulator driven by hand-written protocol messages: the basics.sign argument forms the
// browser client does not produce, and the legacy kz.gov.pki.knca.commonUtils commands. Every CMS
// goes through our verifier with the test-PKI roots as trust anchors.

import { X509Certificate, verify as nodeVerify } from 'node:crypto';
import { EKU } from '../../../web/src/ncalayer/client/protocol';
import { NcaLayerEmulator } from './emulator-server';
import {
  client,
  config,
  contract,
  contractBytes,
  emulator,
  GOST2015_SIGNATURE,
  IIN,
  pki,
  raw,
  rawExchange,
  rejection,
  resultOf,
  RSA_SIGNATURE,
  signRequest,
  startEmulatorForSpec,
  verify,
} from './emulator-spec-support';

startEmulatorForSpec();

describe('basics.sign argument forms on the wire', () => {
  beforeEach(() => {
    emulator.behaviour.cmsEncoding = 'base64';
    emulator.behaviour.singleResult = 'array';
  });

  it('decode false signs the UTF-8 text; decode as the string "true" is accepted', async () => {
    const text = resultOf(await raw(signRequest({ data: contract, signingParams: { decode: false } }))) as string[];
    expect((await verify(text[0])).indication).toBe('TOTAL_PASSED');
    expect((await verify(text[0])).content).toMatchObject({ attached: true, size: contractBytes.length });
    const asString = resultOf(await raw(signRequest({ signingParams: { decode: 'true', encapsulate: 'false' } }))) as string[];
    expect((await verify(asString[0], Buffer.from('hello'))).content?.attached).toBe(false);
  });

  it('signingParams and allowedStorages may be omitted: attached, no time-stamp, any storage', async () => {
    const reply = await raw({
      module: 'kz.gov.pki.knca.basics',
      method: 'sign',
      args: { format: 'cms', data: 'plain text', signerParams: { extKeyUsageOids: [EKU.sign] } },
    });
    const [cms] = resultOf(reply) as string[];
    const report = await verify(cms);
    expect(report).toMatchObject({ indication: 'TOTAL_PASSED', content: { attached: true } });
    expect(report.signers[0].adesLevel).toBe('B-B');
  });

  it('data as an array gives an array of CMS', async () => {
    const result = resultOf(await raw(signRequest({ data: ['YQ==', 'Yg=='] }))) as string[];
    expect(result).toHaveLength(2);
    for (const cms of result) expect((await verify(cms)).indication).toBe('TOTAL_PASSED');
  });

  it('format raw with outputCert: {signatures, certificate}, the signature checks with the certificate key', async () => {
    const reply = await raw(
      signRequest({ format: 'raw', allowedStorages: ['AKKaztokenStore'], signingParams: { decode: true, outputCert: true } }),
    );
    const { signatures, certificate } = resultOf(reply) as { signatures: string[]; certificate: string };
    expect(certificate).toBe(Buffer.from(pki.get('rsa/individual-sign').der).toString('base64'));
    const key = new X509Certificate(Buffer.from(certificate, 'base64')).publicKey;
    expect(nodeVerify('sha256', Buffer.from('hello'), key, Buffer.from(signatures[0], 'base64'))).toBe(true);
  });

  it('expired keys are offered only with allowExpired', async () => {
    const filter = { extKeyUsageOids: [EKU.sign], iin: IIN.expired };
    // Not selectable: the dialog can only be cancelled.
    expect(await raw(signRequest({ signerParams: filter }))).toEqual({ status: true, body: {} });
    const [cms] = resultOf(
      await raw(signRequest({ signerParams: filter, signingParams: { decode: true, allowExpired: true } })),
    ) as string[];
    const report = await verify(cms);
    expect(report.signers[0].signer?.iin).toBe(IIN.expired);
    expect(report.indication).not.toBe('TOTAL_PASSED');
  });

  it('malformed requests get the protocol error reply and the emulator keeps answering', async () => {
    const replies = await rawExchange(
      [
        'this is not json',
        { method: 'sign' },
        signRequest({ signerParams: undefined }),
        signRequest({ signerParams: {} }),
        signRequest({ format: 'xml' }),
        signRequest({ data: 'not base64!' }),
        { module: 'kz.gov.pki.knca.basics', method: 'verify', args: {} },
        { module: 'kz.gov.pki.knca.commonUtils', method: 'getKeyInfo', args: [42] },
        { module: 'kz.gov.pki.knca.commonUtils', method: 'createCAdESFromBase64', args: ['PKCS12'] },
        { module: 'kz.gov.pki.ncalayerservices.accessory', method: 'showSettings' },
        { module: 'kz.gov.pki.knca.commonUtils', method: 'getActiveTokens' },
      ],
      10,
    );
    expect(replies).toHaveLength(10);
    const invocation = { status: false, code: 'INVOCATION_ERROR', message: 'An invoked method threw an exception.' };
    expect(replies[0]).toMatchObject(invocation);
    expect(String(replies[0]?.details)).toMatch(/^org\.json\.JSONException: /);
    expect(replies[1]).toMatchObject({ ...invocation, details: 'org.json.JSONException: JSONObject["module"] not found.' });
    expect(replies[2]).toMatchObject({ ...invocation, details: 'org.json.JSONException: JSONObject["signerParams"] not found.' });
    expect(replies[3]).toMatchObject({
      ...invocation,
      details: 'org.json.JSONException: JSONObject["extKeyUsageOids"] not found.',
    });
    expect(replies[4]).toMatchObject(invocation);
    expect(replies[5]).toMatchObject({ ...invocation, details: 'java.lang.IllegalArgumentException: Illegal base64 character' });
    expect(replies[6]).toMatchObject(invocation);
    expect(replies[7]).toEqual({
      code: '500',
      message: 'java.lang.IllegalArgumentException: argument type mismatch. Method: getKeyInfo',
    });
    expect(replies[8]).toEqual({
      code: '500',
      message: 'java.lang.IllegalArgumentException: wrong number of arguments. Method: createCAdESFromBase64',
    });
    // showSettings needs no reply: the next reply belongs to getActiveTokens.
    expect(replies[9]).toEqual({ code: '200', message: '', responseObject: ['AKKaztokenStore'] });
    await expect(client().connect()).resolves.toBe('1.4');
  });
});

describe('legacy kz.gov.pki.knca.commonUtils', () => {
  it('getKeyInfo answers {code:"200", responseObject:{alias, keyId, …, pem}}', async () => {
    const reply = await raw({ module: 'kz.gov.pki.knca.commonUtils', method: 'getKeyInfo', args: ['PKCS12'] });
    expect(reply?.code).toBe('200');
    const info = reply?.responseObject as Record<string, string>;
    expect(Object.keys(info).sort()).toEqual(
      [
        'alias',
        'keyId',
        'algorithm',
        'subjectCn',
        'subjectDn',
        'issuerCn',
        'issuerDn',
        'serialNumber',
        'certNotAfter',
        'certNotBefore',
        'authorityKeyIdentifier',
        'pem',
      ].sort(),
    );
    for (const value of Object.values(info)) expect(typeof value).toBe('string');
    const entity = pki.get('gost2015/individual-sign');
    expect(info).toMatchObject({
      subjectDn: entity.subject,
      issuerDn: entity.issuer,
      subjectCn: 'ТЕСТОВ ЕРЛАН',
      serialNumber: entity.serialNumber.toLowerCase(),
      certNotBefore: String(new Date(entity.notBefore).getTime()),
      certNotAfter: String(new Date(entity.notAfter).getTime()),
    });
    expect(info.keyId).toMatch(/^[0-9a-f]{40}$/);
    expect(info.authorityKeyIdentifier).toMatch(/^[0-9a-f]+$/);
    const pemBody = info.pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
    expect(Buffer.from(pemBody, 'base64').equals(Buffer.from(entity.der))).toBe(true);
  });

  it('the client reads getKeyInfo and getActiveTokens', async () => {
    const c = client();
    const info = await c.getKeyInfo('AKKaztokenStore');
    expect(info.subjectDn).toBe(pki.get('rsa/individual-sign').subject);
    expect(info.algorithm).toBe('RSA');
    await expect(c.getActiveTokens()).resolves.toEqual(['AKKaztokenStore']);
  });

  it('createCAdESFromBase64: detached by default, attached on request, AUTHENTICATION picks the AUTH key', async () => {
    const c = client();
    const base64 = Buffer.from(contractBytes).toString('base64');
    const detached = await verify(await c.createCAdESFromBase64('PKCS12', base64), contractBytes);
    expect(detached).toMatchObject({ indication: 'TOTAL_PASSED', content: { attached: false } });
    const attached = await verify(await c.createCAdESFromBase64('AKKaztokenStore', base64, { attach: true }));
    expect(attached).toMatchObject({ indication: 'TOTAL_PASSED', content: { attached: true } });
    expect(attached.signers[0].signatureAlgorithm).toBe(RSA_SIGNATURE);
    const auth = await verify(await c.createCAdESFromBase64('PKCS12', base64, { keyType: 'AUTHENTICATION' }), contractBytes);
    expect(auth.signers[0].signer?.keyUsage).toBe('AUTH');
  });

  it('createCAdESFromBase64 over an attached CMS adds a second signer (co-signing), it does not nest the CMS', async () => {
    const c = client();
    const first = await c.sign({ data: contract, timestamp: false });
    const both = await c.createCAdESFromBase64('AKKaztokenStore', first, { attach: true });
    const report = await verify(both);
    expect(report.indication).toBe('TOTAL_PASSED');
    // The document itself is the content, not the first CMS.
    expect(report.content).toMatchObject({ attached: true, size: contractBytes.length });
    expect(report.signers.map((s) => [s.indication, s.signatureAlgorithm, s.signer?.iin])).toEqual(
      expect.arrayContaining([
        ['TOTAL_PASSED', GOST2015_SIGNATURE, IIN.individual],
        ['TOTAL_PASSED', RSA_SIGNATURE, IIN.individual],
      ]),
    );
    expect(report.signers).toHaveLength(2);
    // A third signer on top, through the deprecated method (which adds a time-stamp).
    const reply = await raw({
      module: 'kz.gov.pki.knca.commonUtils',
      method: 'createCMSSignatureFromBase64',
      args: ['PKCS12', 'SIGNATURE', both, true],
    });
    const three = await verify(reply?.responseObject as string);
    expect(three.signers).toHaveLength(3);
    expect(three.indication).toBe('TOTAL_PASSED');
    expect(three.content?.size).toBe(contractBytes.length);
  });

  it('createCAdESFromBase64 over a detached CMS is refused (there is no content to add a signer over)', async () => {
    const detached = await client().sign({ data: contract, detached: true, timestamp: false });
    const reply = await raw({
      module: 'kz.gov.pki.knca.commonUtils',
      method: 'createCAdESFromBase64',
      args: ['PKCS12', 'SIGNATURE', detached, true],
    });
    expect(reply).toMatchObject({ code: '500' });
    expect(String(reply?.message)).toMatch(/detached/);
  });

  it('a key dialog with no key of the asked type offers only Cancel: action.canceled', async () => {
    const signOnly = new NcaLayerEmulator({ pki, config: { ...config, storages: { PKCS12: ['gost2015/ceo-sign'] } }, port: 0 });
    const started = await signOnly.start();
    try {
      const c = client({ url: started.url });
      const error = await rejection(c.createCAdESFromBase64('PKCS12', 'YQ==', { keyType: 'AUTHENTICATION' }));
      expect(error.code).toBe('USER_CANCELLED');
      await expect(c.createCAdESFromBase64('PKCS12', 'YQ==')).resolves.toMatch(/^MII/);
    } finally {
      await signOnly.close();
    }
  });

  it('legacy cancel ({code:"500", message:"action.canceled"}) is USER_CANCELLED; other 500s are NCALAYER_ERROR', async () => {
    emulator.cancelNext();
    expect(await raw({ module: 'kz.gov.pki.knca.commonUtils', method: 'getKeyInfo', args: ['PKCS12'] })).toEqual({
      code: '500',
      message: 'action.canceled',
    });
    const c = client();
    emulator.cancelNext();
    expect((await rejection(c.createCAdESFromBase64('PKCS12', 'YQ=='))).code).toBe('USER_CANCELLED');
    const missing = await rejection(c.getKeyInfo('AKJaCartaStore'));
    expect(missing).toMatchObject({ code: 'NCALAYER_ERROR', ncaLayerCode: '500' });
  });
});
