import { TestTsa } from '../../src/signing/test-pki/test-tsa';
import { DocOrg, operatorOrganization, uploadRequest } from '../utils/documents';
import {
  createSignatureTestApp,
  forgetTestPkiIdentities,
  SignatureTestApp,
  signAs,
  testPki,
  testTsaFetcher,
} from '../utils/signature-test-app';

// Only a name: TSA_FETCHER hands the requests for it to the in-process TSA.
const TSA_URL = 'http://tsa.edo.test/tsp/';

// Issue 20.4 and 20.6: one signature, one verdict. The document view, the public QR summary and
// POST /verify (given the stored .p7s and the document) reach the same indication and CAdES level;
// the same .p7s without its document is INDETERMINATE for a stated reason (the document is
// missing), never "valid" and never "invalid"; a PDF given as the signature is not a signature.
describe('one verdict for a document signature: document API, public page and POST /verify', () => {
  let test: SignatureTestApp;
  let tsa: TestTsa;
  let sender: DocOrg;
  let id: string;
  let cms: Buffer;
  const bytes = Buffer.from('%PDF-1.4\nДоговор поставки № 20\n');

  beforeAll(async () => {
    tsa = new TestTsa(testPki());
    test = await createSignatureTestApp({ TSA_URL }, undefined, testTsaFetcher(tsa, TSA_URL));
    tsa.behaviour = { clock: () => test.clock.now() };
    await forgetTestPkiIdentities(test.dataSource);
    sender = await operatorOrganization(test, '150140001239', 'legal_entity', 'ТОО "ЭДО ТЕСТ"');
    id = (await uploadRequest(test, sender, bytes).expect(201)).body.id as string;
    await test.http
      .post(`/api/v1/documents/${id}/signatures`)
      .set(sender.auth)
      .send({ cms: await signAs('gost2015/ceo-sign', bytes) })
      .expect(201);
    await test.http
      .post(`/api/v1/documents/${id}/send`)
      .set(sender.auth)
      .send({ recipients: [{ identifier: '850315300128', email: 'x@example.kz' }] });
    // The .p7s as the evidence package holds it: the stored (time-stamped) CMS.
    const [row] = (await test.dataSource.query(`SELECT cms FROM document_signatures WHERE "documentId" = $1`, [id])) as {
      cms: Buffer;
    }[];
    cms = row.cms;
  });
  afterAll(async () => {
    await forgetTestPkiIdentities(test.dataSource);
    await test.close();
  });

  it('gives the same verdict and level through the document API and POST /verify with the document', async () => {
    const view = await test.http.get(`/api/v1/documents/${id}?include=reports`).set(sender.auth).expect(200);
    const stored = view.body.signatures[0];
    const verified = await test.http
      .post('/api/v1/verify')
      .attach('cms', cms, { filename: 'signature.p7s', contentType: 'application/pkcs7-signature' })
      .attach('data', bytes, { filename: 'Договор.pdf', contentType: 'application/pdf' })
      .expect(200);
    expect(stored.indication).toBe('TOTAL_PASSED');
    expect({ indication: verified.body.indication, subIndication: verified.body.subIndication }).toEqual({
      indication: stored.indication,
      subIndication: stored.subIndication,
    });
    expect(verified.body.signers[0].adesLevel).toBe(stored.report.signers[0].adesLevel);
    expect(verified.body.signers[0].checks.find((c: { name: string }) => c.name === 'REVOCATION').status).toBe(stored.revocation);

    const publicPage = await test.http.get(`/api/v1/public/documents/${id}`).expect(200);
    expect(publicPage.body.signatures[0]).toMatchObject({ indication: stored.indication, revocation: stored.revocation });
  });

  it('says what is missing when the detached .p7s comes without its document (INDETERMINATE, not valid, not invalid)', async () => {
    const alone = await test.http
      .post('/api/v1/verify')
      .attach('cms', cms, { filename: 'signature.p7s', contentType: 'application/pkcs7-signature' })
      .expect(200);
    expect(alone.body).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'SIGNED_DATA_NOT_FOUND' });
    // Everything else the service established still holds: time-stamp and revocation.
    expect(alone.body.signers[0].adesLevel).toBe('B-LT');
    expect(alone.body.signers[0].checks.find((c: { name: string }) => c.name === 'REVOCATION').status).toBe('PASSED');
  });

  it('answers 422 NOT_A_SIGNATURE, not "invalid signature", when the document is uploaded as the signature', async () => {
    for (const locale of ['ru', 'kk', 'en']) {
      const response = await test.http
        .post('/api/v1/verify')
        .set('Accept-Language', locale)
        .attach('cms', bytes, { filename: 'Договор.pdf', contentType: 'application/pdf' })
        .expect(422);
      expect(response.body.error).toMatchObject({ code: 'NOT_A_SIGNATURE', details: { detected: 'pdf' } });
      expect(response.body.error.message).toMatch(/\.p7s/);
    }
  });
});
