// The work one verifyCms call may do. Hostile input is cheap to make and expensive to check: a
// CMS with 8 signers × 4 self-made time-stamp tokens, keys with huge RSA exponents and 40 CA
// certificates of the same name cost 25 s of CPU before these limits. Every signature operation
// (signer and token signatures, each candidate issuer→subject link of a path, OCSP and CRL
// signatures) and every candidate issuer tried while building a path is counted; past a limit,
// the operation is not done and its check says why (INDETERMINATE, never an exception). A link
// that failed once is not verified again within the same call (40 same-name CAs are tried once
// per subject, not once per token).
//
// The budget travels with the call through AsyncLocalStorage, so the revocation and time-stamp
// code needs no extra parameter; outside verifyCms (CLI tools, tests of one function) nothing is
// counted.

import { AsyncLocalStorage } from 'node:async_hooks';

export interface BudgetLimits {
  // Signature verifications (RSA, ECDSA, GOST) per verification call. A normal CAdES-T signature
  // with chain, time-stamp and OCSP takes about 8; a verified link is cached across calls.
  readonly signatureOperations: number;
  // Candidate issuers examined by path building per verification call.
  readonly pathAttempts: number;
  // Signature time-stamp tokens verified per call, all signers together (each signer may carry
  // at most 4, timestamp.ts).
  readonly timestampTokens: number;
}

export const DEFAULT_BUDGET: BudgetLimits = Object.freeze({ signatureOperations: 128, pathAttempts: 256, timestampTokens: 16 });

export class VerificationBudget {
  signatureOperations = 0;
  pathAttempts = 0;
  // issuer sha256 + ':' + subject sha256 → why the link failed.
  readonly failedLinks = new Map<string, string>();

  constructor(readonly limits: BudgetLimits = DEFAULT_BUDGET) {}

  // undefined when the operation may go ahead, else the reason it may not.
  spendSignature(): string | undefined {
    if (this.signatureOperations >= this.limits.signatureOperations)
      return `verification budget exhausted: more than ${this.limits.signatureOperations} signature operations in one request`;
    this.signatureOperations++;
    return undefined;
  }

  timestampTokens = 0;

  spendTimestampToken(): string | undefined {
    if (this.timestampTokens >= this.limits.timestampTokens)
      return `verification budget exhausted: more than ${this.limits.timestampTokens} time-stamp tokens in one request`;
    this.timestampTokens++;
    return undefined;
  }

  spendPathAttempt(): string | undefined {
    if (this.pathAttempts >= this.limits.pathAttempts)
      return `verification budget exhausted: more than ${this.limits.pathAttempts} candidate issuers tried in one request`;
    this.pathAttempts++;
    return undefined;
  }
}

const storage = new AsyncLocalStorage<VerificationBudget>();

export function currentBudget(): VerificationBudget | undefined {
  return storage.getStore();
}

export function withBudget<T>(budget: VerificationBudget, run: () => Promise<T>): Promise<T> {
  return storage.run(budget, run);
}

export function budgetLimits(value: Partial<BudgetLimits> | undefined): BudgetLimits {
  const positive = (n: unknown, fallback: number) =>
    typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.floor(n) : fallback;
  return {
    signatureOperations: positive(value?.signatureOperations, DEFAULT_BUDGET.signatureOperations),
    pathAttempts: positive(value?.pathAttempts, DEFAULT_BUDGET.pathAttempts),
    timestampTokens: positive(value?.timestampTokens, DEFAULT_BUDGET.timestampTokens),
  };
}
