import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useParams } from 'react-router-dom';
import { ApiError, client, LinkedDocument, ok, StatementAction } from '../api';
import { ErrorAlert, Loading } from '../components';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { ACTION_LABELS, DocumentView, linkRoutes, ReasonModal, RecipientsTable, useDocumentActions } from './document-view';

// The page an unregistered recipient opens from the e-mail: no account, the token is the key.
export function LinkPage() {
  const { token } = useParams();
  const { t, locale } = useI18n();
  const [doc, setDoc] = useState<LinkedDocument | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [pending, setPending] = useState<StatementAction | null>(null);
  const [done, setDone] = useState<'signed' | 'refused' | null>(null);
  const routes = useMemo(() => linkRoutes(token ?? ''), [token]);

  const load = useCallback(
    async () => setDoc(await ok(client.GET('/api/v1/links/{token}', { params: { path: { token: token ?? '' } } }))),
    [token],
  );
  useEffect(() => {
    load().catch(setLoadError);
  }, [load]);

  // Which key may sign is decided by the server (the addressed BIN/IIN); NCALayer shows every key.
  const actions = useDocumentActions(routes, {}, () => {
    setPending(null);
    void load().catch(setLoadError);
  });

  if (loadError) {
    const code = loadError instanceof ApiError ? loadError.code : '';
    const message =
      code === 'LINK_EXPIRED'
        ? t('link.expired')
        : code === 'LINK_REVOKED'
          ? t('link.revoked')
          : code === 'LINK_NOT_FOUND'
            ? t('link.notFound')
            : null;
    return (
      <Stack mt="xl" maw={640}>
        <Title order={1}>{t('link.title')}</Title>
        {message ? (
          <Alert color="red" role="alert" data-testid="link-problem" data-error-code={code}>
            {message}
          </Alert>
        ) : (
          <ErrorAlert error={loadError} />
        )}
      </Stack>
    );
  }
  if (!doc) return <Loading />;

  const mine = doc.recipients[0];
  const wrongCompany = actions.error instanceof ApiError && actions.error.code === 'SIGNATURE_WRONG_ORGANIZATION';
  const buttons: StatementAction[] = [];
  const canSign = mine.response === 'awaiting' && mine.annulment !== 'accepted' && mine.annulment !== 'offered_by_sender';
  if (canSign) buttons.push('refuse', 'request_correction');
  if (mine.annulment === 'offered_by_sender') buttons.push('accept_annulment', 'reject_annulment');

  const panel = (
    <Stack gap="sm">
      <RecipientsTable recipients={doc.recipients} />
      <Group gap={6} wrap="wrap" data-testid="link-actions">
        {canSign && (
          <Button
            loading={actions.busy === 'sign'}
            onClick={async () => {
              setDone(null);
              if (await actions.counterSign()) setDone('signed');
            }}
            data-action="sign"
          >
            {t('doc.sign')}
          </Button>
        )}
        {buttons.map((action) => (
          <Button
            key={action}
            variant={action === 'refuse' ? 'outline' : 'light'}
            color={action === 'refuse' || action === 'reject_annulment' ? 'red' : undefined}
            onClick={() => setPending(action)}
            data-action={action}
          >
            {t(ACTION_LABELS[action])}
          </Button>
        ))}
      </Group>
      {actions.busy && <Text size="sm">{t('ncalayer.signing')}</Text>}
      {done === 'signed' && (
        <Alert color="green" role="status" data-testid="link-done">
          {t('link.signed')}
        </Alert>
      )}
      {done === 'refused' && (
        <Alert color="green" role="status" data-testid="link-done">
          {t('link.refused')}
        </Alert>
      )}
      {!pending &&
        (wrongCompany ? (
          <Alert color="red" role="alert" data-testid="link-wrong-company">
            {t('link.wrongCompany', { identifier: mine.identifier })}
          </Alert>
        ) : (
          <ErrorAlert error={actions.error} />
        ))}
    </Stack>
  );

  return (
    <Stack gap="md" mt="md">
      <Alert color="blue" title={t('link.title')}>
        <Text size="sm">{t('link.intro', { identifier: mine.identifier })}</Text>
        {doc.link && (
          <Text size="sm" mt={4}>
            {t('link.expires', { date: formatDateTime(doc.link.expiresAt, locale) })}
          </Text>
        )}
      </Alert>
      <DocumentView doc={doc} routes={routes} actions={panel} />
      <ReasonModal
        action={pending}
        busy={actions.busy !== null}
        error={pending ? actions.error : null}
        onCancel={() => {
          setPending(null);
          actions.setError(null);
        }}
        onConfirm={async (reason) => {
          if (!pending) return;
          const action = pending;
          if (await actions.statementAction(action, reason)) setDone(action === 'refuse' ? 'refused' : null);
        }}
      />
    </Stack>
  );
}
