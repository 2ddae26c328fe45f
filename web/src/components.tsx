import { Alert, Anchor, Badge, Button, Card, Code, Group, List, Loader, Select, Stack, Text, Timeline } from '@mantine/core';
import { ReactNode, useEffect, useRef, useState } from 'react';
import { ApiError, DocumentEvent, Report, ReportSigner, RollUpStatus, Signature } from './api';
import { formatDateTime } from './format';
import { Locale, LOCALE_NAMES, LOCALES, Translate, useI18n } from './i18n';
import { ncaLayerMessage } from './ncalayer/ncalayer-messages';
import { NcaLayerCancelled, NcaLayerError } from './ncalayer/signing';
import { useSession } from './session';
import { useServerWords } from './words';
import { documentActorWords } from './pages/people-messages';
import { blockingChecks, checkLine, parseErrorWords, verdictHints, verdictMessage, verdictOf } from './pages/verdict-messages';

const STATUS_COLORS: Record<RollUpStatus, string> = {
  draft: 'gray',
  signed_by_sender: 'blue',
  sent: 'indigo',
  awaiting_recipient: 'yellow',
  signed_by_both: 'green',
  refused: 'red',
  correction_requested: 'orange',
  annulment_offered: 'grape',
  annulled: 'dark',
};

export function StatusBadge({ status }: { status: RollUpStatus }) {
  const { tx } = useI18n();
  // Dark text on the light variant keeps the contrast above 4.5:1 for every colour.
  return (
    <Badge color={STATUS_COLORS[status] ?? 'gray'} variant="light" c="dark.8" data-status={status}>
      {tx(`status.${status}`, status)}
    </Badge>
  );
}

export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <Select
      aria-label={t('nav.language')}
      size="xs"
      w={130}
      value={locale}
      allowDeselect={false}
      data={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
      onChange={(value) => value && setLocale(value as Locale)}
      data-testid="language-switch"
    />
  );
}

// A cancel after a filtered request may mean that no key matched: say which key was asked for.
function cancelledMessage(error: NcaLayerError, t: Translate): string {
  if (!(error instanceof NcaLayerCancelled)) return t('ncalayer.cancelled');
  const { bin, iin } = error.wanted;
  if (bin) return t('ncalayer.cancelledForBin', { id: bin });
  if (iin) return t('ncalayer.cancelledForIin', { id: iin });
  return t('ncalayer.cancelled');
}

// Errors in words: the server's message (already in the user's language), NCALayer's own
// messages with the install link when it is not running.
export function ErrorAlert({ error, children }: { error: unknown; children?: ReactNode }) {
  const { t, locale } = useI18n();
  const { config } = useSession();
  if (!error) return null;
  let message = t('error.generic');
  let code: string | undefined;
  let extra: ReactNode = null;
  if (error instanceof NcaLayerError) {
    code = error.code;
    message = error.code === 'USER_CANCELLED' ? cancelledMessage(error, t) : error.message;
    if (error.code === 'NCALAYER_NOT_RUNNING') {
      // Not running, or its certificate not trusted: the page cannot tell which, so both, each with its fix.
      const page = error.pageUrl;
      message = ncaLayerMessage(locale, 'unreachable');
      extra = (
        <List size="sm" type="ordered" data-testid="ncalayer-unreachable">
          <List.Item>
            {ncaLayerMessage(locale, 'notRunning')}{' '}
            <Anchor href={config?.ncaLayerInstallUrl ?? 'https://pki.gov.kz/ncalayer/'} target="_blank" rel="noreferrer">
              {t('ncalayer.install')}
            </Anchor>
          </List.Item>
          <List.Item>
            {ncaLayerMessage(locale, 'untrusted', { page })}{' '}
            <Anchor href={page} target="_blank" rel="noreferrer">
              {ncaLayerMessage(locale, 'openPage', { page })}
            </Anchor>
          </List.Item>
        </List>
      );
    } else if (error.code === 'NCALAYER_REFUSED') {
      message = error.messageIn(locale);
    }
  } else if (error instanceof ApiError) {
    code = error.code;
    message = error.code === 'NETWORK' ? t('error.network') : error.message || t('error.generic');
  } else if (error instanceof Error) {
    message = error.message;
  }
  return (
    <Alert color="red" title={t('common.error')} role="alert" data-error-code={code}>
      <Stack gap={4}>
        <Text size="sm">{message}</Text>
        {extra}
        {children}
      </Stack>
    </Alert>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <Group justify="center" p="xl" aria-live="polite">
      <Loader size="sm" aria-hidden />
      <Text size="sm">{t('common.loading')}</Text>
    </Group>
  );
}

