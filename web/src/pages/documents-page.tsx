import { Anchor, Button, Checkbox, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { FormEvent, useCallback, useEffect, useState } from 'react';
import { Link, Navigate, useParams } from 'react-router-dom';
import {
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
import { MessageKey, useI18n } from '../i18n';
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

function counterpartyOf(item: Item): string {
  if (item.side === 'recipient') return `${item.sender.name} (${item.sender.identifier})`;
  return item.recipients.map((r) => r.identifier).join(', ') || '—';
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
  }, [load]);

  if (!DOCUMENT_BOXES.includes(box as Box)) return <Navigate to="/app/documents/inbox" replace />;

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setApplied(filters);
  };
  const set = (name: keyof Filters) => (value: string | null) => setFilters((f) => ({ ...f, [name]: value ?? '' }));
  const signedDrafts = (items ?? []).filter((i) => i.status === 'signed_by_sender');

  return (
    <Stack gap="md">
      <Title order={1}>{t(BOX_TITLES[box as Box])}</Title>
      <form onSubmit={apply} aria-label={t('docs.filters')}>
        <Group align="end" gap="sm" wrap="wrap">
          <TextInput
            label={t('common.search')}
            placeholder={t('docs.search')}
            value={filters.q}
            onChange={(e) => set('q')(e.currentTarget.value)}
            w={240}
          />
          <Select
            label={t('docs.status')}
            w={210}
            clearable
            value={filters.status || null}
            onChange={set('status')}
            data={ROLL_UP_STATUSES.map((s) => ({ value: s, label: tx(`status.${s}`, s) }))}
            placeholder={t('docs.any')}
          />
          <Select
            label={t('docs.kind')}
            w={160}
            clearable
            value={filters.kind || null}
            onChange={set('kind')}
            data={DOCUMENT_KINDS.map((k) => ({ value: k, label: tx(`kind.${k}`, k) }))}
            placeholder={t('docs.any')}
          />
          <TextInput
            label={t('docs.counterparty')}
            w={180}
            inputMode="numeric"
            maxLength={12}
            value={filters.counterparty}
            onChange={(e) => set('counterparty')(e.currentTarget.value.replace(/\D/g, ''))}
          />
          <TextInput
            label={t('docs.dateFrom')}
            type="date"
            w={160}
            value={filters.dateFrom}
            onChange={(e) => set('dateFrom')(e.currentTarget.value)}
          />
          <TextInput
            label={t('docs.dateTo')}
            type="date"
            w={160}
            value={filters.dateTo}
            onChange={(e) => set('dateTo')(e.currentTarget.value)}
          />
          <Button type="submit" variant="light">
            {t('common.search')}
          </Button>
        </Group>
      </form>
      <ErrorAlert error={error} />
      {box === 'drafts' && signedDrafts.length > 0 && (
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
        <Loading />
      ) : items.length === 0 ? (
        <Text c="dimmed">{t('common.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover data-testid="documents-table">
            <Table.Thead>
              <Table.Tr>
                {box === 'drafts' && <Table.Th>{t('docs.select')}</Table.Th>}
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
                  {box === 'drafts' && (
                    <Table.Td>
                      {item.status === 'signed_by_sender' && (
                        <Checkbox
                          aria-label={`${t('docs.select')}: ${item.title}`}
                          checked={selected.includes(item.id)}
                          onChange={(e) => {
                            // Read now: the event's target is gone by the time React runs the updater.
                            const checked = e.currentTarget.checked;
                            setSelected((s) => (checked ? [...s, item.id] : s.filter((id) => id !== item.id)));
                          }}
                        />
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
                  <Table.Td>{counterpartyOf(item)}</Table.Td>
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
