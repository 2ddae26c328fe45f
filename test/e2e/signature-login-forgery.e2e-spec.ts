// A certificate that merely names someone's IIN proves nothing: a refused login with a certificate
// outside the trust stores is audited, but not filed under the organizations of the person it names.

import * as path from 'node:path';
import { Pkcs12DocumentSigner } from '../../src/signing/signer/pkcs12-document-signer';
import { createOrganization } from '../utils/test-app';
import { auditSince, createSignatureTestApp, lastAuditSeq, SignatureTestApp } from '../utils/signature-test-app';

// A real NCA RK *test* key (IIN 123456789011); the signature test app trusts only our test PKI.
const FOREIGN_P12 = path.resolve(__dirname, '../../certs/nca-test/ncanode/keys/individual_valid_sign_rsa.p12');
const NAMED_IIN = '123456789011';

describe('login by ЭЦП with a certificate outside the trust stores', () => {
  let test: SignatureTestApp;

  beforeAll(async () => {
    test = await createSignatureTestApp();
  });
  afterAll(() => test.close());

  it('is refused and audited without touching the audit trail of the organization whose member it names', async () => {
    const organization = await createOrganization(test);
    await test.dataSource.query(`UPDATE users SET iin = NULL WHERE iin = $1`, [NAMED_IIN]);
    await test.dataSource.query(`UPDATE users SET iin = $1 WHERE id = $2`, [NAMED_IIN, organization.mainUser.id]);
    const since = await lastAuditSeq(test.dataSource);

    const challenge = (await test.http.post('/api/v1/auth/signature/challenge').expect(200)).body;
    const signer = await Pkcs12DocumentSigner.fromFile(FOREIGN_P12, 'Qwerty12');
    const cms = Buffer.from(
      await signer.sign(new Uint8Array(Buffer.from(challenge.dataToSign, 'utf8')), { detached: true }),
    ).toString('base64');
    const login = await test.http.post('/api/v1/auth/signature/login').send({ nonce: challenge.nonce, cms });
    expect([401, 403]).toContain(login.status);

    const rows = (await auditSince(test.dataSource, since)).filter((row) => row.action === 'auth.signature_login');
    expect(rows).toEqual([expect.objectContaining({ result: 'failure', organizationId: null, actorId: null })]);
  });
});
