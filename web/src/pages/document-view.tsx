import { Anchor, Button, Card, Grid, Group, Modal, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { ReactNode, useCallback, useState } from 'react';
import {
  client,
  DocumentAction,
  DocumentDetail,
  ok,
  Recipient,
  SignedAction,
  Statement,
  StatementAction,
  StatementRequest,
} from '../api';
import { ErrorAlert, EventList, PdfPreview, SignatureList, StatusBadge } from '../components';
import { formatAmount, formatBytes, formatDate, formatDateTime } from '../format';
import { MessageKey, useI18n } from '../i18n';
import { signWithNcaLayer } from '../ncalayer/signing';
import { useSession } from '../session';
import { sendMessage } from './send-messages';

// Where a document's routes live: /api/v1/documents/{id} in the cabinet, /api/v1/links/{token}
// for an outsider; both have the same sub-routes (content, statements, actions, evidence, card),
// each call typed by its own path in the contract.
export interface DocumentRoutes {
  // For the download links: content, evidence.zip, card.pdf.
  base: string;
  content(): Promise<Uint8Array>;
  issueStatement(request: StatementRequest): Promise<Statement>;
  act(action: DocumentAction, request: SignedAction): Promise<unknown>;
}

export function documentRoutes(id: string): DocumentRoutes {
  const path = { id };
  return {
    base: `/api/v1/documents/${encodeURIComponent(id)}`,
    content: async () =>
      new Uint8Array(await ok(client.GET('/api/v1/documents/{id}/content', { params: { path }, parseAs: 'arrayBuffer' }))),
    issueStatement: (body) => ok(client.POST('/api/v1/documents/{id}/statements', { params: { path }, body })),
    act: (action, body) =>
      ok(
        client.POST('/api/v1/documents/{id}/actions/{action}', {
          params: { path: { ...path, action } },
          body,
        }),
      ),
  };
}

export function linkRoutes(token: string): DocumentRoutes {
  const path = { token };
  return {
    base: `/api/v1/links/${encodeURIComponent(token)}`,
    content: async () =>
      new Uint8Array(await ok(client.GET('/api/v1/links/{token}/content', { params: { path }, parseAs: 'arrayBuffer' }))),
    issueStatement: (body) => ok(client.POST('/api/v1/links/{token}/statements', { params: { path }, body })),
    act: (action, body) =>
      ok(
        client.POST('/api/v1/links/{token}/actions/{action}', {
          params: { path: { ...path, action } },
          body,
        }),
      ),
  };
}
const REASON_REQUIRED: ReadonlySet<StatementAction> = new Set(['refuse', 'request_correction', 'offer_annulment']);
export const ACTION_LABELS: Record<StatementAction | 'sign', MessageKey> = {
  sign: 'doc.sign',
  receipt: 'doc.receipt',
  refuse: 'doc.refuse',
  request_correction: 'doc.requestCorrection',
  offer_annulment: 'doc.offerAnnulment',
  accept_annulment: 'doc.acceptAnnulment',
  reject_annulment: 'doc.rejectAnnulment',
};

export interface SignerFilter {
  iin?: string;
  bin?: string;
}

// Performs the signed actions of a document through NCALayer: a counter-signature is a detached
// CMS over the stored file; every other action is a CMS over the statement the server issued.
export function useDocumentActions(routes: DocumentRoutes, filter: SignerFilter, onDone: () => void) {
  const { locale } = useI18n();
  const { config } = useSession();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const ncaLayerUrl = config?.ncaLayerUrl ?? 'wss://127.0.0.1:13579';

  const run = async (name: string, work: () => Promise<void>) => {
    setError(null);
    setBusy(name);
    try {
      await work();
      onDone();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(null);
    }
  };

  // A detached CMS over the stored file, handed to `submit` (the sender's signature or a counter-signature).
  const signFile = (name: string, submit: (cms: string) => Promise<unknown>) =>
    run(name, async () => {
      const bytes = await routes.content();
      const cms = await signWithNcaLayer(ncaLayerUrl, locale, {
        bytes,
        detached: true,
        filters: { ...filter, keyUsage: 'SIGN' },
      });
      await submit(cms);
    });

  const counterSign = (recipientId?: string) =>
    signFile('sign', (cms) => routes.act('sign', { cms, ...(recipientId && { recipientId }) }));

  const statementAction = (action: StatementAction, reason: string, recipientId?: string) =>
    run(action, async () => {
      const issued = await routes.issueStatement({
        action,
        ...(reason.trim() && { reason: reason.trim() }),
        ...(recipientId && { recipientId }),
      });
      const cms = await signWithNcaLayer(ncaLayerUrl, locale, {
        base64: issued.statementBase64,
        detached: true,
        filters: { ...filter, keyUsage: 'SIGN' },
      });
      await routes.act(action, {
        cms,
        statementBase64: issued.statementBase64,
        ...(recipientId && { recipientId }),
      });
    });

  return { busy, error, setError, signFile, counterSign, statementAction, run };
}

export function ReasonModal(props: {
  action: StatementAction | null;
  busy: boolean;
  error: unknown;
  onCancel(): void;
  onConfirm(reason: string): void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const required = props.action !== null && REASON_REQUIRED.has(props.action);
  return (
    <Modal opened={props.action !== null} onClose={props.onCancel} title={props.action ? t(ACTION_LABELS[props.action]) : ''}>
      <Stack gap="sm">
        <Textarea
          label={t('doc.reason')}
          required={required}
          autosize
          minRows={3}
          maxLength={2000}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          data-testid="reason-input"
        />
        <ErrorAlert error={props.error} />
        <Group>
          <Button
            onClick={() => props.onConfirm(reason)}
            loading={props.busy}
            disabled={required && !reason.trim()}
            data-testid="reason-confirm"
          >
            {props.action ? t(ACTION_LABELS[props.action]) : ''}
          </Button>
          <Button variant="subtle" onClick={props.onCancel}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="sm" component="section">
      <Title order={2} size="h4" mb="xs">
        {title}
      </Title>
      {children}
    </Card>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th scope="row" w="40%">
        {label}
      </Table.Th>
      <Table.Td style={{ wordBreak: 'break-all' }}>{children}</Table.Td>
    </Table.Tr>
  );
}

export function RecipientsTable({ recipients, extra }: { recipients: Recipient[]; extra?: (r: Recipient) => ReactNode }) {
  const { t, tx, locale } = useI18n();
  return (
    <Stack gap={6} data-testid="recipients">
      {recipients.map((r) => (
        <Card
          key={r.id}
          withBorder
          padding="xs"
          data-recipient={r.identifier}
          data-withdrawn={r.withdrawnAt ? 'true' : undefined}
          style={r.withdrawnAt ? { opacity: 0.6 } : undefined}
        >
          <Group justify="space-between" wrap="wrap">
            <Text size="sm" fw={600}>
              {r.identifier} · {r.registered ? t('doc.registered') : t('doc.byLink')}
              {r.email ? ` · ${r.email}` : ''}
            </Text>
            {/* A replaced recipient's own status no longer matters: the line below says it was replaced. */}
            {!r.withdrawnAt && <StatusBadge status={r.status} />}
          </Group>
          <Text size="xs" c="dimmed">
            {tx(`receipt.${r.receipt}`, r.receipt)}
            {r.deliveredAt ? ` · ${formatDateTime(r.deliveredAt, locale)}` : ''}
          </Text>
          {r.withdrawnAt && (
            <Text size="sm" c="dimmed" data-testid="recipient-withdrawn">
              {sendMessage(locale, 'withdrawn', { date: formatDateTime(r.withdrawnAt, locale) })}
            </Text>
          )}
          {r.reason && (
            <Text size="sm" data-testid="recipient-reason">
              {t('doc.reasonGiven', { reason: r.reason })}
            </Text>
          )}
          {extra?.(r)}
        </Card>
      ))}
    </Stack>
  );
}

// What every participant sees of a document: details, the file (PDF preview or download), the
// signatures with their verification in words, the event history. `actions` is the side panel.
export function DocumentView({ doc, routes, actions }: { doc: DocumentDetail; routes: DocumentRoutes; actions: ReactNode }) {
  const { t, tx, locale } = useI18n();
  const loadContent = useCallback(() => routes.content(), [routes]);
  const [showPreview, setShowPreview] = useState(doc.contentType === 'application/pdf');
  return (
    <Stack gap="md">
      <Group justify="space-between" align="start" wrap="wrap">
        <Stack gap={2}>
          <Title order={1} size="h2" data-testid="document-title">
            {doc.title}
          </Title>
          <Text c="dimmed" size="sm">
            {tx(`kind.${doc.kind}`, doc.kind)}
            {doc.number ? ` № ${doc.number}` : ''}
            {doc.documentDate ? ` · ${formatDate(doc.documentDate, locale)}` : ''}
          </Text>
        </Stack>
        <span data-testid="document-status">
          <StatusBadge status={doc.status} />
        </span>
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <Section title={t('doc.metadata')}>
              <Table>
                <Table.Tbody>
                  <Field label={t('doc.sender')}>
                    {doc.sender.name} ({doc.sender.identifier})
                  </Field>
                  {doc.amountMinor && (
                    <Field label={t('upload.amount')}>{formatAmount(doc.amountMinor, doc.currency, locale)}</Field>
                  )}
                  <Field label={t('doc.file')}>
                    {doc.fileName ?? '—'} · {formatBytes(doc.size, locale)} · {doc.contentType}
                  </Field>
                  <Field label={t('doc.sha256')}>
                    <Text size="xs" ff="monospace">
                      {doc.sha256}
                    </Text>
                  </Field>
                  <Field label={t('common.created')}>{formatDateTime(doc.createdAt, locale)}</Field>
                  {doc.packageId && (
                    <Field label={t('doc.package')}>
                      <Text size="xs" ff="monospace" data-testid="document-package">
                        {t('doc.package')} · {doc.packageId}
                      </Text>
                    </Field>
                  )}
                </Table.Tbody>
              </Table>
              <Group gap="sm" mt="sm" wrap="wrap">
                <Anchor href={`${routes.base}/content`} download>
                  {t('common.download')}
                </Anchor>
                <Anchor href={`${routes.base}/evidence.zip`} download>
                  {t('doc.evidence')}
                </Anchor>
                <Anchor href={`${routes.base}/card.pdf?lang=${locale}`} target="_blank" rel="noreferrer">
                  {t('doc.card')}
                </Anchor>
              </Group>
            </Section>
            <Section title={t('doc.preview')}>
              {doc.contentType === 'application/pdf' ? (
                showPreview ? (
                  <PdfPreview load={loadContent} />
                ) : (
                  <Button variant="light" onClick={() => setShowPreview(true)}>
                    {t('doc.preview')}
                  </Button>
                )
              ) : (
                <Text size="sm">{t('doc.noPreview')}</Text>
              )}
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <Section title={t('doc.actions')}>{actions}</Section>
            <Section title={t('doc.signatures')}>
              <div data-testid="signatures">
                <SignatureList signatures={doc.signatures} />
              </div>
            </Section>
            <Section title={t('doc.history')}>
              <EventList events={doc.events} />
            </Section>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
