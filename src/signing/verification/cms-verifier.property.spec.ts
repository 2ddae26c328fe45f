import fc from 'fast-check';
import { parseCms } from './cms-parser';
import { verifyCms, VerifyCmsInput } from './cms-verifier';
import { VerificationReport } from './report';
import { readVector, vectorDer } from './spec-support';

type Mutation =
  | { readonly kind: 'flip'; readonly at: number; readonly bit: number }
  | { readonly kind: 'insert'; readonly at: number; readonly byte: number }
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'truncate'; readonly at: number };

// at is a fraction of the region so that one arbitrary works for any region size.
const mutation = (): fc.Arbitrary<Mutation> =>
  fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  );

function mutate(der: Buffer, m: Mutation, region: { start: number; end: number }): Buffer {
  const at = region.start + (m.at % (region.end - region.start));
  switch (m.kind) {
    case 'flip': {
      const copy = Buffer.from(der);
      copy[at] ^= 1 << m.bit;
      return copy;
    }
    case 'insert':
      return Buffer.concat([der.subarray(0, at), Buffer.from([m.byte]), der.subarray(at)]);
    case 'delete':
      return Buffer.concat([der.subarray(0, at), der.subarray(at + 1)]);
    case 'truncate':
      return der.subarray(0, at);
  }
}

const INDICATIONS = ['TOTAL_PASSED', 'TOTAL_FAILED', 'INDETERMINATE'];

function expectWellFormed(report: VerificationReport): void {
  expect(INDICATIONS).toContain(report.indication);
  expect(Array.isArray(report.signers)).toBe(true);
  expect(report.error?.code).not.toBe('INTERNAL_ERROR');
  for (const signer of report.signers) {
    expect(INDICATIONS).toContain(signer.indication);
    if (signer.indication !== 'TOTAL_PASSED') expect(signer.subIndication).toBeDefined();
  }
}

// Bytes covered by a signature: the [0] signedAttrs block and the signature value itself.
function signatureRegions(der: Buffer): { start: number; end: number }[] {
  const parsed = parseCms(der);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.cms.signers.flatMap((s) => {
    const attrs = s.signedAttrsDer ?? new Uint8Array();
    const attrsAt = der.indexOf(Buffer.from(attrs.subarray(1))) - 1;
    const sigAt = der.indexOf(Buffer.from(s.signature));
    return [
      { start: attrsAt, end: attrsAt + attrs.length },
      { start: sigAt, end: sigAt + s.signature.length },
    ];
  });
}

describe.each([
  {
    name: 'RSA vector',
    file: 'cms/rsa_attached_lol_kek.p7s',
    input: { validationTime: new Date('2021-06-01T00:00:00Z'), trustAnchors: [vectorDer('ca/nca_rsa_test.crt')] },
    runs: 300,
  },
  {
    // GOST verification costs milliseconds per signature: fewer runs.
    name: 'GOST 2004 vector',
    file: 'tsp/tsp_token.bin',
    input: { validationTime: new Date('2022-09-18T13:20:14Z'), trustAnchors: [vectorDer('ca/nca_gost_test.crt')] },
    runs: 60,
  },
])('mutated $name', ({ file, input, runs }) => {
  const der = readVector(file);
  const verify = (cms: Buffer | string) => verifyCms({ cms, ...input, policy: { revocation: 'off' } } satisfies VerifyCmsInput);

  it('is TOTAL_PASSED unmutated (so the properties below mean something)', async () => {
    expect((await verify(der)).indication).toBe('TOTAL_PASSED');
  });

  it('always resolves with a well-formed report, whatever bytes change', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation(), { minLength: 1, maxLength: 4 }), fc.boolean(), async (mutations, asBase64) => {
        let bytes = der;
        for (const m of mutations) if (bytes.length > 0) bytes = mutate(bytes, m, { start: 0, end: bytes.length });
        expectWellFormed(await verify(asBase64 ? bytes.toString('base64') : bytes));
      }),
      { numRuns: runs },
    );
  });

  it('is never TOTAL_PASSED when the signed attributes or the signature value change', async () => {
    const regions = signatureRegions(der);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: regions.length - 1 }), mutation(), async (r, m) => {
        const report = await verify(mutate(der, m, regions[r]));
        expectWellFormed(report);
        expect(report.indication).not.toBe('TOTAL_PASSED');
      }),
      { numRuns: runs },
    );
  });
});
