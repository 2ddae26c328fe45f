import { ActionIcon, Button, Checkbox, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { ApiError, client, ok } from '../api';
import { identifierState } from '../kz-identifier';
import { ErrorAlert } from '../components';
import { useAction } from '../use-action';
import { useI18n } from '../i18n';
import { sendMessage, SendMessageKey } from './send-messages';

export interface RecipientInput {
  identifier: string;
  email: string;
}

const EMPTY: RecipientInput = { identifier: '', email: '' };

function cleaned(rows: RecipientInput[]) {
  return rows
    .filter((r) => r.identifier.trim())
    .map((r) => ({ identifier: r.identifier.trim(), ...(r.email.trim() && { email: r.email.trim() }) }));
}

// Whom a typed BIN/IIN belongs to, asked once per identifier (GET /participants/{identifier}).
type Lookup = { status: 'pending' } | { status: 'registered'; name: string } | { status: 'unregistered' } | { status: 'failed' };

function useParticipants(identifiers: string[]): ReadonlyMap<string, Lookup> {
  const [known, setKnown] = useState<ReadonlyMap<string, Lookup>>(new Map());
  const wanted = identifiers.filter((id) => /^\d{12}$/.test(id) && !known.has(id));
  const key = wanted.join(',');
  useEffect(() => {
    if (!key) return;
    const ids = key.split(',');
    setKnown((map) => new Map([...map, ...ids.map((id) => [id, { status: 'pending' } as Lookup] as const)]));
    for (const id of ids) {
      ok(client.GET('/api/v1/participants/{identifier}', { params: { path: { identifier: id } } }))
        .then((p): Lookup => ({ status: 'registered', name: p.name }))
        .catch((e: unknown): Lookup =>
          e instanceof ApiError && e.code === 'PARTICIPANT_NOT_REGISTERED' ? { status: 'unregistered' } : { status: 'failed' },
        )
        .then((lookup) => setKnown((map) => new Map([...map, [id, lookup]])));
    }
  }, [key]);
  return known;
}

// What the form says about one row, and whether it holds the send back.
export interface RecipientCheck {
  error?: string;
  emailError?: string;
  hint?: string;
  registeredName?: string;
  blocking: boolean;
  // Valid, not registered: the document goes by an e-mailed link (asked to confirm).
  unregistered: boolean;
}

export function useRecipientChecks(rows: RecipientInput[]): RecipientCheck[] {
  const { locale } = useI18n();
  const lookups = useParticipants(rows.map((r) => r.identifier));
  return rows.map((row): RecipientCheck => {
    const m = (key: SendMessageKey, params?: Record<string, string>) => sendMessage(locale, key, params);
    const state = identifierState(row.identifier);
    if (state === 'empty') return { blocking: false, unregistered: false };
    if (state === 'incomplete') return { hint: m('incomplete'), blocking: true, unregistered: false };
    const lookup = lookups.get(row.identifier) ?? { status: 'pending' };
    // A registered participant is taken as its certificate names it (NCA's test keys carry
    // identifiers whose check digit is wrong); any other identifier must carry its check digit.
    if (lookup.status === 'registered') {
      return { hint: m('registeredAs', { name: lookup.name }), registeredName: lookup.name, blocking: false, unregistered: false };
    }
    if (state === 'checksum') return { error: m('checksum'), blocking: true, unregistered: false };
    if (lookup.status === 'pending') return { hint: m('checking'), blocking: true, unregistered: false };
    // Not registered (or the lookup failed: the server decides then): a link by e-mail.
    if (!row.email.trim()) return { hint: m('notRegistered'), emailError: m('emailNeeded'), blocking: true, unregistered: true };
    return { hint: m('notRegistered'), blocking: false, unregistered: true };
  });
}

export function RecipientsEditor({
  rows,
  onChange,
  checks,
  single = false,
}: {
  rows: RecipientInput[];
  onChange(rows: RecipientInput[]): void;
  checks: RecipientCheck[];
  // One recipient only (replacing one): no adding or removing rows.
  single?: boolean;
}) {
  const { t } = useI18n();
  const update = (index: number, patch: Partial<RecipientInput>) =>
    onChange(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  return (
    <Stack gap="xs">
      {rows.map((row, index) => {
        const check = checks[index] ?? { blocking: false, unregistered: false };
        return (
          <Stack key={index} gap={2}>
            <Group align="end" gap="xs" wrap="wrap">
              <TextInput
                label={t('doc.recipientId')}
                inputMode="numeric"
                maxLength={12}
                w={180}
                required={index === 0}
                value={row.identifier}
                error={Boolean(check.error)}
                onChange={(e) => update(index, { identifier: e.currentTarget.value.replace(/\D/g, '') })}
                data-testid={`recipient-identifier-${index}`}
              />
              <TextInput
                label={t('doc.recipientEmail')}
                type="email"
                w={260}
                required={check.unregistered}
                value={row.email}
                onChange={(e) => update(index, { email: e.currentTarget.value })}
                data-testid={`recipient-email-${index}`}
              />
              {!single && rows.length > 1 && (
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={t('common.delete')}
                  onClick={() => onChange(rows.filter((_, i) => i !== index))}
                  mb={4}
                >
                  ×
                </ActionIcon>
              )}
            </Group>
            {check.error && (
              <Text size="sm" c="red" role="alert" data-testid={`recipient-error-${index}`}>
                {check.error}
              </Text>
            )}
            {check.hint && (
              <Text size="sm" c={check.registeredName ? 'teal' : 'dimmed'} data-testid={`recipient-hint-${index}`}>
                {check.hint}
              </Text>
            )}
            {check.emailError && row.identifier.length === 12 && (
              <Text size="sm" c="orange" data-testid={`recipient-email-hint-${index}`}>
                {check.emailError}
              </Text>
            )}
          </Stack>
        );
      })}
      {!single && (
        <Group>
          <Button variant="subtle" size="xs" onClick={() => onChange([...rows, { ...EMPTY }])}>
            + {t('doc.addRecipient')}
          </Button>
        </Group>
      )}
      <Text size="xs" c="dimmed">
        {t('doc.emailHint')}
      </Text>
    </Stack>
  );
}

// "ИИН/БИН … не зарегистрирован в сервисе; документ уйдёт по ссылке на e-mail … Отправить?"
function ConfirmUnregistered(props: { rows: RecipientInput[]; checks: RecipientCheck[]; opened: boolean; onClose(): void; onConfirm(): void }) {
  const { t, locale } = useI18n();
  const outsiders = props.rows.filter((row, i) => props.checks[i]?.unregistered && row.identifier);
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={sendMessage(locale, 'confirmTitle')} data-testid="confirm-unregistered">
      <Stack gap="sm" data-testid="confirm-unregistered-body">
        {outsiders.map((row) => (
          <Text key={row.identifier} size="sm">
            {sendMessage(locale, 'confirmOne', { identifier: row.identifier, email: row.email.trim() })}
          </Text>
        ))}
        <Text size="sm" fw={600}>
          {sendMessage(locale, 'confirmQuestion')}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={props.onConfirm} data-testid="confirm-send">
            {sendMessage(locale, 'confirmSend')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

// The send button of a recipients form: asks first when a recipient is not registered.
function useConfirmedSend(rows: RecipientInput[], checks: RecipientCheck[], send: () => void) {
  const [confirming, setConfirming] = useState(false);
  const blocked = cleaned(rows).length === 0 || checks.some((c) => c.blocking);
  const request = () => (checks.some((c) => c.unregistered) ? setConfirming(true) : send());
  const modal = (
    <ConfirmUnregistered
      rows={rows}
      checks={checks}
      opened={confirming}
      onClose={() => setConfirming(false)}
      onConfirm={() => {
        setConfirming(false);
        send();
      }}
    />
  );
  return { blocked, request, modal };
}

export function SendForm({ documentId, onSent, title }: { documentId: string; onSent(): void; title?: string }) {
  const { t } = useI18n();
  const [rows, setRows] = useState<RecipientInput[]>([{ ...EMPTY }]);
  const checks = useRecipientChecks(rows);
  const { busy, error, run } = useAction();
  const send = () =>
    void run(() =>
      ok(
        client.POST('/api/v1/documents/{id}/send', {
          params: { path: { id: documentId } },
          body: { recipients: cleaned(rows) },
        }),
      ).then(onSent),
    );
  const confirmed = useConfirmedSend(rows, checks, send);
  return (
    <Stack gap="sm" data-testid="send-form">
      <Text fw={600}>{title ?? t('doc.sendTitle')}</Text>
      <RecipientsEditor rows={rows} onChange={setRows} checks={checks} />
      <ErrorAlert error={error} />
      <Group>
        <Button onClick={confirmed.request} loading={busy} disabled={confirmed.blocked} data-testid="send-document">
          {t('doc.send')}
        </Button>
      </Group>
      {confirmed.modal}
    </Stack>
  );
}

// Replaces a recipient that has not answered (a mistyped BIN/IIN): the same signed document goes
// to the corrected one, nothing is signed again.
export function ReplaceRecipientModal(props: {
  documentId: string;
  recipient: { id: string; identifier: string } | null;
  onClose(): void;
  onReplaced(): void;
}) {
  const { t, locale } = useI18n();
  const [rows, setRows] = useState<RecipientInput[]>([{ ...EMPTY }]);
  const checks = useRecipientChecks(rows);
  const { busy, error, run } = useAction();
  const recipient = props.recipient;
  const replace = () =>
    void run(async () => {
      if (!recipient) return;
      const [wanted] = cleaned(rows);
      await ok(
        client.POST('/api/v1/documents/{id}/recipients/{recipientId}/replace', {
          params: { path: { id: props.documentId, recipientId: recipient.id } },
          body: wanted,
        }),
      );
      setRows([{ ...EMPTY }]);
      props.onReplaced();
    });
  const confirmed = useConfirmedSend(rows, checks, replace);
  return (
    <Modal
      opened={recipient !== null}
      onClose={props.onClose}
      title={sendMessage(locale, 'replaceTitle', { identifier: recipient?.identifier ?? '' })}
      size="lg"
    >
      <Stack gap="sm" data-testid="replace-form">
        <Text size="sm">{sendMessage(locale, 'replaceHelp')}</Text>
        <RecipientsEditor rows={rows} onChange={setRows} checks={checks} single />
        <ErrorAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={confirmed.request} loading={busy} disabled={confirmed.blocked} data-testid="replace-submit">
            {sendMessage(locale, 'replaceSubmit')}
          </Button>
        </Group>
      </Stack>
      {confirmed.modal}
    </Modal>
  );
}

export function SendPackageModal(props: { opened: boolean; documentIds: string[]; onClose(): void; onSent(): void }) {
  const { t } = useI18n();
  const [rows, setRows] = useState<RecipientInput[]>([{ ...EMPTY }]);
  const [title, setTitle] = useState('');
  const [allOrNothing, setAllOrNothing] = useState(true);
  const checks = useRecipientChecks(rows);
  const { busy, error, run } = useAction();
  const send = () =>
    void run(() =>
      ok(
        client.POST('/api/v1/packages', {
          body: {
            documentIds: props.documentIds,
            allOrNothing,
            ...(title.trim() && { title: title.trim() }),
            recipients: cleaned(rows),
          },
        }),
      ).then(props.onSent),
    );
  const confirmed = useConfirmedSend(rows, checks, send);
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t('docs.sendPackage')} size="lg">
      <Stack gap="sm">
        <TextInput label={t('docs.packageTitle')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
        <Checkbox
          label={t('docs.allOrNothing')}
          checked={allOrNothing}
          onChange={(e) => setAllOrNothing(e.currentTarget.checked)}
        />
        <RecipientsEditor rows={rows} onChange={setRows} checks={checks} />
        <ErrorAlert error={error} />
        <Button onClick={confirmed.request} loading={busy} disabled={confirmed.blocked}>
          {t('doc.send')}
        </Button>
      </Stack>
      {confirmed.modal}
    </Modal>
  );
}