function signerName(signer: ReportSigner['signer'], fallback?: string) {
  if (!signer) return fallback ?? '—';
  const name = [signer.surname, signer.commonName?.split(' ').slice(1).join(' ') || undefined, signer.givenName]
    .filter(Boolean)
    .join(' ');
  return signer.commonName ?? (name || fallback || '—');
}

function indicationColor(indication: string) {
  return indication === 'TOTAL_PASSED' ? 'green' : indication === 'TOTAL_FAILED' ? 'red' : 'yellow';
}

// The verdict in the card's words (ui-config), the same on the document page, the QR page and /verify.
function useIndicationWords() {
  const { t } = useI18n();
  const words = useServerWords();
  return (indication: string) =>
    words.indication(indication) ??
    (indication === 'TOTAL_PASSED' ? t('sig.valid') : indication === 'TOTAL_FAILED' ? t('sig.invalid') : t('sig.indeterminate'));
}

export function IndicationBadge({ indication }: { indication: string }) {
  const label = useIndicationWords()(indication);
  return (
    <Badge color={indicationColor(indication)} variant="light" c="dark.8" data-indication={indication}>
      {label}
    </Badge>
  );
}

// What the signer card shows of a verifier's report on one signer. A stored signature listed
// without its report has only its summary: the indication and who signed.
type SignerSummary = Pick<ReportSigner, 'indication' | 'subIndication' | 'checks' | 'signer'> &
  Partial<Pick<ReportSigner, 'signingTime' | 'timestamp' | 'adesLevel'>>;

