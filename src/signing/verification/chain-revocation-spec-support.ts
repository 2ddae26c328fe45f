// The test PKI (certs/test-pki), CRLs signed here with its root / issuing CA keys, OCSP answers of
// its responder, CAdES validation-data attributes and a verifier call, shared by
// chain-revocation.spec.ts and delta-crls.spec.ts.

import * as path from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { attribute } from '../test-pki/cms-builder';
import { createCadesBes } from '../test-pki/cades';
import { keyIdentifierOf, signCrl } from '../test-pki/x509-builder';
import { loadTestPki, TestPki, TestPkiEntity } from '../test-pki/manifest';
import { ocspRequest, TestOcspResponder } from '../test-pki/test-ocsp-responder';
import { verifyCms, VerifyCmsInput } from './cms-verifier';
import { VerificationPolicy } from './policy';
import { Check, VerificationReport } from './report';
import { FetchRequest, RevocationCache, RevocationFetcher } from './revocation-fetcher';
import { ETS_OID } from './validation-data';

export let pki: TestPki;
export let responder: TestOcspResponder;
export const CONTENT = Buffer.from('акт сверки №12');
export const REVOKED_AT = new Date('2025-09-01T00:00:00Z');

// Every request is recorded and refused: these cases must be decided offline.
export function refusingFetcher(seen: string[]): RevocationFetcher {
  return {
    fetch(url: string, request: FetchRequest) {
      seen.push(`${request.method} ${url}`);
      return Promise.reject(new Error('no network in this spec'));
    },
  };
}

export interface CrlSpec {
  readonly number: number;
  readonly deltaOf?: number;
  readonly thisUpdate?: Date;
  readonly nextUpdate?: Date;
  readonly revoked?: readonly { entity: TestPkiEntity; reasonCode: number; time?: Date }[];
  readonly extensions?: readonly pkijs.Extension[];
}

export function crlOf(issuerId: string, spec: CrlSpec): Uint8Array {
  const issuer = pki.get(issuerId);
  return signCrl(
    {
      issuer: issuer.certificate.subject,
      issuerKeyIdentifier: keyIdentifierOf(issuer.key.spki),
      thisUpdate: spec.thisUpdate ?? new Date('2025-10-01T00:00:00Z'),
      nextUpdate: spec.nextUpdate ?? new Date('2045-01-01T00:00:00Z'),
      crlNumber: spec.number,
      ...(spec.deltaOf !== undefined && { deltaOf: spec.deltaOf }),
      ...(spec.extensions && { extensions: spec.extensions }),
      revoked: (spec.revoked ?? []).map((r) => ({
        serialNumber: Buffer.from(r.entity.serialNumber, 'hex'),
        time: r.time ?? REVOKED_AT,
        reasonCode: r.reasonCode,
      })),
    },
    issuer.key,
  );
}

export const ocspFor = (id: string) => responder.respond(ocspRequest(pki.get(id).certificate, pki.get('rsa/nca').certificate));
export const rootCrl = (revoked: CrlSpec['revoked'] = []) => crlOf('rsa/root-ca', { number: 2, revoked });

export async function verify(
  evidence: readonly Uint8Array[],
  policy: Partial<VerificationPolicy> = {},
  extra: Partial<VerifyCmsInput> & { signer?: string } = {},
): Promise<{ report: VerificationReport; check: Check; seen: string[] }> {
  const seen: string[] = [];
  const { signer, cms, ...input } = extra;
  const report = await verifyCms({
    cms: cms ?? (await createCadesBes(pki.get(signer ?? 'rsa/individual-sign'), CONTENT)),
    trustAnchors: [pki.get('rsa/root-ca').der],
    certificates: [pki.get('rsa/nca').der],
    policy: { revocation: 'require', ...policy },
    revocationEvidence: [...evidence],
    revocationFetcher: refusingFetcher(seen),
    revocationCache: new RevocationCache(),
    ...input,
  });
  const check = report.signers[0].checks.find((c) => c.name === 'REVOCATION');
  if (!check) throw new Error('no REVOCATION check');
  return { report, check, seen };
}

export const attempts = (check: Check) => ((check.evidence?.attempts as string[] | undefined) ?? []).join('\n');

// RevocationValues ::= SEQUENCE { crlVals [0] SEQUENCE OF CertificateList, ocspVals [1] SEQUENCE OF BasicOCSPResponse }
export function revocationValues(crls: readonly Uint8Array[], ocspResponses: readonly Uint8Array[]): pkijs.Attribute {
  const parse = (der: Uint8Array) => asn1js.fromBER(der).result;
  const basic = (der: Uint8Array) =>
    parse(pkijs.OCSPResponse.fromBER(der).responseBytes?.response.valueBlock.valueHexView ?? new Uint8Array());
  const tagged = (tagNumber: number, items: asn1js.AsnType[]) =>
    new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber }, value: [new asn1js.Sequence({ value: items })] });
  return attribute(
    ETS_OID.revocationValues,
    new asn1js.Sequence({ value: [tagged(0, crls.map(parse)), tagged(1, ocspResponses.map(basic))] }),
  );
}

export const certValues = (certificates: readonly Uint8Array[]) =>
  attribute(ETS_OID.certValues, new asn1js.Sequence({ value: certificates.map((der) => asn1js.fromBER(der).result) }));

// Registers the hooks of a spec file that uses the helpers above.
export function loadTestPkiBeforeAll(): void {
  beforeAll(() => {
    pki = loadTestPki(path.resolve(__dirname, '../../../certs/test-pki'));
    responder = new TestOcspResponder(pki);
  });
}
