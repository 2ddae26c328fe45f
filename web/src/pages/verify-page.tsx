import { Alert, Button, Card, FileInput, Group, Stack, Text, Title } from '@mantine/core';
import { FormEvent, useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { ApiError, client, multipart, ok, PublicDocumentSummary, Report } from '../api';
import { ErrorAlert, IndicationBadge, Loading, ReportView } from '../components';
import { useI18n } from '../i18n';
import { useAction } from '../use-action';
import { useServerWords } from '../words';

// Anyone can check a signature: the CMS (and the document for a detached one) go to the public
// verification endpoint as multipart; the report comes back in ETSI terms and is shown in words.
export function VerifyPage() {
  const { t } = useI18n();
  const [cms, setCms] = useState<File | null>(null);
  const [data, setData] = useState<File | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const { busy, error, run } = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!cms) return;
    setReport(null);
    return run(async () => {
      const body = multipart('/api/v1/verify', { cms, ...(data && { data }) });
      setReport(await ok(client.POST('/api/v1/verify', { body })));
    });
  };

  return (
    <Stack gap="md" mt="md" maw={820}>
      <Title order={1}>{t('verify.title')}</Title>
      <Text>{t('verify.intro')}</Text>
      <Card withBorder padding="md" component="form" onSubmit={submit}>
        <Stack gap="sm">
          <FileInput label={t('verify.cms')} required value={cms} onChange={setCms} clearable data-testid="verify-cms" />
          <FileInput label={t('verify.data')} value={data} onChange={setData} clearable data-testid="verify-data" />
          <Group>
            <Button type="submit" loading={busy} disabled={!cms} data-testid="verify-run">
              {t('verify.run')}
            </Button>
          </Group>
        </Stack>
      </Card>
      <ErrorAlert error={error} />
      {report && (
        <section aria-label={t('verify.result')}>
          <Title order={2} size="h3" mb="sm">
            {t('verify.result')}
          </Title>
          <ReportView report={report} />
        </section>
      )}
    </Stack>
  );
}

async function sha256Hex(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// What the document card's QR code opens: the signatures the card lists, and a check that the
// file in hand is the signed one (its SHA-256, computed in the browser).
export function VerifyDocumentPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const words = useServerWords();
  const [summary, setSummary] = useState<PublicDocumentSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [match, setMatch] = useState<boolean | null>(null);

  useEffect(() => {
    ok(client.GET('/api/v1/public/documents/{id}', { params: { path: { id: id ?? '' } } })).then(setSummary, setError);
  }, [id]);

  if (error) {
    return (
      <Stack mt="xl">
        <Title order={1}>{t('verify.title')}</Title>
        {error instanceof ApiError && error.status === 404 ? (
          <Alert color="red">{t('verify.notFound')}</Alert>
        ) : (
          <ErrorAlert error={error} />
        )}
      </Stack>
    );
  }
  if (!summary) return <Loading />;
  return (
    <Stack gap="md" mt="md" maw={820}>
      <Title order={1}>{t('verify.document', { title: `«${summary.title}»` })}</Title>
      <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
        {t('verify.fileHash', { hash: summary.sha256 })}
      </Text>
      {summary.signatures.map((s) => (
        <Card key={s.number} withBorder padding="sm">
          <Group justify="space-between">
            <Text fw={600}>
              {t('verify.signer', { n: s.number })}
              {s.signer ? `: ${s.signer.name}` : ''}
            </Text>
            <IndicationBadge indication={s.indication} />
          </Group>
          {s.signer?.iin && (
            <Text size="sm">
              {t('sig.iin')}: {s.signer.iin}
            </Text>
          )}
          {s.signer?.bin && (
            <Text size="sm">
              {t('sig.bin')}: {s.signer.bin}
            </Text>
          )}
          {s.signer?.organization && (
            <Text size="sm">
              {t('sig.organization')}: {s.signer.organization}
            </Text>
          )}
          {s.indication !== 'TOTAL_PASSED' && <Text size="sm">{words.reason(s.subIndication)}</Text>}
        </Card>
      ))}
      <FileInput
        label={t('verify.compare')}
        onChange={async (file) => setMatch(file ? (await sha256Hex(file)) === summary.sha256 : null)}
        clearable
      />
      {match !== null && (
        <Alert color={match ? 'green' : 'red'} role="status">
          {match ? t('verify.match') : t('verify.mismatch')}
        </Alert>
      )}
    </Stack>
  );
}
