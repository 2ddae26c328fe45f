import * as asn1js from 'asn1js';
import fc from 'fast-check';
import * as pkijs from 'pkijs';
import { berStructureProblem } from '../revocation/der-reader';
import { CmsParseResult, decodeCmsInput, parseCms, parseSignedDataDirect } from './cms-parser';
import { verifyCms } from './cms-verifier';
import { CMS_OID } from './oids';
import { buildTestCms, loadP12Signer, readVector, vectorDer } from './spec-support';

function parsed(input: Uint8Array | string) {
  const result = parseCms(input);
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.cms;
}

describe('parseCms', () => {
  it('parses the attached RSA vector', () => {
    const der = readVector('cms/rsa_attached_lol_kek.p7s');
    const cms = parsed(der);
    expect(cms).toMatchObject({
      encoding: 'der',
      version: 1,
      contentType: CMS_OID.data,
      digestAlgorithms: ['2.16.840.1.101.3.4.2.1'],
    });
    expect(Buffer.from(cms.content ?? [])).toEqual(readVector('cms/lol_kek.bin'));
    expect(cms.certificates.map((c) => c.serialNumber)).toEqual(['4279390A141F5353A62947B61ED65E81741467D1']);
    const [signer] = cms.signers;
    expect(signer.sid).toMatchObject({ kind: 'issuerAndSerialNumber', serialNumber: '4279390A141F5353A62947B61ED65E81741467D1' });
    expect(signer.signedAttributes.map((a) => a.type)).toEqual([CMS_OID.contentType, CMS_OID.signingTime, CMS_OID.messageDigest]);
    expect(signer.unsignedAttributes).toEqual([]);
    // The signed bytes are the received [0] IMPLICIT block with the SET OF tag.
    const signed = signer.signedAttrsDer ?? new Uint8Array();
    expect(signed[0]).toBe(0x31);
    const at = der.indexOf(Buffer.from(signed.subarray(1)));
    expect(der[at - 1]).toBe(0xa0);
  });

  it('parses both SignerInfos of the GOST + RSA vector and the TSP token content type', () => {
    const two = parsed(readVector('cms/gost2015_rsa_2signers_attached_test123.p7s'));
    expect(two.signers.map((s) => [s.digestAlgorithm, s.signatureAlgorithm])).toEqual([
      ['1.2.398.3.10.1.3.3', '1.2.398.3.10.1.1.2.3.2'],
      ['2.16.840.1.101.3.4.2.1', '1.2.840.113549.1.1.11'],
    ]);
    const token = parsed(readVector('tsp/tsp_token.bin'));
    expect(token.contentType).toBe(CMS_OID.tstInfo);
    expect(token.signers[0].signedAttributes.map((a) => a.type)).toContain(CMS_OID.signingCertificate);
  });

  it('lists CRLs and OCSP responses from RevocationInfoChoices', () => {
    const signer = loadP12Signer('keys/individual_valid_sign_rsa.p12');
    const crl = vectorDer('crl/nca_gost2022_test.crl');
    const ocsp = vectorDer('ocsp/ocsp_response_individual_2015.bin');
    const cms = parsed(buildTestCms(signer, { crls: [crl], ocspResponses: [ocsp] }));
    expect(cms.crls.map((c) => Buffer.from(c))).toEqual([crl]);
    expect(cms.ocspResponses.map((c) => Buffer.from(c))).toEqual([ocsp]);
  });

  it('reads a BER constructed eContent (segmented OCTET STRING) as one content', async () => {
    const der = readVector('cms/rsa_attached_lol_kek.p7s');
    const root = asn1js.fromBER(der).result as asn1js.Sequence;
    const signedData = (root.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence;
    const encap = signedData.valueBlock.value[2] as asn1js.Sequence;
    const segments = [Buffer.from('lol'), Buffer.from('_kek')].map((s) => new asn1js.OctetString({ valueHex: s }));
    (encap.valueBlock.value[1] as asn1js.Constructed).valueBlock.value = [
      new asn1js.OctetString({ isConstructed: true, value: segments }),
    ];
    const ber = Buffer.from(root.toBER(false));
    expect(Buffer.from(parsed(ber).content ?? [])).toEqual(Buffer.from('lol_kek'));
    const report = await verifyCms({ cms: ber, validationTime: new Date('2021-06-01T00:00:00Z') });
    expect(report.signers[0].checks.find((c) => c.name === 'MESSAGE_DIGEST')?.status).toBe('PASSED');
  });

  it('rejects a SignedData without SignerInfos', () => {
    const signer = loadP12Signer('keys/individual_valid_sign_rsa.p12');
    expect(parseCms(buildTestCms(signer, { signers: 0 }))).toMatchObject({ ok: false, code: 'NO_SIGNERS' });
  });

  it('rejects a ContentInfo of another type', () => {
    const data = new asn1js.Sequence({
      value: [
        new asn1js.ObjectIdentifier({ value: CMS_OID.data }),
        new asn1js.Constructed({
          idBlock: { tagClass: 3, tagNumber: 0 },
          value: [new asn1js.OctetString({ valueHex: Buffer.from('x') })],
        }),
      ],
    });
    expect(parseCms(new Uint8Array(data.toBER(false)))).toMatchObject({ ok: false, code: 'NOT_SIGNED_DATA' });
  });

  it('rejects every truncation of a valid CMS with a structured failure', () => {
    const der = readVector('cms/rsa_attached_lol_kek.p7s');
    for (let length = 0; length < der.length; length += 7) {
      const result = parseCms(der.subarray(0, length));
      expect(result.ok).toBe(false);
    }
  });
});

describe('decodeCmsInput', () => {
  const der = readVector('cms/rsa_attached_lol_kek.p7s');
  const b64 = der.toString('base64');

  it.each([
    ['DER', der, 'der'],
    ['base64 text', b64, 'base64'],
    ['base64 bytes with a BOM and spaces', Buffer.from(`\uFEFF  ${b64}  \n`), 'base64'],
    ['base64url', b64.replace(/\+/g, '-').replace(/\//g, '_'), 'base64'],
    ['PEM CMS', `-----BEGIN CMS-----\r\n${b64}\r\n-----END CMS-----\r\n`, 'pem'],
    ['PEM PKCS #7 SIGNED DATA', `-----BEGIN PKCS #7 SIGNED DATA-----\n${b64}\n-----END PKCS #7 SIGNED DATA-----`, 'pem'],
  ])('decodes %s', (_, input, encoding) => {
    const decoded = decodeCmsInput(input);
    expect(decoded).toMatchObject({ ok: true, encoding });
    if (decoded.ok) expect(Buffer.from(decoded.der)).toEqual(der);
  });

  it.each([
    ['mismatched PEM labels', `-----BEGIN CMS-----\n${b64}\n-----END PKCS7-----`, 'BAD_ENCODING'],
    ['a private key', `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----`, 'BAD_ENCODING'],
    ['base64 with junk', `${b64}!!`, 'BAD_ENCODING'],
    ['an impossible base64 length', 'QUJDR', 'BAD_ENCODING'],
  ])('rejects %s', (_, input, code) => {
    expect(decodeCmsInput(input)).toMatchObject({ ok: false, code });
  });
});

// The direct DER walk must give exactly what the general (asn1js + pkijs) walk gives, and leave
// every input it does not fully understand to the general walk.
describe('parseCms: direct walk vs general walk', () => {
  const hex = (bytes: Uint8Array | ArrayBuffer | undefined) =>
    bytes === undefined ? undefined : Buffer.from(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes).toString('hex');
  const attributes = (list: readonly pkijs.Attribute[]) =>
    list.map((a) => ({
      type: a.type,
      values: (a.values as asn1js.BaseBlock[]).map((v) => [v.constructor.name, hex(v.valueBeforeDecodeView)]),
    }));
  // Everything a caller can read, as plain data.
  const view = (result: CmsParseResult) => {
    if (!result.ok) return result;
    const { cms } = result;
    return {
      ...cms,
      der: hex(cms.der),
      content: hex(cms.content),
      certificates: cms.certificates.map((c) => c.sha256),
      crls: cms.crls.map(hex),
      ocspResponses: cms.ocspResponses.map(hex),
      signers: cms.signers.map((s) => ({
        ...s,
        sid: s.sid.kind === 'issuerAndSerialNumber' ? { ...s.sid, issuer: hex(s.sid.issuer.valueBeforeDecode) } : s.sid,
        signature: hex(s.signature),
        signedAttrsDer: hex(s.signedAttrsDer),
        signedAttributes: attributes(s.signedAttributes),
        unsignedAttributes: attributes(s.unsignedAttributes),
      })),
    };
  };
  const expectSameWalk = (der: Uint8Array) => expect(view(parseCms(der))).toEqual(view(parseCms(der, { strategy: 'general' })));

  const signer = loadP12Signer('keys/individual_valid_sign_rsa.p12');
  const vectors: [string, Buffer][] = [
    ['RSA attached', readVector('cms/rsa_attached_lol_kek.p7s')],
    ['GOST + RSA, two signers', readVector('cms/gost2015_rsa_2signers_attached_test123.p7s')],
    ['TSP token (unsigned attributes absent, TSTInfo)', readVector('tsp/tsp_token.bin')],
    [
      'with a CRL and an OCSP response',
      buildTestCms(signer, {
        crls: [vectorDer('crl/nca_gost2022_test.crl')],
        ocspResponses: [vectorDer('ocsp/ocsp_response_individual_2015.bin')],
      }),
    ],
    ['detached', buildTestCms(signer, { detached: true })],
  ];

  it.each(vectors)('takes the direct walk for %s and agrees with the general one', (_, der) => {
    expect(parseSignedDataDirect(der, 'der', {})).toBeDefined();
    expectSameWalk(der);
  });

  it('keeps its caches independent of the caller buffer (a reused request buffer)', async () => {
    const der = readVector('cms/rsa_attached_lol_kek.p7s');
    const input = { validationTime: new Date('2021-06-01T00:00:00Z'), trustAnchors: [vectorDer('ca/nca_rsa_test.crt')] };
    const request = Buffer.from(der);
    const first = await verifyCms({ cms: request, ...input, policy: { revocation: 'off' } });
    expect(first.indication).toBe('TOTAL_PASSED');
    request.fill(0x5a); // the service reuses the buffer for the next request
    const again = await verifyCms({ cms: Buffer.from(der), ...input, policy: { revocation: 'off' } });
    expect(again.indication).toBe('TOTAL_PASSED');
    expect(again.signers[0].checks).toEqual(first.signers[0].checks);
  });

  it('leaves BER it does not handle (segmented eContent) to the general walk', () => {
    const root = asn1js.fromBER(readVector('cms/rsa_attached_lol_kek.p7s')).result as asn1js.Sequence;
    const signedData = (root.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence;
    const encap = signedData.valueBlock.value[2] as asn1js.Sequence;
    (encap.valueBlock.value[1] as asn1js.Constructed).valueBlock.value = [
      new asn1js.OctetString({ isConstructed: true, value: [new asn1js.OctetString({ valueHex: Buffer.from('lol_kek') })] }),
    ];
    const ber = new Uint8Array(root.toBER(false));
    expect(parseSignedDataDirect(ber, 'der', {})).toBeUndefined();
    expect(parseCms(ber).ok).toBe(true);
  });

  it('agrees with the general walk on mutated inputs', () => {
    const inputs = [
      readVector('cms/rsa_attached_lol_kek.p7s'),
      readVector('cms/gost2015_rsa_2signers_attached_test123.p7s'),
      readVector('tsp/tsp_token.bin'),
    ];
    fc.assert(
      fc.property(
        fc.nat({ max: inputs.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'delete')), {
          minLength: 1,
          maxLength: 3,
        }),
        (which, edits) => {
          let bytes = Buffer.from(inputs[which]);
          for (const [at, byte, kind] of edits) {
            const i = at % bytes.length;
            if (kind === 'set') bytes[i] = byte;
            else if (kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from([byte]), bytes.subarray(i)]);
            else bytes = Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + 1)]);
          }
          expectSameWalk(bytes);
        },
      ),
      { numRuns: 1500 },
    );
  });
});

