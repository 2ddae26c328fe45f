import { Alert, Anchor, Button, Checkbox, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { FormEvent, useCallback, useEffect, useState } from 'react';
import { Link, Navigate, useLocation, useParams } from 'react-router-dom';
import {
  ApiError,
  client,
  DOCUMENT_BOXES,
  DocumentBox,
  DOCUMENT_KINDS,
  DocumentKind,
  DocumentListItem,
  ok,
  ROLL_UP_STATUSES,
  RollUpStatus,
} from '../api';
import { ErrorAlert, Loading, StatusBadge } from '../components';
import { formatDate, formatDateTime } from '../format';
import { Locale, MessageKey, useI18n } from '../i18n';
import { listsMessage, ListsMessageKey } from './lists-messages';
import { SendPackageModal } from './send-form';

type Box = DocumentBox;
const BOX_TITLES: Record<Box, MessageKey> = {
  inbox: 'nav.inbox',
  outbox: 'nav.outbox',
  drafts: 'nav.drafts',
  awaiting_my_signature: 'nav.awaiting',
};

interface Filters {
  status: RollUpStatus | '';
  kind: DocumentKind | '';
  counterparty: string;
  dateFrom: string;
  dateTo: string;
  q: string;
}
const NO_FILTERS: Filters = { status: '', kind: '', counterparty: '', dateFrom: '', dateTo: '', q: '' };

type Item = DocumentListItem;

// The filters that are set, as the list's query parameters.
function queryOf(filters: Filters) {
  const { status, kind, ...texts } = filters;
  return {
    ...(status && { status }),
    ...(kind && { kind }),
    ...Object.fromEntries(Object.entries(texts).filter(([, value]) => value)),
  };
}

// The other side: a received document's sender; a sent one's recipients, each by its name when
// known (registered organization, or the certificate it signed with), its BIN/IIN below.
function Counterparty({ item, locale }: { item: Item; locale: Locale }) {
  const parties =
    item.side === 'recipient'
      ? [{ key: item.sender.identifier, name: item.sender.name, identifier: item.sender.identifier }]
      : item.recipients.map((r) => ({ key: r.id, name: r.name ?? null, identifier: r.identifier }));
  if (parties.length === 0) return <>—</>;
  return (
    <Stack gap={4}>
      {parties.map((p) => (
        <div key={p.key} data-counterparty={p.identifier}>
          {p.name ? (
            <>
              <Text size="sm">{p.name}</Text>
              <Text size="xs" c="dimmed">
                {listsMessage(locale, 'recipientId', { identifier: p.identifier })}
              </Text>
            </>
          ) : (
            <Text size="sm">{listsMessage(locale, 'recipientId', { identifier: p.identifier })}</Text>
          )}
        </div>
      ))}
    </Stack>
  );
}

const FILTER_FIELDS: Record<string, ListsMessageKey> = {
  q: 'fieldQ',
  counterparty: 'fieldCounterparty',
  dateFrom: 'fieldDates',
  dateTo: 'fieldDates',
};

// Why the list did not load, in words, and what to do about it: a refused filter names the
// filters to correct (the list can be reset); anything else can be retried.
function ListError({
  error,
  locale,
  onReset,
  onRetry,
}: {
  error: unknown;
  locale: Locale;
  onReset: () => void;
  onRetry: () => void;
}) {
  const m = (key: ListsMessageKey, params?: Record<string, string>) => listsMessage(locale, key, params);
  const invalid = error instanceof ApiError && error.code === 'VALIDATION_FAILED';
  const fields = invalid
    ? ((error.details?.fields as { field: string }[] | undefined) ?? []).map((f) => m(FILTER_FIELDS[f.field] ?? 'fieldOther'))
    : [];
  return (
    <Alert color="red" role="alert" data-testid="list-error" data-error-code={error instanceof ApiError ? error.code : undefined}>
      <Stack gap="xs">
        <Text size="sm">
          {invalid ? m('invalidFilters', { fields: [...new Set(fields)].join(', ') || m('fieldOther') }) : m('loadFailed')}
        </Text>
        <Group gap="xs">
          {invalid ? (
            <Button size="xs" variant="light" color="red" onClick={onReset}>
              {m('resetFilters')}
            </Button>
          ) : (
            <Button size="xs" variant="light" color="red" onClick={onRetry}>
              {m('retry')}
            </Button>
          )}
        </Group>
      </Stack>
    </Alert>
  );
}

export function DocumentsPage() {
  const { box } = useParams();
  const { t, tx, locale } = useI18n();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  const [items, setItems] = useState<Item[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [packageOpen, setPackageOpen] = useState(false);
  const [attempt, setAttempt] = useState(0);
  // A message from the page that sent us here (a deleted draft).
  const notice = (useLocation().state as { notice?: string } | null)?.notice;

  const load = useCallback(
    async (after: string | null) => {
      const query = { box: box as Box, limit: 25, ...queryOf(applied), ...(after && { cursor: after }) };
      const page = await ok(client.GET('/api/v1/documents', { params: { query } }));
      setItems((previous) => (after && previous ? [...previous, ...page.items] : page.items));
      setCursor(page.nextCursor);
    },
    [box, applied],
  );

  useEffect(() => {
    setItems(null);
    setError(null);
    setSelected([]);
    load(null).catch(setError);
  }, [load, attempt]);

  if (!DOCUMENT_BOXES.includes(box as Box)) return <Navigate to="/app/documents/inbox" replace />;

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setApplied(filters);
  };
  const set = (name: keyof Filters) => (value: string | null) => setFilters((f) => ({ ...f, [name]: value ?? '' }));
  const signedDrafts = (items ?? []).filter((i) => i.status === 'signed_by_sender');
  // The select column is for packages, which take signed drafts only: shown when there is one.
  const selectable = box === 'drafts' && signedDrafts.length > 0;
  const m = (key: ListsMessageKey) => listsMessage(locale, key);
  const reset = () => {
    setFilters(NO_FILTERS);
    setApplied(NO_FILTERS);
  };

  return (
    <Stack gap="md">
      <Title order={1}>{t(BOX_TITLES[box as Box])}</Title>
      {notice && (
        <Alert color="green" role="status" data-testid="list-notice">
          {notice}
        </Alert>
      )}
      <form onSubmit={apply} aria-label={t('docs.filters')}>
        <Group align="end" gap="sm" wrap="wrap">
          <TextInput
            label={t('common.search')}
            placeholder={m('search')}
            title={m('search')}
            value={filters.q}
            onChange={(e) => set('q')(e.currentTarget.value)}
            w={250}
          />
          <Select
            label={t('docs.status')}
            w={180}
            clearable
            value={filters.status || null}
            onChange={set('status')}
            data={ROLL_UP_STATUSES.map((s) => ({ value: s, label: tx(`status.${s}`, s) }))}
            placeholder={t('docs.any')}
          />
          <Select
            label={t('docs.kind')}
            w={140}
            clearable
            value={filters.kind || null}
            onChange={set('kind')}
            data={DOCUMENT_KINDS.map((k) => ({ value: k, label: tx(`kind.${k}`, k) }))}
            placeholder={t('docs.any')}
          />
          <TextInput
            label={m('counterparty')}
            w={190}
            inputMode="numeric"
            maxLength={12}
            value={filters.counterparty}
            onChange={(e) => set('counterparty')(e.currentTarget.value.replace(/\D/g, ''))}
          />
          <TextInput
            label={m('dateFrom')}
            description={m('dateHelp')}
            type="date"
            w={150}
            value={filters.dateFrom}
            onChange={(e) => set('dateFrom')(e.currentTarget.value)}
          />
          <TextInput
            label={m('dateTo')}
            description={'\u00a0'}
            type="date"
            w={150}
            value={filters.dateTo}
            onChange={(e) => set('dateTo')(e.currentTarget.value)}
          />
          <Button type="submit" variant="light">
            {t('common.search')}
          </Button>
        </Group>
      </form>
      {error !== null && items === null && (
        <ListError error={error} locale={locale} onReset={reset} onRetry={() => setAttempt((n) => n + 1)} />
      )}
      {error !== null && items !== null && <ErrorAlert error={error} />}
      {selectable && (
        <Group>
          <Button
            variant="light"
            disabled={selected.length === 0}
            onClick={() => setPackageOpen(true)}
            data-testid="send-package"
          >
            {t('docs.sendPackage')} ({selected.length})
          </Button>
        </Group>
      )}
      {items === null ? (
        error === null && <Loading />
      ) : items.length === 0 ? (
        <Text c="dimmed">{t('common.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover data-testid="documents-table">
            <Table.Thead>
              <Table.Tr>
                {selectable && <Table.Th>{t('docs.select')}</Table.Th>}
                <Table.Th>{t('docs.colTitle')}</Table.Th>
                <Table.Th>{t('docs.colNumber')}</Table.Th>
                <Table.Th>{t('docs.kind')}</Table.Th>
                <Table.Th>{t('docs.colCounterparty')}</Table.Th>
                <Table.Th>{t('docs.colDate')}</Table.Th>
                <Table.Th>{t('docs.colStatus')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item) => (
                <Table.Tr key={item.id} data-document-id={item.id}>
                  {selectable && (
                    <Table.Td>
                      {item.status === 'signed_by_sender' ? (
                        <Checkbox
                          aria-label={`${t('docs.select')}: ${item.title}`}
                          checked={selected.includes(item.id)}
                          onChange={(e) => {
                            // Read now: the event's target is gone by the time React runs the updater.
                            const checked = e.currentTarget.checked;
                            setSelected((s) => (checked ? [...s, item.id] : s.filter((id) => id !== item.id)));
                          }}
                        />
                      ) : (
                        <Checkbox disabled aria-label={`${item.title}: ${m('signFirst')}`} title={m('signFirst')} />
                      )}
                    </Table.Td>
                  )}
                  <Table.Td>
                    <Anchor component={Link} to={`/app/document/${item.id}`} fw={item.unread ? 700 : 400}>
                      {item.title}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{item.number ?? '—'}</Table.Td>
                  <Table.Td>{tx(`kind.${item.kind}`, item.kind)}</Table.Td>
                  <Table.Td>
                    <Counterparty item={item} locale={locale} />
                  </Table.Td>
                  <Table.Td>
                    {item.documentDate ? formatDate(item.documentDate, locale) : formatDateTime(item.createdAt, locale)}
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={item.status} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {cursor && (
        <Button variant="subtle" onClick={() => load(cursor).catch(setError)}>
          {t('common.loadMore')}
        </Button>
      )}
      <SendPackageModal
        opened={packageOpen}
        documentIds={selected}
        onClose={() => setPackageOpen(false)}
        onSent={() => {
          setPackageOpen(false);
          setSelected([]);
          load(null).catch(setError);
        }}
      />
    </Stack>
  );
}
