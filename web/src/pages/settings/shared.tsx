// Helpers and small components that several settings tabs use.
import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { ErrorAlert, Loading } from '../../components';
import { useI18n } from '../../i18n';
import { settingsMessage, SettingsMessageKey } from '../settings-messages';

// A page of a cursor-paged list, as every list route answers it.
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

// ---- small helpers -------------------------------------------------------------------------

export function useMessages() {
  const { locale } = useI18n();
  return useCallback(
    (key: SettingsMessageKey, params?: Record<string, string | number>) => settingsMessage(locale, key, params),
    [locale],
  );
}

// One resource, fetched by `load` on mount and whenever `key` changes (an answer that comes after
// the tab is gone is dropped).
export function useFetched<T>(key: string, load: () => Promise<T>) {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    let cancelled = false;
    loadRef.current().then(
      (result) => !cancelled && setValue(result),
      (e) => !cancelled && setError(e),
    );
    return () => {
      cancelled = true;
    };
  }, [key]);

  return { value, setValue, error, setError };
}

// A cursor-paged list read by `fetchPage` (no cursor: the first page): the first page on mount,
// whenever `key` changes and on reload, further pages on demand. A null key loads nothing.
export function useCursorList<T>(key: string | null, fetchPage: (cursor?: string) => Promise<Page<T>>) {
  const [items, setItems] = useState<T[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  useEffect(() => {
    if (key === null) return;
    let cancelled = false;
    setLoading(true);
    setError(null);
    fetchRef
      .current()
      .then(
        (page) => {
          if (cancelled) return;
          setItems(page.items);
          setNextCursor(page.nextCursor);
        },
        (e) => !cancelled && setError(e),
      )
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [key, version]);

  const loadMore = async () => {
    if (key === null || !nextCursor) return;
    setLoading(true);
    setError(null);
    try {
      const page = await fetchRef.current(nextCursor);
      setItems((previous) => [...previous, ...page.items]);
      setNextCursor(page.nextCursor);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { items, setItems, nextCursor, loading, error, loadMore, reload };
}

export function LoadMore({ list }: { list: { nextCursor: string | null; loading: boolean; loadMore: () => Promise<void> } }) {
  const { t } = useI18n();
  if (!list.nextCursor) return null;
  return (
    <Group justify="center">
      <Button variant="default" onClick={() => void list.loadMore()} loading={list.loading}>
        {t('common.loadMore')}
      </Button>
    </Group>
  );
}

// Rights in the words of roles and areas (rights-choice.tsx).
export { useRightsWords as useRightsText } from './rights-choice';

// A button that asks before it acts (removals and revocations cannot be undone).
export function ConfirmButton({
  label,
  ariaLabel,
  question,
  onConfirm,
  testId,
}: {
  label: string;
  ariaLabel?: string;
  question: string;
  onConfirm: () => Promise<void>;
  testId?: string;
}) {
  const { t } = useI18n();
  const m = useMessages();
  const [opened, setOpened] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <Button size="xs" variant="light" color="red" onClick={() => setOpened(true)} aria-label={ariaLabel} data-testid={testId}>
        {label}
      </Button>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title={m('confirmTitle')}
        attributes={MODAL_ATTRIBUTES}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Stack gap="md">
          <Text>{question}</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setOpened(false)}>
              {t('common.cancel')}
            </Button>
            <Button
              color="red"
              loading={busy}
              data-testid={testId ? `${testId}-confirm` : undefined}
              onClick={async () => {
                setBusy(true);
                try {
                  await onConfirm();
                } finally {
                  setBusy(false);
                  setOpened(false);
                }
              }}
            >
              {label}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

// A secret the server shows once: the localized sentence with the secret in a copyable block.
export function SecretAlert({
  message,
  secret,
  onClose,
}: {
  message: (secret: string) => string;
  secret: string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const m = useMessages();
  const marker = '\u0000';
  const [before, after = ''] = message(marker).split(marker);
  return (
    <Alert color="yellow" title={m('secretWarning')} role="alert" styles={DARK_ALERT_TITLE} data-testid="secret-alert">
      <Stack gap="xs">
        {before.trim() && <Text size="sm">{before.trim().replace(/:$/, '')}:</Text>}
        <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-testid="secret-value">
          {secret}
        </Code>
        {after.trim() && <Text size="sm">{after.trim()}</Text>}
        <Group gap="sm">
          <CopyButton value={secret} timeout={2000}>
            {({ copied, copy }) => (
              <Button size="xs" color={copied ? 'green' : undefined} onClick={copy}>
                {copied ? m('copied') : t('common.copy')}
              </Button>
            )}
          </CopyButton>
          <Button size="xs" variant="default" onClick={onClose}>
            {t('common.close')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

export function ReadOnlyNote({ canWrite }: { canWrite: boolean }) {
  const m = useMessages();
  if (canWrite) return null;
  return (
    <Text size="sm" c="gray.7">
      {m('readOnly')}
    </Text>
  );
}

// Mantine's default yellow and dimmed text are below 4.5:1 on their backgrounds.
export const DARK_ALERT_TITLE = {
  title: { color: 'var(--mantine-color-dark-8)' },
  message: { color: 'var(--mantine-color-dark-8)' },
};
export const DARK_DESCRIPTION = { description: { color: 'var(--mantine-color-gray-7)' } };

// Mantine renders a modal's header as <header>: a second "banner" landmark for axe and screen readers.
export const MODAL_ATTRIBUTES = { header: { role: 'presentation' } };

// A wide table scrolls sideways on a phone; the scrolling box takes focus so the keyboard can scroll it.
export function ScrollTable({ minWidth, children }: { minWidth: number; children: ReactNode }) {
  return (
    <Table.ScrollContainer minWidth={minWidth} type="native" tabIndex={0}>
      {children}
    </Table.ScrollContainer>
  );
}

function Empty({ show }: { show: boolean }) {
  const { t } = useI18n();
  return show ? <Text c="gray.7">{t('common.empty')}</Text> : null;
}

// A cursor list's state above its rows: its error (or the caller's), the first page loading, or nothing yet.
export function ListStatus({ list, error }: { list: { items: unknown[]; loading: boolean; error: unknown }; error?: unknown }) {
  return (
    <>
      <ErrorAlert error={list.error ?? error} />
      {list.loading && list.items.length === 0 ? <Loading /> : <Empty show={!list.error && list.items.length === 0} />}
    </>
  );
}
