import { Alert, Button, Group, Progress, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { FormEvent, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { DOCUMENT_KINDS, DocumentKind, uploadMultipart } from '../api';
import { ErrorAlert } from '../components';
import { FileDrop } from '../file-drop';
import { formatBytes, parseAmountToMinor } from '../format';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { kindFromFileName } from './kind-guess';
import { listsMessage } from './lists-messages';

// The formats an EDO exchanges (PRODUCT.md: PDF first-class, also DOCX/XLSX/XML and images). Any
// other file may still be uploaded and signed ("upload any file"), with a note to check it.
const USUAL_FORMAT = /\.(pdf|docx|xlsx|xml|png|jpe?g)$/i;

// Upload = a draft on the server; signing and sending continue on the document's page, so a
// refresh at any step finds the document where it was (Drafts).
export function UploadPage() {
  const { t, tx, locale } = useI18n();
  const { config } = useSession();
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<DocumentKind | null>(null);
  const [kindGuessed, setKindGuessed] = useState(false);
  const [number, setNumber] = useState('');
  const [date, setDate] = useState('');
  const [amount, setAmount] = useState('');
  const [tags, setTags] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const maxBytes = config?.maxUploadBytes ?? 100 * 1024 * 1024;
  const amountMinor = amount.trim() ? parseAmountToMinor(amount) : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setError(null);
    if (!kind) {
      setError(new Error(listsMessage(locale, 'kindRequired')));
      return;
    }
    if (file.size > maxBytes) {
      setError(new Error(t('upload.tooLarge', { size: formatBytes(maxBytes, locale) })));
      return;
    }
    // Metadata fields first, the file last: the server streams the file part to storage.
    const fields = {
      title: title.trim(),
      kind,
      ...(number.trim() && { number: number.trim() }),
      ...(date && { documentDate: date }),
      ...(amountMinor && { amountMinor, currency: 'KZT' }),
      tags: tags
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      file,
    };
    setProgress(0);
    try {
      const created = await uploadMultipart('/api/v1/documents', fields, setProgress);
      navigate(`/app/document/${created.id}`);
    } catch (e) {
      setError(e);
      setProgress(null);
    }
  };

  return (
    <Stack gap="md" maw={820} component="form" onSubmit={submit}>
      <Title order={1}>{t('upload.title')}</Title>
      <FileDrop
        onFile={(first) => {
          setFile(first);
          if (!title) setTitle(first.name.replace(/\.[^.]+$/, ''));
          const guessed = kindFromFileName(first.name);
          if (guessed && (!kind || kindGuessed)) {
            setKind(guessed);
            setKindGuessed(true);
          }
        }}
        onTooLarge={() => setError(new Error(t('upload.tooLarge', { size: formatBytes(maxBytes, locale) })))}
        maxSize={maxBytes}
        testId="dropzone"
      >
        <Stack align="center" gap={4} p="lg" style={{ pointerEvents: 'none' }}>
          <Text fw={600}>{file ? `${file.name} · ${formatBytes(file.size, locale)}` : t('upload.drop')}</Text>
          <Text size="sm" c="dimmed">
            {t('upload.dropHint', { size: formatBytes(maxBytes, locale) })}
          </Text>
        </Stack>
      </FileDrop>
      {file && !USUAL_FORMAT.test(file.name) && (
        <Alert color="yellow" role="status" data-testid="unknown-type">
          {listsMessage(locale, 'unknownType')}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={t('upload.docTitle')}
          required
          maxLength={500}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
        />
        <Select
          label={t('docs.kind')}
          required
          allowDeselect={false}
          placeholder={listsMessage(locale, 'kindPlaceholder')}
          description={kind && kindGuessed ? listsMessage(locale, 'kindGuessed') : undefined}
          value={kind}
          onChange={(v) => {
            if (!v) return;
            setKind(v as DocumentKind);
            setKindGuessed(false);
          }}
          data={DOCUMENT_KINDS.map((k) => ({ value: k, label: tx(`kind.${k}`, k) }))}
          data-testid="upload-kind"
        />
        <TextInput label={t('upload.number')} maxLength={100} value={number} onChange={(e) => setNumber(e.currentTarget.value)} />
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
      {progress !== null && (
        <Stack gap={4}>
          <Progress value={progress * 100} aria-label={t('upload.progress', { percent: Math.round(progress * 100) })} />
          <Text size="sm" aria-live="polite">
            {t('upload.progress', { percent: Math.round(progress * 100) })}
          </Text>
        </Stack>
      )}
      <Group>
        <Button type="submit" disabled={!file || !title.trim() || !kind || progress !== null} data-testid="upload-submit">
          {t('upload.submit')}
        </Button>
      </Group>
    </Stack>
  );
}
