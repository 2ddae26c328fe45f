// Schema building blocks of the document flow's answers (documents.api.ts, document-requests.api.ts,
// document-evidence.api.ts).
import type { ApiPropertyOptions } from '@nestjs/swagger';
import { REVOCATION_OUTCOMES } from './evidence/signer-summary';
import { ROLL_UP_STATUSES, type Side } from './status';

export const SIDES: readonly Side[] = ['sender', 'recipient'];
export const DOCUMENT_STATUS = { enum: ROLL_UP_STATUSES } as const;

// A stored signature's revocation outcome, as the document's answers and its public evidence give it.
export const REVOCATION_OUTCOME_PROPERTY: ApiPropertyOptions = {
  enum: REVOCATION_OUTCOMES,
  description:
    "The status of the report's revocation check of the signer certificate: PASSED (not revoked), FAILED (revoked), " +
    "WARNING (the signer's status established, a CA's not, accepted by policy), NOT_CHECKED (not established: the " +
    'indication is then never TOTAL_PASSED).',
};
