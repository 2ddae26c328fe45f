import { Button, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { FormEvent, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { client, DOCUMENT_KINDS, DocumentKind, ok, Schemas } from '../api';
import { ErrorAlert } from '../components';
import { parseAmountToMinor } from '../format';
import { useI18n } from '../i18n';
import { listsMessage } from './lists-messages';

type Draft = Schemas['DocumentResponse'];

// Tiyn as the amount field shows it: "1500,50" (the field accepts a comma or a point).
function minorToInput(minor: string | null): string {
  if (!minor) return '';
  const padded = minor.padStart(3, '0');
  const fraction = padded.slice(-2);
  const whole = padded.slice(0, -2);
  return fraction === '00' ? whole : `${whole},${fraction}`;
}

// Edit the metadata of a draft nobody has signed, or delete it (the server refuses both once it
// is signed, sent or in a package; the buttons are offered only before that).
export function DraftActions({ doc, onChanged }: { doc: Draft; onChanged: () => void }) {
  const { t, tx, locale } = useI18n();
  const m = (key: Parameters<typeof listsMessage>[1], params?: Record<string, string>) => listsMessage(locale, key, params);
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [title, setTitle] = useState(doc.title);
  const [kind, setKind] = useState<DocumentKind>(doc.kind);
  const [number, setNumber] = useState(doc.number ?? '');
  const [date, setDate] = useState(doc.documentDate ?? '');
  const [amount, setAmount] = useState(minorToInput(doc.amountMinor));
  const [tags, setTags] = useState(doc.tags.join(', '));
  const amountMinor = amount.trim() ? parseAmountToMinor(amount) : null;
  const path = { id: doc.id };

  const open = () => {
    setTitle(doc.title);
    setKind(doc.kind);
    setNumber(doc.number ?? '');
    setDate(doc.documentDate ?? '');
    setAmount(minorToInput(doc.amountMinor));
    setTags(doc.tags.join(', '));
    setError(null);
    setEditing(true);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await ok(
        client.PATCH('/api/v1/documents/{id}', {
          params: { path },
          body: {
            title: title.trim(),
            kind,
            number: number.trim() || null,
            documentDate: date || null,
            amountMinor,
            tags: tags
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
          },
        }),
      );
      setEditing(false);
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await ok(client.DELETE('/api/v1/documents/{id}', { params: { path } }));
      setDeleting(false);
      navigate('/app/documents/drafts', { state: { notice: m('deleted') } });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="xs" data-testid="draft-actions">
      <Text size="sm" c="dimmed">
        {m('draftHint')}
      </Text>
      <Group gap="xs">
        <Button variant="light" onClick={open} data-testid="draft-edit">
          {m('editDraft')}
        </Button>
        <Button
          variant="subtle"
          color="red"
          onClick={() => {
            setError(null);
            setDeleting(true);
          }}
          data-testid="draft-delete"
        >
          {m('deleteDraft')}
        </Button>
      </Group>
      {!editing && !deleting && <ErrorAlert error={error} />}
      <Modal opened={editing} onClose={() => setEditing(false)} title={m('editTitle')} size="lg">
        <form onSubmit={save} aria-label={m('editTitle')}>
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('upload.docTitle')}
                required
                maxLength={500}
                value={title}
                onChange={(e) => setTitle(e.currentTarget.value)}
                data-testid="draft-title"
              />
              <Select
                label={t('docs.kind')}
                required
                allowDeselect={false}
                value={kind}
                onChange={(v) => v && setKind(v as DocumentKind)}
                data={DOCUMENT_KINDS.map((k) => ({ value: k, label: tx(`kind.${k}`, k) }))}
              />
              <TextInput
                label={t('upload.number')}
                maxLength={100}
                value={number}
                onChange={(e) => setNumber(e.currentTarget.value)}
              />
              <TextInput label={t('upload.date')} type="date" value={date} onChange={(e) => setDate(e.currentTarget.value)} />
              <TextInput
                label={t('upload.amount')}
                inputMode="decimal"
                value={amount}
                onChange={(e) => setAmount(e.currentTarget.value)}
                error={amount.trim() && !amountMinor ? '0,00' : undefined}
              />
              <TextInput label={t('upload.tags')} value={tags} onChange={(e) => setTags(e.currentTarget.value)} />
            </SimpleGrid>
            <ErrorAlert error={error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setEditing(false)}>
                {t('common.cancel')}
              </Button>
              <Button
                type="submit"
                loading={busy}
                disabled={!title.trim() || (amount.trim() !== '' && !amountMinor)}
                data-testid="draft-save"
              >
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <Modal opened={deleting} onClose={() => setDeleting(false)} title={m('deleteDraft')}>
        <Stack gap="sm">
          <Text size="sm">{m('deleteConfirm', { title: doc.title })}</Text>
          <ErrorAlert error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(false)}>
              {t('common.cancel')}
            </Button>
            <Button color="red" loading={busy} onClick={() => void remove()} data-testid="draft-delete-confirm">
              {t('common.delete')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
