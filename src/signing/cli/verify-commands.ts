// The three CLI commands as functions from parsed arguments to a result object, with no printing
// and no process exit, so the specs can call them directly.

import { readFileSync } from 'node:fs';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { certificateFiles, loadCertificateFiles } from '../api/trust-stores';
import { verifySignatureRequest } from '../api/verification-request';
import { CrlIndex } from '../revocation/crl-index';
import { signatureAlgorithmName } from '../verification/algorithms';
import { CertificateInfo, loadCertificates, namesEqual, toHex } from '../verification/certificates';
import { checkCertificateValidity } from '../verification/certificate-checks';
import { checkChain } from '../verification/chain';
import { verifyCrlSignature } from '../verification/crl';
import { DEFAULT_POLICY } from '../verification/policy';
import { Check, concludeChecks, Indication, notChecked, SubIndication, VerificationReport } from '../verification/report';
import { extractSignerIdentity, formatName, SignerIdentity } from '../verification/signer-identity';
import type { VerifyCommand } from './verify-args';

// A problem with the invocation or the files named in it (exit code 3), not with a signature.
export class InputError extends Error {}

type Command<K extends VerifyCommand['command']> = Extract<VerifyCommand, { command: K }>;

function readInput(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new InputError(`${what} ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function loadAnchors(targets: readonly string[]): Uint8Array[] {
  try {
    return loadCertificateFiles(targets.flatMap((target) => certificateFiles(target)));
  } catch (error) {
    throw new InputError(`--trust: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function loadOne(file: string, what: string): CertificateInfo {
  const { certificates, errors } = loadCertificates([readInput(file, what)]);
  if (certificates.length === 0) throw new InputError(`${what} ${file}: not a certificate (${errors.join('; ')})`);
  return certificates[0];
}

export async function runCms(args: Command<'cms'>, now = new Date()): Promise<VerificationReport> {
  const cms = readInput(args.file, 'CMS');
  const data = args.data !== undefined ? readInput(args.data, '--data') : undefined;
  return verifySignatureRequest(
    {
      cms: new Uint8Array(cms),
      ...(data && { data: new Uint8Array(data) }),
      validationTime: args.at ?? now,
      ...(args.revocation && { policy: { revocation: args.revocation } }),
    },
    loadAnchors(args.trust),
    { revocationOnline: !args.offline },
  );
}

export interface CertificateResult {
  readonly indication: Indication;
  readonly subIndication?: SubIndication;
  readonly validationTime: string;
  readonly certificate: SignerIdentity;
  readonly checks: readonly Check[];
}

// Validity and path only: the verifier has no revocation for a bare certificate (yet), and key
// usage is judged against a signature, which there is none of here.
export function runCert(args: Command<'cert'>, now = new Date()): CertificateResult {
  const cert = loadOne(args.file, 'certificate');
  const candidates = args.chain.map((file) => loadOne(file, '--chain'));
  const anchors = loadCertificates(loadAnchors(args.trust)).certificates;
  const validationTime = args.at ?? now;
  const checks = [
    checkCertificateValidity(cert, validationTime),
    checkChain(cert, { anchors, candidates, validationTime, maxLength: DEFAULT_POLICY.maxChainLength }),
    notChecked('REVOCATION', 'revocation is not checked by this command'),
  ];
  const conclusion = concludeChecks(checks);
  return {
    indication: conclusion.indication,
    ...(conclusion.subIndication && { subIndication: conclusion.subIndication }),
    validationTime: validationTime.toISOString(),
    certificate: extractSignerIdentity(cert),
    checks,
  };
}

export interface CrlCheck {
  readonly name: 'ISSUER_NAME' | 'ISSUER_KEY_ID' | 'ISSUER_KEY_USAGE' | 'SIGNATURE' | 'FRESHNESS';
  readonly status: 'PASSED' | 'FAILED' | 'NOT_CHECKED';
  readonly message: string;
}

export interface CrlResult {
  readonly indication: Indication;
  readonly error?: string;
  readonly validationTime: string;
  readonly crl?: {
    readonly issuer: string;
    readonly thisUpdate: string;
    readonly nextUpdate?: string;
    readonly crlNumber?: string;
    readonly deltaBaseCrlNumber?: string;
    readonly entries: number;
    readonly signatureAlgorithm: string;
  };
  readonly issuerCertificate: { readonly subject: string; readonly serialNumber: string; readonly sha256: string };
  readonly checks: readonly CrlCheck[];
}

const PEM_CRL = /-----BEGIN X509 CRL-----([\s\S]*?)-----END X509 CRL-----/;

function crlDer(bytes: Buffer): Buffer {
  if (bytes[0] === 0x30) return bytes;
  const pem = PEM_CRL.exec(bytes.toString('latin1'));
  return pem ? Buffer.from(pem[1].replace(/\s+/g, ''), 'base64') : bytes;
}

// CrlIndex keeps the issuer as raw DER; pkijs gives the same DN comparison as the chain code.
function crlIssuerName(crl: CrlIndex): pkijs.RelativeDistinguishedNames | undefined {
  try {
    const parsed = asn1js.fromBER(new Uint8Array(crl.issuer));
    return parsed.offset === -1 ? undefined : new pkijs.RelativeDistinguishedNames({ schema: parsed.result });
  } catch {
    return undefined;
  }
}

function issuerNameMatches(crl: CrlIndex, issuer: CertificateInfo): boolean {
  const name = crlIssuerName(crl);
  return name !== undefined && namesEqual(name, issuer.certificate.subject);
}

function crlChecks(crl: CrlIndex, issuer: CertificateInfo, at: Date): CrlCheck[] {
  const checks: CrlCheck[] = [];
  const nameOk = issuerNameMatches(crl, issuer);
  checks.push({
    name: 'ISSUER_NAME',
    status: nameOk ? 'PASSED' : 'FAILED',
    message: nameOk ? 'CRL issuer is the certificate subject' : 'CRL issuer differs from the certificate subject',
  });
  const aki = crl.authorityKeyIdentifier ? toHex(crl.authorityKeyIdentifier) : undefined;
  if (aki && issuer.subjectKeyId)
    checks.push({
      name: 'ISSUER_KEY_ID',
      status: aki === issuer.subjectKeyId ? 'PASSED' : 'FAILED',
      message: aki === issuer.subjectKeyId ? 'authorityKeyIdentifier matches' : `authorityKeyIdentifier ${aki} differs`,
    });
  const mayCrl = !issuer.keyUsage || issuer.keyUsage.has('cRLSign');
  checks.push({
    name: 'ISSUER_KEY_USAGE',
    status: mayCrl ? 'PASSED' : 'FAILED',
    message: mayCrl ? 'issuer may sign CRLs' : 'issuer keyUsage lacks cRLSign',
  });
  const outcome = verifyCrlSignature(crl, issuer);
  checks.push(
    outcome.status === 'valid'
      ? { name: 'SIGNATURE', status: 'PASSED', message: 'signature verifies with the issuer key' }
      : { name: 'SIGNATURE', status: outcome.status === 'invalid' ? 'FAILED' : 'NOT_CHECKED', message: outcome.message },
  );
  const iso = at.toISOString();
  // A CRL past nextUpdate is authentic but says nothing about now: indeterminate, not failed.
  if (at < crl.thisUpdate) checks.push({ name: 'FRESHNESS', status: 'NOT_CHECKED', message: `not yet issued at ${iso}` });
  else if (crl.nextUpdate && at > crl.nextUpdate)
    checks.push({ name: 'FRESHNESS', status: 'NOT_CHECKED', message: `stale at ${iso} (nextUpdate passed)` });
  else checks.push({ name: 'FRESHNESS', status: 'PASSED', message: `current at ${iso}` });
  return checks;
}

export function runCrl(args: Command<'crl'>, now = new Date()): CrlResult {
  const bytes = readInput(args.file, 'CRL');
  const issuer = loadOne(args.issuer, '--issuer');
  const validationTime = args.at ?? now;
  const issuerCertificate = {
    subject: formatName(issuer.certificate.subject),
    serialNumber: issuer.serialNumber,
    sha256: issuer.sha256,
  };
  let crl: CrlIndex;
  try {
    crl = CrlIndex.fromDer(crlDer(bytes));
  } catch (error) {
    return {
      indication: 'TOTAL_FAILED',
      error: `malformed CRL: ${error instanceof Error ? error.message : String(error)}`,
      validationTime: validationTime.toISOString(),
      issuerCertificate,
      checks: [],
    };
  }
  const checks = crlChecks(crl, issuer, validationTime);
  const indication: Indication = checks.some((c) => c.status === 'FAILED')
    ? 'TOTAL_FAILED'
    : checks.some((c) => c.status === 'NOT_CHECKED')
      ? 'INDETERMINATE'
      : 'TOTAL_PASSED';
  const issuerName = crlIssuerName(crl);
  return {
    indication,
    validationTime: validationTime.toISOString(),
    crl: {
      issuer: issuerName ? formatName(issuerName) : toHex(crl.issuer),
      thisUpdate: crl.thisUpdate.toISOString(),
      ...(crl.nextUpdate && { nextUpdate: crl.nextUpdate.toISOString() }),
      ...(crl.crlNumber !== undefined && { crlNumber: crl.crlNumber.toString() }),
      ...(crl.deltaBaseCrlNumber !== undefined && { deltaBaseCrlNumber: crl.deltaBaseCrlNumber.toString() }),
      entries: crl.size,
      signatureAlgorithm: signatureAlgorithmName(crl.signatureAlgorithm),
    },
    issuerCertificate,
    checks,
  };
}
