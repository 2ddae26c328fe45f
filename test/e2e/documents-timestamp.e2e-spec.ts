import { JOB_RUNNER, JobRunner } from '../../src/common/jobs/job-runner.port';
import * as asn1js from 'asn1js';
import { SignatureVerificationService } from '../../src/signing/api/signature-verification.service';
import { loadTrustStores } from '../../src/signing/api/trust-stores';
import { verifyCms } from '../../src/signing/verification/cms-verifier';
import { CMS_OID } from '../../src/signing/verification/oids';
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

// Evidence upgrade (SignatureUpgradeService through SignatureEvidenceUpgrader): an accepted
// signature gets a signature time-stamp from TSA_URL (the test PKI's TSA, in process) and the
// OCSP/CRL answers for its certificates, and is stored as CAdES-B-LT.
describe('time-stamped document signatures', () => {
  let test: SignatureTestApp;
  let tsa: TestTsa;
  let sender: DocOrg;

  beforeAll(async () => {
    tsa = new TestTsa(testPki());
    test = await createSignatureTestApp({ TSA_URL }, undefined, testTsaFetcher(tsa, TSA_URL));
    // The TSA's genTime must not be later than the app's (manual) validation time.
    tsa.behaviour = { clock: () => test.clock.now() };
    await forgetTestPkiIdentities(test.dataSource);
    sender = await operatorOrganization(test, '150140001239', 'legal_entity', 'ТОО "ЭДО ТЕСТ"');
  });
  afterAll(async () => {
    await forgetTestPkiIdentities(test.dataSource);
    await test.close();
  });

  async function signedDocument(key: string, bytes: Buffer) {
    const id = (await uploadRequest(test, sender, bytes).expect(201)).body.id as string;
    const signature = await test.http
      .post(`/api/v1/documents/${id}/signatures`)
      .set(sender.auth)
      .send({ cms: await signAs(key, bytes) })
      .expect(201);
    const [row] = (await test.dataSource.query(`SELECT cms, report FROM document_signatures WHERE id = $1`, [
      signature.body.id,
    ])) as { cms: Buffer; report: { signers: { adesLevel: string; timestamp?: unknown }[] } }[];
    return { id, row };
  }

  it.each(['rsa/ceo-sign', 'gost2015/ceo-sign'])('stores the %s signature with a verified signature time-stamp', async (key) => {
    const bytes = Buffer.from(`%PDF-1.4\nДоговор ${key}\n`);
    const { id, row } = await signedDocument(key, bytes);
    expect(row.report.signers[0].adesLevel).toBe('B-LT');
    expect(row.report.signers[0].timestamp).toBeDefined();
    const tokenAttributeType = Buffer.from(new asn1js.ObjectIdentifier({ value: CMS_OID.signatureTimeStampToken }).toBER());
    expect(row.cms.includes(tokenAttributeType)).toBe(true);

    // The stored CMS verifies on its own, still over the original bytes.
    const again = await test.app
      .get(SignatureVerificationService)
      .verifySignedContent(row.cms.toString('base64'), bytes, { keyUsage: 'SIGN', revocation: 'require' });
    expect(again.report.indication).toBe('TOTAL_PASSED');
    expect(again.report.signers[0].adesLevel).toBe('B-LT');

    // Self-contained: with revocation required and no network at all, the embedded answers suffice.
    const offline = await verifyCms({
      cms: new Uint8Array(row.cms),
      data: new Uint8Array(bytes),
      validationTime: test.clock.now(),
      trustAnchors: loadTrustStores(['test-pki']),
      policy: { revocation: 'require', revocationOnline: false, keyUsage: 'SIGN' },
    });
    expect(offline.indication).toBe('TOTAL_PASSED');
    expect(offline.signers[0].adesLevel).toBe('B-LT');

    const view = await test.http.get(`/api/v1/documents/${id}`).set(sender.auth).expect(200);
    expect(view.body.signatures[0]).toMatchObject({ role: 'sender', indication: 'TOTAL_PASSED' });
    expect(view.body.signatures[0].report).toBeUndefined();
    // Asked for, each signature comes with its whole stored report (time-stamp, revocation answers).
    const withReports = await test.http.get(`/api/v1/documents/${id}?include=reports`).set(sender.auth).expect(200);
    expect(withReports.body.signatures[0].report).toEqual(row.report);
  });

  it('accepts the signature as received when the TSA refuses, says why, and upgrades it when the TSA is back', async () => {
    tsa.behaviour = { ...tsa.behaviour, forceStatus: 'rejection' };
    try {
      const { id, row } = await signedDocument('rsa/ceo-sign', Buffer.from('%PDF-1.4\nбез метки времени\n'));
      expect(row.report.signers[0].adesLevel).toBe('B-B');
      const [event] = (await test.dataSource.query(
        `SELECT data FROM document_events WHERE "documentId" = $1 AND type = 'document.signed_by_sender'`,
        [id],
      )) as { data: { timestampError?: string; adesLevel?: string } }[];
      expect(event.data).toMatchObject({ adesLevel: 'B-B', timestampError: expect.stringContaining('TSA_REJECTED') });

      // The TSA answers again: the retry sweep (five minutes later) upgrades the stored signature.
      tsa.behaviour = { clock: () => test.clock.now() };
      test.clock.advance(6 * 60_000);
      await test.app.get<JobRunner>(JOB_RUNNER).runDueNow();
      const [upgraded] = (await test.dataSource.query(`SELECT cms, report FROM document_signatures WHERE "documentId" = $1`, [
        id,
      ])) as { cms: Buffer; report: { signers: { adesLevel: string }[] } }[];
      expect(upgraded.report.signers[0].adesLevel).toBe('B-LT');
      expect(Buffer.from(upgraded.cms).equals(Buffer.from(row.cms))).toBe(false);
      const history = (await test.dataSource.query(
        `SELECT type, data FROM document_events WHERE "documentId" = $1 ORDER BY seq`,
        [id],
      )) as { type: string; data: { adesLevel?: string } }[];
      expect(history.at(-1)).toEqual({ type: 'document.evidence_upgraded', data: { adesLevel: 'B-LT' } });
    } finally {
      tsa.behaviour = { clock: () => test.clock.now() };
    }
  });
});
