import { TestTsa } from '../../src/signing/test-pki/test-tsa';
import { DocOrg, operatorOrganization, uploadRequest } from '../utils/documents';
import { createSignatureTestApp, forgetTestPkiIdentities, SignatureTestApp, signAs, testPki, testTsaFetcher } from '../utils/signature-test-app';
const TSA_URL = 'http://tsa.edo.test/tsp/';
describe('experiment', () => {
  let test: SignatureTestApp;
  let sender: DocOrg;
  let tsa: TestTsa;
  beforeAll(async () => {
    tsa = new TestTsa(testPki());
    test = await createSignatureTestApp({ TSA_URL }, undefined, testTsaFetcher(tsa, TSA_URL));
    tsa.behaviour = { clock: () => test.clock.now() };
    await forgetTestPkiIdentities(test.dataSource);
    sender = await operatorOrganization(test, '150140001239', 'legal_entity', 'ТОО "ЭДО ТЕСТ"');
  });
  afterAll(async () => { await forgetTestPkiIdentities(test.dataSource); await test.close(); });
  it('compares', async () => {
    const bytes = Buffer.from('%PDF-1.4\nexp\n');
    const id = (await uploadRequest(test, sender, bytes).expect(201)).body.id as string;
    await test.http.post(`/api/v1/documents/${id}/signatures`).set(sender.auth).send({ cms: await signAs('gost2015/ceo-sign', bytes) }).expect(201);
    const view = await test.http.get(`/api/v1/documents/${id}?include=reports`).set(sender.auth).expect(200);
    const s = view.body.signatures[0];
    console.log('DOC', s.indication, s.subIndication, s.revocation, s.report.signers[0].adesLevel);
    const [row] = await test.dataSource.query(`SELECT cms FROM document_signatures WHERE "documentId" = $1`, [id]);
    const show = (tag: string, r: any) => console.log(tag, r.body.indication, r.body.subIndication, r.body.signers[0]?.adesLevel, JSON.stringify(r.body.signers[0]?.checks.filter((c: any) => c.status !== 'PASSED').map((c: any) => [c.name, c.status, c.subIndication, c.message])));
    show('NO-DATA', await test.http.post('/api/v1/verify').send({ cms: row.cms.toString('base64') }).expect(200));
    show('DATA', await test.http.post('/api/v1/verify').send({ cms: row.cms.toString('base64'), data: bytes.toString('base64') }).expect(200));
    test.clock.advance(3 * 86400_000);
    show('LATER', await test.http.post('/api/v1/verify').send({ cms: row.cms.toString('base64'), data: bytes.toString('base64') }).expect(200));
  });
});
