// The policy's signer constraints (issue: required roles, required BIN/IIN, allowed algorithms),
// reported as the SIGNER_CONSTRAINTS check with ETSI sub-indications.

import * as path from 'node:path';
import { createCadesBes } from '../test-pki/cades';
import { loadTestPki, TestPki } from '../test-pki/manifest';
import { verifyCms } from './cms-verifier';
import type { VerificationPolicy } from './policy';

const CONTENT = new TextEncoder().encode('Шарт № 7: қол қою');
const FIRST_HEAD = '1.2.398.3.3.4.1.2.1';
const EMPLOYEE = '1.2.398.3.3.4.1.2.5';
let pki: TestPki;

beforeAll(() => {
  pki = loadTestPki(path.resolve(__dirname, '../../../certs/test-pki'));
});

async function verifyAs(id: string, policy: Partial<VerificationPolicy>) {
  const hierarchy = id.split('/')[0];
  const report = await verifyCms({
    cms: await createCadesBes(pki.get(id), CONTENT),
    trustAnchors: [pki.get(`${hierarchy}/root-ca`).der],
    certificates: [pki.get(`${hierarchy}/nca`).der],
    policy: { revocation: 'off', ...policy },
  });
  const [signer] = report.signers;
  return { signer, check: signer.checks.find((c) => c.name === 'SIGNER_CONSTRAINTS') };
}

describe('signer constraints', () => {
  it('are left out of the report when the policy sets none', async () => {
    const { signer, check } = await verifyAs('gost2015/ceo-sign', {});
    expect(check).toBeUndefined();
    expect(signer.indication).toBe('TOTAL_PASSED');
  });

  it('pass for the first head of the required BIN with a GOST-2015 key', async () => {
    const ceo = pki.get('gost2015/ceo-sign');
    const { signer, check } = await verifyAs('gost2015/ceo-sign', {
      requiredRoles: [FIRST_HEAD],
      requiredBin: ceo.bin,
      requiredIin: ceo.iin,
      allowedSignatureAlgorithms: ['GOST 34.10-2015 (512)'],
    });
    expect(check).toMatchObject({ status: 'PASSED' });
    expect(signer.indication).toBe('TOTAL_PASSED');
  });

  it('refuse an employee where a first head is required, and another BIN or IIN', async () => {
    const employee = await verifyAs('gost2015/employee-sign', { requiredRoles: [FIRST_HEAD] });
    expect(employee.check).toMatchObject({ status: 'FAILED', subIndication: 'CHAIN_CONSTRAINTS_FAILURE' });
    expect(employee.signer).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'CHAIN_CONSTRAINTS_FAILURE' });
    expect((await verifyAs('gost2015/employee-sign', { requiredRoles: [FIRST_HEAD, EMPLOYEE] })).check?.status).toBe('PASSED');

    const otherBin = await verifyAs('gost2015/ceo-sign', { requiredBin: '990240000011' });
    expect(otherBin.check?.message).toMatch(/BIN 150140001239 is not 990240000011/);
    const individual = await verifyAs('gost2015/individual-sign', { requiredBin: '150140001239' });
    expect(individual.check?.message).toMatch(/BIN absent/);
    const otherIin = await verifyAs('gost2015/individual-sign', { requiredIin: '000000000000' });
    expect(otherIin.signer.subIndication).toBe('CHAIN_CONSTRAINTS_FAILURE');
  });

  it('refuse an algorithm the policy does not allow', async () => {
    const { signer, check } = await verifyAs('gost2004/individual-sign', {
      allowedSignatureAlgorithms: ['GOST 34.10-2015 (512)'],
    });
    expect(check).toMatchObject({ status: 'FAILED', subIndication: 'CRYPTO_CONSTRAINTS_FAILURE' });
    expect(signer).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'CRYPTO_CONSTRAINTS_FAILURE' });
  });
});