// X.690 §8.1.1.3/§8.1.3: a definite length counts exactly the contents octets; the components of a
// constructed value fill it exactly. asn1js lets a component run past its parent's end, so the
// general walk used to accept these.
describe('parseCms: DER length errors', () => {
  const signer = loadP12Signer('keys/individual_valid_sign_rsa.p12');
  const cms = buildTestCms(signer);

  // The declared length of the element at `offset` made `delta` smaller or larger (same length form).
  function withLength(der: Uint8Array, offset: number, delta: number): Buffer {
    const copy = Buffer.from(der);
    const first = copy[offset + 1];
    if (!(first & 0x80)) copy[offset + 1] = first + delta;
    else {
      const count = first & 0x7f;
      const length = copy.readUIntBE(offset + 2, count) + delta;
      copy.writeUIntBE(length, offset + 2, count);
    }
    return copy;
  }
  const certificatesOffset = () => {
    const at = cms.indexOf(Buffer.from(signer.certificate));
    // [0] IMPLICIT SET OF with a long-form length just before the first certificate.
    for (let i = at - 2; i > at - 6; i--) if (cms[i] === 0xa0) return i;
    throw new Error('certificates [0] not found');
  };
  const both = (der: Uint8Array) => [parseCms(der), parseCms(der, { strategy: 'general' })];

  it('refuses `30 03 04 03 41 42 43` (an element running past its parent) in both walks', () => {
    const der = Buffer.from('30030403414243', 'hex');
    for (const result of both(der)) expect(result).toMatchObject({ ok: false, code: 'MALFORMED_DER' });
    expect(parseSignedDataDirect(der, 'der', {})).toBeUndefined();
  });

  it.each([
    ['the outer ContentInfo one byte short', () => withLength(cms, 0, -1)],
    ['the outer ContentInfo one byte long', () => Buffer.concat([withLength(cms, 0, 1), Buffer.from([0])])],
    ['the certificates SET one byte short', () => withLength(cms, certificatesOffset(), -1)],
    ['the certificates SET one byte long', () => withLength(cms, certificatesOffset(), 1)],
  ])('refuses %s with MALFORMED_DER in both walks, and verifyCms says FORMAT_FAILURE', async (_, make) => {
    const der = make();
    expect(parseCms(cms).ok).toBe(true);
    for (const result of both(der)) expect(result).toMatchObject({ ok: false, code: 'MALFORMED_DER' });
    expect(parseSignedDataDirect(der, 'der', {})).toBeUndefined();
    const report = await verifyCms({ cms: der, policy: { revocation: 'off' } });
    expect(report).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'FORMAT_FAILURE', signers: [] });
  });

  it('refuses bytes after the ContentInfo in both walks (DER, and base64 text)', () => {
    for (const tail of [[0x00], [0x00, 0x00], [0x30, 0x00]]) {
      const der = Buffer.concat([cms, Buffer.from(tail)]);
      for (const result of both(der)) expect(result).toMatchObject({ ok: false, code: 'TRAILING_DATA' });
      expect(parseCms(der.toString('base64'))).toMatchObject({ ok: false, code: 'TRAILING_DATA' });
    }
  });

  it('refuses a length error inside a certificate of the SET (the certificate parser checks lengths too)', () => {
    // The certificate's TBSCertificate one byte short: the certificate SEQUENCE still fits its SET.
    const at = cms.indexOf(Buffer.from(signer.certificate));
    const der = withLength(cms, at + 4, -1);
    for (const result of both(der)) expect(result.ok).toBe(false);
  });
});

describe('berStructureProblem (X.690 §8.1 lengths)', () => {
  it.each([
    ['30030403414243', /runs|declares 3 bytes/],
    ['3003300205', /declares 2 bytes/],
    ['300504034142433000', /2 bytes after/],
    ['04034142', /declares 3 bytes/],
    ['0480', /indefinite length on a primitive/],
    ['3080040141', /end-of-contents missing|truncated/],
    ['30020000', /unexpected end-of-contents/],
    ['3085000000000100', /more than 4 bytes/],
  ])('refuses %s', (hex, message) => {
    expect(berStructureProblem(Buffer.from(hex, 'hex'))).toMatch(message);
  });

  it.each(['3000', '0403414243', '300430020500', '30800401410000', '24800401410000', '30800000'])('accepts %s', (hex) => {
    expect(berStructureProblem(Buffer.from(hex, 'hex'))).toBeUndefined();
  });

  it('bounds the nesting depth without recursion', () => {
    const deep = Buffer.alloc(2000 * 2);
    for (let i = 0; i < 2000; i++) deep.set([0x30, 0x80], i * 2);
    expect(berStructureProblem(deep)).toMatch(/nesting deeper than 64/);
  });
});
