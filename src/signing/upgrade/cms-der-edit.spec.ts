import * as pkijs from 'pkijs';
import { createCadesBes } from '../test-pki/cades';
import { CmsEditError, editSignedData, signedPartsOf, unsignedAttributesOf } from './cms-der-edit';
import { upgradeTestPki } from './spec-support';

const content = new Uint8Array(Buffer.from('payload'));

describe('editSignedData', () => {
  it('adds certificates and unsigned attributes, copying every signed part byte for byte', async () => {
    const pki = upgradeTestPki();
    const cms = await createCadesBes(pki.get('rsa/individual-sign'), content);
    // An arbitrary Attribute: SEQUENCE { OID 1.2.3, SET { NULL } }
    const attribute = new Uint8Array([0x30, 0x08, 0x06, 0x02, 0x2a, 0x03, 0x31, 0x02, 0x05, 0x00]);
    const edited = editSignedData(cms, {
      addCertificates: [pki.get('rsa/nca').der],
      unsignedAttributes: new Map([[0, [attribute]]]),
    });
    const signedData = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(edited).content });
    expect(signedData.certificates).toHaveLength(2);
    expect(signedData.signerInfos[0].unsignedAttrs?.attributes.map((a) => a.type)).toEqual(['1.2.3']);
    expect(signedPartsOf(edited)).toEqual(signedPartsOf(cms));
    expect(unsignedAttributesOf(edited)).toEqual([[Buffer.from(attribute)]]);
    // No edit: the same bytes.
    expect(Buffer.from(editSignedData(cms, {})).equals(Buffer.from(cms))).toBe(true);
  });

  it('refuses a BER (indefinite length) CMS instead of re-encoding it', async () => {
    const cms = Buffer.from(await createCadesBes(upgradeTestPki().get('rsa/individual-sign'), content));
    const header = cms[1] & 0x80 ? 2 + (cms[1] & 0x7f) : 2;
    const ber = Buffer.concat([Buffer.from([0x30, 0x80]), cms.subarray(header), Buffer.from([0, 0])]);
    expect(() => editSignedData(ber, {})).toThrow(CmsEditError);
    expect(() => unsignedAttributesOf(ber)).toThrow(/not DER/);
  });

  it('refuses what is not SignedData', () => {
    const data = new Uint8Array([0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01, 0xa0, 0x00]);
    expect(() => editSignedData(data, {})).toThrow(/not id-signedData/);
  });
});
