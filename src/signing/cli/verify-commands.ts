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
import { checkChain, isSignedBy } from '../verification/chain';
import { checkCrl, verifyCrlSignature } from '../verification/crl';
import { checkOcspResponse } from '../verification/ocsp';
import { DEFAULT_POLICY } from '../verification/policy';
import {
  Check,
  concludeChecks,
  failed,
  Indication,
  notChecked,
  passed,
  SubIndication,
  VerificationReport,
} from '../verification/report';
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
      ...((args.revocation || args.caRevocation) && {
        policy: {
          ...(args.revocation && { revocation: args.revocation }),
          ...(args.caRevocation && { caRevocation: args.caRevocation }),
        },
      }),
      revocationEvidence: (args.evidence ?? []).map((file) => evidenceDer(readInput(file, '--evidence'))),
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

const PEM_BLOCK = /-----BEGIN [A-Z0-9 ]+-----([\s\S]*?)-----END [A-Z0-9 ]+-----/;

// DER of an OCSP response or CRL file (DER or PEM).
function evidenceDer(bytes: Buffer): Uint8Array {
  if (bytes[0] === 0x30) return new Uint8Array(bytes);
  const pem = PEM_BLOCK.exec(bytes.toString('latin1'));
  return new Uint8Array(pem ? Buffer.from(pem[1].replace(/\s+/g, ''), 'base64') : bytes);
}

// The issuing CA of `cert` among the given certificates: same name and its key verifies the signature.
function issuerOf(cert: CertificateInfo, among: readonly CertificateInfo[]): CertificateInfo | undefined {
  return among.find(
    (candidate) => namesEqual(candidate.certificate.subject, cert.certificate.issuer) && isSignedBy(cert, candidate).ok,
  );
}

// The certificate's status from the caller's OCSP responses and CRLs (no network): the first
// authentic answer that speaks for the time, judged like the signature verifier does.
function certificateRevocation(
  cert: CertificateInfo,
  issuer: CertificateInfo | undefined,
  files: readonly string[],
  time: Date,
): Check {
  if (files.length === 0) return notChecked('REVOCATION', 'no revocation evidence given (--evidence)');
  if (!issuer) return notChecked('REVOCATION', 'the issuing CA is unknown: give it with --chain or --trust', 'TRY_LATER');
  const attempts: string[] = [];
  for (const file of files) {
    const der = evidenceDer(readInput(file, '--evidence'));
    const base = { serialNumber: cert.serialNumber, issuer, time, skewMs: 5 * 60_000 };
    const ocsp = checkOcspResponse(der, {
      ...base,
      maxAgeMs: DEFAULT_POLICY.revocationMaxAgeSeconds * 1000,
      certificateNotAfter: cert.notAfter,
    });
    let outcome: { ok: true; status: string; revocationTime?: Date; reason?: string } | { ok: false; message: string } = ocsp;
    if (!ocsp.ok && (ocsp.problem === 'MALFORMED' || ocsp.problem === 'NOT_SUCCESSFUL')) {
      try {
        const crl = CrlIndex.fromDer(Buffer.from(der));
        const signature = verifyCrlSignature(crl, issuer);
        outcome =
          signature.status === 'valid'
            ? checkCrl(crl, { ...base, certificate: cert })
            : { ok: false, message: `CRL signature: ${signature.message ?? signature.status}` };
      } catch {
        outcome = { ok: false, message: 'neither an OCSP response nor a CRL' };
      }
    }
    if (!outcome.ok) {
      attempts.push(`${file}: ${outcome.message}`);
      continue;
    }
    const evidence = {
      file,
      status: outcome.status,
      ...(outcome.revocationTime && { revocationTime: outcome.revocationTime.toISOString() }),
      ...(outcome.reason && { reason: outcome.reason }),
      ...(attempts.length && { attempts }),
    };
    if (outcome.status === 'unknown') {
      attempts.push(`${file}: the responder does not know the certificate`);
      continue;
    }
    if (outcome.status === 'revoked' && outcome.revocationTime && outcome.revocationTime <= time)
      return failed(
        'REVOCATION',
        'REVOKED',
        `revoked at ${outcome.revocationTime.toISOString()}${outcome.reason ? ` (${outcome.reason})` : ''}`,
        evidence,
      );
    return passed(
      'REVOCATION',
      outcome.status === 'revoked' ? 'not revoked at that time (revoked later)' : 'not revoked',
      evidence,
    );
  }
  return notChecked('REVOCATION', 'no usable revocation evidence', 'TRY_LATER', { attempts });
}

// Validity, path and (with --evidence) revocation; key usage is judged against a signature,
// which there is none of here.
export function runCert(args: Command<'cert'>, now = new Date()): CertificateResult {
  const cert = loadOne(args.file, 'certificate');
  const candidates = args.chain.map((file) => loadOne(file, '--chain'));
  const anchors = loadCertificates(loadAnchors(args.trust)).certificates;
  const validationTime = args.at ?? now;
  const checks = [
    checkCertificateValidity(cert, validationTime),
    checkChain(cert, { anchors, candidates, validationTime, maxLength: DEFAULT_POLICY.maxChainLength }),
    certificateRevocation(cert, issuerOf(cert, [...candidates, ...anchors]), args.evidence ?? [], validationTime),
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