// One signer of a verification report in plain words: who, IIN/BIN, organization, role, when,
// time-stamp, and valid or why not.
export function SignerReportView({
  signer,
  title,
  fallbackName,
}: {
  signer: SignerSummary;
  title?: string;
  fallbackName?: string;
}) {
  const { t, locale } = useI18n();
  const words = useServerWords();
  const failed = blockingChecks(signer.checks);
  const identity = signer.signer;
  return (
    <Card withBorder padding="sm" data-testid="signer-report">
      <Stack gap={4}>
        <Group justify="space-between" wrap="wrap">
          <Text fw={600}>{title ?? signerName(identity, fallbackName)}</Text>
          <IndicationBadge indication={signer.indication} />
        </Group>
        {title && (
          <Text size="sm">
            {t('sig.signer')}: {signerName(identity, fallbackName)}
          </Text>
        )}
        {identity?.iin && (
          <Text size="sm">
            {t('sig.iin')}: {identity.iin}
          </Text>
        )}
        {identity?.bin && (
          <Text size="sm">
            {t('sig.bin')}: {identity.bin}
          </Text>
        )}
        {identity?.organization && (
          <Text size="sm">
            {t('sig.organization')}: {identity.organization}
          </Text>
        )}
        {identity?.roles && identity.roles.length > 0 && (
          <Text size="sm">
            {t('sig.roles')}: {identity.roles.map(words.role).join(', ')}
          </Text>
        )}
        <Text size="sm">
          {t('sig.time')}: {formatDateTime(signer.signingTime, locale)}
        </Text>
        <Text size="sm">
          {t('sig.timestamp')}:{' '}
          {signer.timestamp?.genTime ? formatDateTime(signer.timestamp.genTime, locale) : t('sig.noTimestamp')}
          {signer.adesLevel ? ` · ${t('sig.level')} ${signer.adesLevel}` : ''}
        </Text>
        {signer.indication !== 'TOTAL_PASSED' && (
          <Text size="sm" c="red.9" data-testid="signature-problem">
            {t('sig.why', { reason: words.reason(signer.subIndication) ?? signer.indication })}
          </Text>
        )}
        {failed.length > 0 && (
          <Text size="xs" c="dimmed" data-testid="failed-checks">
            {verdictMessage(locale, 'failedChecks', { checks: failed.map((c) => checkLine(locale, c, words.reason)).join('; ') })}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

export function ReportJson({ report }: { report: unknown }) {
  const { t } = useI18n();
  return (
    <details>
      <summary>{t('sig.details')}</summary>
      <Code block style={{ maxHeight: 400, overflow: 'auto' }}>
        {JSON.stringify(report, null, 2)}
      </Code>
    </details>
  );
}

// A /verify report with the verdict rule and the words of the document page and the card
// (verdict-messages.ts): the same signature, the same words, in the user's language.
export function ReportView({ report }: { report: Report }) {
  const { t, locale } = useI18n();
  const words = useServerWords();
  const indicationWords = useIndicationWords();
  const signers = report.signers.map((signer) => ({ ...signer, ...verdictOf(signer) }));
  // The report's verdict, never better than a signer's (a signer passed without a revocation
  // status is INDETERMINATE by the shared rule although a lenient policy let the report pass).
  const worst = signers.find((s) => s.indication !== 'TOTAL_PASSED');
  const shown =
    report.indication === 'TOTAL_PASSED' && worst
      ? { indication: worst.indication, subIndication: worst.subIndication }
      : verdictOf({ indication: report.indication, subIndication: report.subIndication });
  const hints = report.error ? [] : verdictHints(locale, shown);
  return (
    <Stack gap="sm" data-testid="verification-report">
      <Alert
        color={indicationColor(shown.indication)}
        title={indicationWords(shown.indication)}
        role="status"
        data-indication={shown.indication}
      >
        <Stack gap={4}>
          {(report.error || shown.indication !== 'TOTAL_PASSED') && (
            <Text size="sm" data-testid="verdict-reason">
              {report.error ? parseErrorWords(locale, report.error.code) : words.reason(shown.subIndication)}
            </Text>
          )}
          {hints.map((hint) => (
            <Text size="sm" key={hint} data-testid="verdict-hint">
              {hint}
            </Text>
          ))}
        </Stack>
      </Alert>
      {signers.map((signer, index) => (
        <SignerReportView key={index} signer={signer} title={t('verify.signer', { n: index + 1 })} />
      ))}
      <ReportJson report={report} />
    </Stack>
  );
}

export function SignatureList({ signatures }: { signatures: Signature[] }) {
  const { t } = useI18n();
  const words = useServerWords();
  if (signatures.length === 0) return <Text c="dimmed">{t('doc.noSignatures')}</Text>;
  return (
    <Stack gap="sm">
      {signatures.map((s) => {
        const role = s.role === 'sender' ? t('sig.sender') : t('sig.recipient');
        const action = s.action && s.action !== 'sign' ? ` · ${words.action(s.action)}` : '';
        const reported: SignerSummary = s.report?.signers[0] ?? {
          indication: s.indication,
          subIndication: s.subIndication,
          checks: [],
          signer: {
            iin: s.signer.iin ?? undefined,
            bin: s.signer.bin ?? undefined,
            commonName: s.signer.name,
            roles: s.signer.roles,
          },
        };
        // The verdict is the signature's, as the API, the card and the QR page give it: a report
        // that passed without establishing revocation is not shown as valid.
        const signer: SignerSummary = { ...reported, indication: s.indication, subIndication: s.subIndication };
        return (
          <Stack key={s.id} gap={4}>
            <SignerReportView signer={signer} title={`${role}${action}: ${s.signer.name}`} fallbackName={s.signer.name} />
            {s.report && <ReportJson report={s.report} />}
          </Stack>
        );
      })}
    </Stack>
  );
}

export function EventList({ events }: { events: DocumentEvent[] }) {
  const { tx, t, locale } = useI18n();
  return (
    <Timeline bulletSize={14} lineWidth={2}>
      {events.map((e) => (
        <Timeline.Item key={e.seq} title={tx(`event.${e.type}`, e.type)}>
          <Text size="xs" c="dimmed">
            {formatDateTime(e.createdAt, locale)} · {documentActorWords(locale, e.actor)}
          </Text>
          {e.reason && <Text size="sm">{t('doc.reasonGiven', { reason: e.reason })}</Text>}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

// PDF pages drawn with pdf.js (loaded only when a PDF is shown).
export function PdfPreview({ load }: { load: () => Promise<Uint8Array> }) {
  const container = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    let cancelled = false;
    (async () => {
      const pdfjs = await import('pdfjs-dist');
      const worker = await import('pdfjs-dist/build/pdf.worker.min.mjs?url');
      pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
      const bytes = await load();
      const pdf = await pdfjs.getDocument({ data: bytes, isEvalSupported: false }).promise;
      const target = container.current;
      if (!target || cancelled) return;
      target.replaceChildren();
      for (let n = 1; n <= Math.min(pdf.numPages, 20); n++) {
        const page = await pdf.getPage(n);
        const viewport = page.getViewport({ scale: 1.25 });
        const canvas = document.createElement('canvas');
        canvas.width = viewport.width;
        canvas.height = viewport.height;
        canvas.style.width = '100%';
        canvas.style.border = '1px solid #ddd';
        canvas.setAttribute('role', 'img');
        canvas.setAttribute('aria-label', `PDF page ${n}`);
        target.appendChild(canvas);
        await page.render({ canvas, canvasContext: canvas.getContext('2d')!, viewport }).promise;
      }
    })()
      .catch((e) => !cancelled && setError(e))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [load]);
  return (
    <Stack gap="xs" data-testid="pdf-preview">
      {loading && <Loading />}
      <ErrorAlert error={error} />
      <div ref={container} style={{ display: 'flex', flexDirection: 'column', gap: 8 }} />
    </Stack>
  );
}

export function SubmitRow({ children }: { children: ReactNode }) {
  return <Group gap="sm">{children}</Group>;
}

export { Button };
