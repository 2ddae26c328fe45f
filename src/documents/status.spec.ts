import { DomainError } from '../common/errors/domain.error';
import { DocumentsErrorCode } from './documents.errors';
import type { ErrorCode } from '../common/errors/error-definitions';
import { AnnulmentStatus, ReceiptStatus, ResponseStatus } from './entities/document-recipient.entity';
import { DocumentAction, documentRollUp, RecipientAxes, recipientRollUp, Side, transition } from './status';

const fresh: RecipientAxes = { receipt: ReceiptStatus.None, response: ResponseStatus.Awaiting, annulment: AnnulmentStatus.None };

function codeOf(axes: RecipientAxes, action: DocumentAction, side: Side): ErrorCode | undefined {
  try {
    transition(axes, action, side);
    return undefined;
  } catch (error) {
    return (error as DomainError).code;
  }
}

describe('document status', () => {
  it('rolls a recipient up from its axes', () => {
    expect(recipientRollUp(fresh)).toBe('sent');
    expect(recipientRollUp({ ...fresh, receipt: ReceiptStatus.Delivered })).toBe('awaiting_recipient');
    expect(recipientRollUp({ ...fresh, response: ResponseStatus.Signed })).toBe('signed_by_both');
    expect(recipientRollUp({ ...fresh, response: ResponseStatus.Refused })).toBe('refused');
    expect(recipientRollUp({ ...fresh, response: ResponseStatus.CorrectionRequested })).toBe('correction_requested');
    expect(recipientRollUp({ ...fresh, response: ResponseStatus.Signed, annulment: AnnulmentStatus.OfferedBySender })).toBe(
      'annulment_offered',
    );
    expect(recipientRollUp({ ...fresh, response: ResponseStatus.Signed, annulment: AnnulmentStatus.Accepted })).toBe('annulled');
    expect(recipientRollUp({ ...fresh, response: ResponseStatus.Signed, annulment: AnnulmentStatus.Rejected })).toBe(
      'signed_by_both',
    );
  });

  it('rolls a document up: draft, signed, then what needs attention first', () => {
    expect(documentRollUp(false, [])).toBe('draft');
    expect(documentRollUp(true, [])).toBe('signed_by_sender');
    expect(documentRollUp(true, ['signed_by_both', 'refused'])).toBe('refused');
    expect(documentRollUp(true, ['signed_by_both', 'sent'])).toBe('sent');
    expect(documentRollUp(true, ['signed_by_both', 'signed_by_both'])).toBe('signed_by_both');
    expect(documentRollUp(true, ['annulled', 'annulment_offered'])).toBe('annulment_offered');
  });

  it('walks the happy path: receipt, counter-signature, annulment offered by the sender and accepted', () => {
    let axes = transition(fresh, 'receipt', 'recipient').axes;
    expect(axes.receipt).toBe(ReceiptStatus.ReceiptSigned);
    const signed = transition(axes, 'sign', 'recipient');
    expect(signed.eventType).toBe('document.signed_by_recipient');
    axes = signed.axes;
    axes = transition(axes, 'offer_annulment', 'sender').axes;
    expect(axes.annulment).toBe(AnnulmentStatus.OfferedBySender);
    const accepted = transition(axes, 'accept_annulment', 'recipient');
    expect(accepted.axes.annulment).toBe(AnnulmentStatus.Accepted);
    expect(recipientRollUp(accepted.axes)).toBe('annulled');
  });

  it('refuses illegal transitions with clear codes', () => {
    const signed = { ...fresh, response: ResponseStatus.Signed };
    const refused = { ...fresh, response: ResponseStatus.Refused };
    const annulled = { ...signed, annulment: AnnulmentStatus.Accepted };
    expect(codeOf(signed, 'sign', 'recipient')).toBe(DocumentsErrorCode.DocumentAlreadySigned);
    expect(codeOf(refused, 'sign', 'recipient')).toBe(DocumentsErrorCode.DocumentRefused);
    expect(codeOf({ ...fresh, response: ResponseStatus.CorrectionRequested }, 'refuse', 'recipient')).toBe(
      DocumentsErrorCode.DocumentCorrectionRequested,
    );
    expect(codeOf(annulled, 'receipt', 'recipient')).toBe(DocumentsErrorCode.DocumentAnnulled);
    expect(codeOf(annulled, 'offer_annulment', 'sender')).toBe(DocumentsErrorCode.DocumentAnnulled);
    expect(codeOf(fresh, 'sign', 'sender')).toBe(DocumentsErrorCode.DocumentActionNotAllowed);
    expect(codeOf({ ...fresh, receipt: ReceiptStatus.ReceiptSigned }, 'receipt', 'recipient')).toBe(
      DocumentsErrorCode.DocumentReceiptAlreadySigned,
    );
    // Only the other side answers an annulment offer, and only an open one.
    const offered = { ...signed, annulment: AnnulmentStatus.OfferedBySender };
    expect(codeOf(offered, 'accept_annulment', 'sender')).toBe(DocumentsErrorCode.DocumentAnnulmentNotOffered);
    expect(codeOf(signed, 'reject_annulment', 'recipient')).toBe(DocumentsErrorCode.DocumentAnnulmentNotOffered);
    expect(codeOf(offered, 'offer_annulment', 'recipient')).toBe(DocumentsErrorCode.DocumentAnnulmentPending);
    expect(codeOf({ ...fresh, annulment: AnnulmentStatus.OfferedByRecipient }, 'sign', 'recipient')).toBe(
      DocumentsErrorCode.DocumentAnnulmentPending,
    );
    // A rejected offer may be made again.
    expect(codeOf({ ...signed, annulment: AnnulmentStatus.Rejected }, 'offer_annulment', 'recipient')).toBeUndefined();
  });
});
