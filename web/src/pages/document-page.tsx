import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useOutletContext, useParams } from 'react-router-dom';
import { client, DocumentDetail, ok, Recipient, StatementAction } from '../api';
import { ErrorAlert, Loading } from '../components';
import { useI18n } from '../i18n';
import { signerFilterFor } from '../ncalayer/signing';
import { useSession } from '../session';
import { ACTION_LABELS, documentRoutes, DocumentView, ReasonModal, RecipientsTable, useDocumentActions } from './document-view';
import { DraftActions } from './draft-actions';
import { ReplaceRecipientModal, SendForm } from './send-form';
import { sendMessage } from './send-messages';

const ANNULMENT_OPEN = new Set(['offered_by_sender', 'offered_by_recipient']);

export function DocumentPage() {
  const { id } = useParams();
  const { t, locale } = useI18n();
  const { organization, can } = useSession();
  const outlet = useOutletContext<{ reloadCounters?: () => void } | undefined>();
  const [doc, setDoc] = useState<DocumentDetail | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [pending, setPending] = useState<{ action: StatementAction; recipientId?: string } | null>(null);
  const [replacing, setReplacing] = useState<{ id: string; identifier: string } | null>(null);
  const routes = useMemo(() => documentRoutes(id ?? ''), [id]);

  const reloadCounters = outlet?.reloadCounters;
  const load = useCallback(async () => {
    setDoc(await ok(client.GET('/api/v1/documents/{id}', { params: { path: { id: id ?? '' }, query: { include: 'reports' } } })));
    reloadCounters?.();
  }, [id, reloadCounters]);
  useEffect(() => {
    setDoc(null);
    load().catch(setLoadError);
  }, [load]);

  const filter = organization ? signerFilterFor(organization.identifier, organization.kind) : {};
  const actions = useDocumentActions(routes, filter, () => {
    setPending(null);
    void load().catch(setLoadError);
  });

  if (loadError) return <ErrorAlert error={loadError} />;
  if (!doc) return <Loading />;

  const canSign = can('signing', 'write');
  const canWrite = can('documents', 'write');

  const signAsSender = () =>
    actions.signFile('sender-sign', (cms) =>
      ok(client.POST('/api/v1/documents/{id}/signatures', { params: { path: { id: doc.id } }, body: { cms } })),
    );

  const actionButton = (action: StatementAction | 'sign', recipientId?: string) => (
    <Button
      key={`${action}-${recipientId ?? ''}`}
      size="xs"
      variant={action === 'sign' ? 'filled' : action === 'refuse' ? 'outline' : 'light'}
      color={action === 'refuse' || action === 'reject_annulment' ? 'red' : undefined}
      loading={actions.busy === action}
      disabled={!canSign}
      data-action={action}
      onClick={() => (action === 'sign' ? actions.counterSign() : setPending({ action, recipientId }))}
    >
      {t(ACTION_LABELS[action])}
    </Button>
  );

  const senderControls = (r: Recipient) => {
    // A replaced recipient no longer takes part: nothing to do with it (RecipientsTable says so).
    if (r.withdrawnAt) return null;
    const buttons = [];
    if (r.annulment === 'offered_by_recipient')
      buttons.push(actionButton('accept_annulment', r.id), actionButton('reject_annulment', r.id));
    else if (!ANNULMENT_OPEN.has(r.annulment) && r.annulment !== 'accepted') buttons.push(actionButton('offer_annulment', r.id));
    // Once the recipient signed, refused or asked for a correction its link is how it reads what
    // it answered (the API refuses to revoke it): no revoking, no replacing.
    const unanswered = r.response === 'awaiting' && r.annulment === 'none';
    const linkRevoked = doc.events.some((e) => e.type === 'document.link_revoked' && e.recipientId === r.id);
    if (!r.registered && linkRevoked)
      buttons.push(
        <Text key={`revoked-${r.id}`} size="sm">
          {t('doc.linkRevoked')}
        </Text>,
      );
    else if (!r.registered && canWrite && unanswered)
      buttons.push(
        <Button
          key={`revoke-${r.id}`}
          size="xs"
          variant="subtle"
          color="red"
          data-testid="revoke-link"
          onClick={() =>
            actions.run('revoke', async () => {
              await ok(
                client.POST('/api/v1/documents/{id}/recipients/{recipientId}/link/revoke', {
                  params: { path: { id: doc.id, recipientId: r.id } },
                }),
              );
            })
          }
        >
          {t('doc.revokeLink')}
        </Button>,
      );
    if (canWrite && unanswered && !doc.packageId)
      buttons.push(
        <Button
          key={`replace-${r.id}`}
          size="xs"
          variant="light"
          data-testid="replace-recipient"
          onClick={() => setReplacing({ id: r.id, identifier: r.identifier })}
        >
          {sendMessage(locale, 'replace')}
        </Button>,
      );
    return buttons.length ? (
      <Group gap={6} mt={6} wrap="wrap">
        {buttons}
      </Group>
    ) : null;
  };

  let panel;
  if (doc.side === 'sender') {
    panel = (
      <Stack gap="sm">
        {!doc.senderSignedAt && (
          <Button
            onClick={signAsSender}
            loading={actions.busy === 'sender-sign'}
            disabled={!canSign}
            data-testid="sign-as-sender"
          >
            {t('doc.signAsSender')}
          </Button>
        )}
        {!doc.senderSignedAt && !doc.sentAt && !doc.packageId && canWrite && 'events' in doc && (
          <DraftActions doc={doc} onChanged={() => void load().catch(setLoadError)} />
        )}
        {doc.senderSignedAt && doc.recipients.length === 0 && canWrite && (
          <SendForm documentId={doc.id} onSent={() => void load()} />
        )}
        {doc.recipients.length > 0 && (
          <>
            <Text fw={600}>{t('doc.recipients')}</Text>
            <RecipientsTable recipients={doc.recipients} extra={senderControls} />
            <ReplaceRecipientModal
              documentId={doc.id}
              recipient={replacing}
              onClose={() => setReplacing(null)}
              onReplaced={() => {
                setReplacing(null);
                void load().catch(setLoadError);
              }}
            />
            {/* The same signed document to one more recipient: nothing is signed again. */}
            {canWrite && !doc.packageId && (
              <SendForm documentId={doc.id} onSent={() => void load()} title={sendMessage(locale, 'sendMore')} />
            )}
          </>
        )}
      </Stack>
    );
  } else {
    const mine = doc.recipients[0];
    const buttons = [];
    if (mine.annulment === 'accepted') {
      // nothing to do on an annulled document
    } else if (mine.annulment === 'offered_by_sender') {
      buttons.push(actionButton('accept_annulment'), actionButton('reject_annulment'));
    } else {
      if (mine.response === 'awaiting')
        buttons.push(actionButton('sign'), actionButton('refuse'), actionButton('request_correction'));
      if (mine.receipt !== 'receipt_signed') buttons.push(actionButton('receipt'));
      if (mine.annulment !== 'offered_by_recipient') buttons.push(actionButton('offer_annulment'));
    }
    panel = (
      <Stack gap="sm">
        <RecipientsTable recipients={doc.recipients} />
        <Group gap={6} wrap="wrap" data-testid="recipient-actions">
          {buttons}
        </Group>
        {actions.busy && <Text size="sm">{t('ncalayer.signing')}</Text>}
      </Stack>
    );
  }

  return (
    <>
      <DocumentView
        doc={doc}
        routes={routes}
        actions={
          <Stack gap="sm">
            {panel}
            {!pending && <ErrorAlert error={actions.error} />}
            {doc.status === 'signed_by_both' && (
              <Alert color="green" role="status">
                {t('status.signed_by_both')}
              </Alert>
            )}
          </Stack>
        }
      />
      <ReasonModal
        action={pending?.action ?? null}
        busy={actions.busy !== null}
        error={pending ? actions.error : null}
        onCancel={() => {
          setPending(null);
          actions.setError(null);
        }}
        onConfirm={(reason) => pending && void actions.statementAction(pending.action, reason, pending.recipientId)}
      />
    </>
  );
}
