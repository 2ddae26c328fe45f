import { ActionIcon, Button, Checkbox, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { client, ok } from '../api';
import { ErrorAlert } from '../components';
import { useAction } from '../use-action';
import { useI18n } from '../i18n';

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

export function RecipientsEditor({ rows, onChange }: { rows: RecipientInput[]; onChange(rows: RecipientInput[]): void }) {
  const { t } = useI18n();
  const update = (index: number, patch: Partial<RecipientInput>) =>
    onChange(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  return (
    <Stack gap="xs">
      {rows.map((row, index) => (
        <Group key={index} align="end" gap="xs" wrap="wrap">
          <TextInput
            label={t('doc.recipientId')}
            inputMode="numeric"
            maxLength={12}
            w={180}
            required={index === 0}
            value={row.identifier}
            onChange={(e) => update(index, { identifier: e.currentTarget.value.replace(/\D/g, '') })}
            data-testid={`recipient-identifier-${index}`}
          />
          <TextInput
            label={t('doc.recipientEmail')}
            type="email"
            w={260}
            value={row.email}
            onChange={(e) => update(index, { email: e.currentTarget.value })}
            data-testid={`recipient-email-${index}`}
          />
          {rows.length > 1 && (
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
      ))}
      <Group>
        <Button variant="subtle" size="xs" onClick={() => onChange([...rows, { ...EMPTY }])}>
          + {t('doc.addRecipient')}
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        {t('doc.emailHint')}
      </Text>
    </Stack>
  );
}

export function SendForm({ documentId, onSent }: { documentId: string; onSent(): void }) {
  const { t } = useI18n();
  const [rows, setRows] = useState<RecipientInput[]>([{ ...EMPTY }]);
  const { busy, error, run } = useAction();
  const send = () =>
    run(() =>
      ok(
        client.POST('/api/v1/documents/{id}/send', {
          params: { path: { id: documentId } },
          body: { recipients: cleaned(rows) },
        }),
      ).then(onSent),
    );
  return (
    <Stack gap="sm" data-testid="send-form">
      <Text fw={600}>{t('doc.sendTitle')}</Text>
      <RecipientsEditor rows={rows} onChange={setRows} />
      <ErrorAlert error={error} />
      <Group>
        <Button onClick={send} loading={busy} disabled={cleaned(rows).length === 0} data-testid="send-document">
          {t('doc.send')}
        </Button>
      </Group>
    </Stack>
  );
}

export function SendPackageModal(props: { opened: boolean; documentIds: string[]; onClose(): void; onSent(): void }) {
  const { t } = useI18n();
  const [rows, setRows] = useState<RecipientInput[]>([{ ...EMPTY }]);
  const [title, setTitle] = useState('');
  const [allOrNothing, setAllOrNothing] = useState(true);
  const { busy, error, run } = useAction();
  const send = () =>
    run(() =>
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
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t('docs.sendPackage')} size="lg">
      <Stack gap="sm">
        <TextInput label={t('docs.packageTitle')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
        <Checkbox
          label={t('docs.allOrNothing')}
          checked={allOrNothing}
          onChange={(e) => setAllOrNothing(e.currentTarget.checked)}
        />
        <RecipientsEditor rows={rows} onChange={setRows} />
        <ErrorAlert error={error} />
        <Button onClick={send} loading={busy} disabled={cleaned(rows).length === 0}>
          {t('doc.send')}
        </Button>
      </Stack>
    </Modal>
  );
}
