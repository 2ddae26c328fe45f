// Document status on separate axes (PRODUCT.md §3–4, peers.md §2): sender signature, recipient
// response, receipt, annulment — each changed only by an event, in that event's transaction —
// and a roll-up for lists, per recipient and for the document.
import { DomainError } from '../common/errors/domain.error';
import { AnnulmentStatus, ReceiptStatus, ResponseStatus } from './entities/document-recipient.entity';
import {
  DOCUMENT_ACTIONS,
  type AnswerEventType,
  type DocumentAction,
  type RollUpStatus,
  type Side,
} from '../contracts/document-vocabulary';
import { CommonErrorCode } from '../common/errors/common.errors';
import { DocumentsErrorCode } from './documents.errors';
import type { ErrorCode } from '../common/errors/error-definitions';

export { DOCUMENT_ACTIONS, ROLL_UP_STATUSES } from '../contracts/document-vocabulary';
export type { AnswerEventType, DocumentAction, RollUpStatus, Side } from '../contracts/document-vocabulary';

export interface RecipientAxes {
  receipt: ReceiptStatus;
  response: ResponseStatus;
  annulment: AnnulmentStatus;
}

// Annulment dominates (an annulled document is void whatever was signed), then the response,
// then whether the recipient has seen it at all.
export function recipientRollUp(axes: RecipientAxes): RollUpStatus {
  if (axes.annulment === AnnulmentStatus.Accepted) return 'annulled';
  if (axes.annulment === AnnulmentStatus.OfferedBySender || axes.annulment === AnnulmentStatus.OfferedByRecipient) {
    return 'annulment_offered';
  }
  if (axes.response === ResponseStatus.Signed) return 'signed_by_both';
  if (axes.response === ResponseStatus.Refused) return 'refused';
  if (axes.response === ResponseStatus.CorrectionRequested) return 'correction_requested';
  return axes.receipt === ReceiptStatus.None ? 'sent' : 'awaiting_recipient';
}

// For a multi-recipient document the list shows what needs attention first: an open annulment,
// a refusal, a correction request, a recipient still to answer; completed states only when all are.
const DOCUMENT_PRECEDENCE: readonly RollUpStatus[] = [
  'annulment_offered',
  'refused',
  'correction_requested',
  'awaiting_recipient',
  'sent',
  'signed_by_both',
  'annulled',
];

export function documentRollUp(senderSigned: boolean, recipients: readonly RollUpStatus[]): RollUpStatus {
  if (recipients.length === 0) return senderSigned ? 'signed_by_sender' : 'draft';
  return DOCUMENT_PRECEDENCE.find((status) => recipients.includes(status)) ?? recipients[0];
}

// Actions whose statement must carry a reason.
export const REASON_REQUIRED: ReadonlySet<DocumentAction> = new Set(['refuse', 'request_correction', 'offer_annulment']);

export interface Transition {
  axes: RecipientAxes;
  // Event type stored in document_events and sent to the organizations' feeds.
  eventType: AnswerEventType;
}

const conflict = (code: ErrorCode, axes: RecipientAxes) => new DomainError(code, { ...axes });

function requireOpenResponse(axes: RecipientAxes): void {
  if (axes.response === ResponseStatus.Signed) throw conflict(DocumentsErrorCode.DocumentAlreadySigned, axes);
  if (axes.response === ResponseStatus.Refused) throw conflict(DocumentsErrorCode.DocumentRefused, axes);
  if (axes.response === ResponseStatus.CorrectionRequested) throw conflict(DocumentsErrorCode.DocumentCorrectionRequested, axes);
}

// The one place that decides which action is legal in which state (409 with a clear code
// otherwise). Pure: the caller holds the recipient row lock while applying the result.
export function transition(current: RecipientAxes, action: DocumentAction, side: Side): Transition {
  // Only the three axes: callers pass whole recipient rows.
  const axes: RecipientAxes = { receipt: current.receipt, response: current.response, annulment: current.annulment };
  if (axes.annulment === AnnulmentStatus.Accepted) throw conflict(DocumentsErrorCode.DocumentAnnulled, axes);
  const recipientOnly = action === 'receipt' || action === 'sign' || action === 'refuse' || action === 'request_correction';
  if (recipientOnly && side !== 'recipient') throw new DomainError(DocumentsErrorCode.DocumentActionNotAllowed, { action, side });
  const pending = axes.annulment === AnnulmentStatus.OfferedBySender || axes.annulment === AnnulmentStatus.OfferedByRecipient;

  switch (action) {
    case 'receipt':
      if (axes.receipt === ReceiptStatus.ReceiptSigned) throw conflict(DocumentsErrorCode.DocumentReceiptAlreadySigned, axes);
      return { axes: { ...axes, receipt: ReceiptStatus.ReceiptSigned }, eventType: 'document.receipt_signed' };
    case 'sign':
    case 'refuse':
    case 'request_correction': {
      requireOpenResponse(axes);
      if (pending) throw conflict(DocumentsErrorCode.DocumentAnnulmentPending, axes);
      const response =
        action === 'sign'
          ? ResponseStatus.Signed
          : action === 'refuse'
            ? ResponseStatus.Refused
            : ResponseStatus.CorrectionRequested;
      const eventType =
        action === 'sign'
          ? 'document.signed_by_recipient'
          : action === 'refuse'
            ? 'document.refused'
            : 'document.correction_requested';
      // Signing or answering implies the recipient has the document.
      const receipt =
        axes.receipt === ReceiptStatus.None || axes.receipt === ReceiptStatus.Delivered ? ReceiptStatus.Opened : axes.receipt;
      return { axes: { ...axes, response, receipt }, eventType };
    }
    case 'offer_annulment':
      if (pending) throw conflict(DocumentsErrorCode.DocumentAnnulmentPending, axes);
      if (axes.response === ResponseStatus.Refused) throw conflict(DocumentsErrorCode.DocumentRefused, axes);
      return {
        axes: { ...axes, annulment: side === 'sender' ? AnnulmentStatus.OfferedBySender : AnnulmentStatus.OfferedByRecipient },
        eventType: 'document.annulment_offered',
      };
    case 'accept_annulment':
    case 'reject_annulment': {
      const offeredByOther = side === 'sender' ? AnnulmentStatus.OfferedByRecipient : AnnulmentStatus.OfferedBySender;
      if (axes.annulment !== offeredByOther) throw conflict(DocumentsErrorCode.DocumentAnnulmentNotOffered, axes);
      return action === 'accept_annulment'
        ? { axes: { ...axes, annulment: AnnulmentStatus.Accepted }, eventType: 'document.annulment_accepted' }
        : { axes: { ...axes, annulment: AnnulmentStatus.Rejected }, eventType: 'document.annulment_rejected' };
    }
  }
}

// A route's {action} parameter: one of the document actions (400 otherwise).
export function actionParam(action: string): DocumentAction {
  if (!(DOCUMENT_ACTIONS as readonly string[]).includes(action)) {
    throw new DomainError(CommonErrorCode.ValidationFailed, {
      fields: [{ field: 'action', problems: [`action must be one of ${DOCUMENT_ACTIONS.join(', ')}`] }],
    });
  }
  return action as DocumentAction;
}
