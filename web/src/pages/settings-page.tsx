import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  Modal,
  MultiSelect,
  Select,
  Stack,
  Switch,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { FormEvent, ReactNode, useCallback, useEffect, useState } from 'react';
import { Navigate, useNavigate, useParams } from 'react-router-dom';
import { api, get, post, Rights } from '../api';
import { ErrorAlert, Loading } from '../components';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { settingsMessage, SettingsMessageKey } from './settings-messages';

// ---- shapes of the API's answers (see src/identity, src/integrations, src/audit) -------------

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

type RightLevel = Rights[keyof Rights];

interface OrganizationProfile {
  id: string;
  identifier: string;
  kind: 'legal_entity' | 'individual';
  name: string;
  createdAt?: string;
  updatedAt?: string;
}

interface Member {
  id: string;
  fullName: string;
  email: string | null;
  iin: string | null;
  isMain: boolean;
  rights: Rights;
  lockedUntil: string | null;
  createdAt: string;
}

type InvitationStatus = 'open' | 'accepted' | 'revoked' | 'expired';

interface Invitation {
  id: string;
  organizationId: string;
  iin: string;
  email: string | null;
  rights: Rights;
  status: InvitationStatus;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  acceptedByUserId: string | null;
  revokedAt: string | null;
}

interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  rights: Rights;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

interface WebhookView {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  active: boolean;
  consecutiveFailures: number;
  disabledAt: string | null;
  disabledReason: 'manual' | 'failures' | null;
  createdAt: string;
  updatedAt: string;
}

type DeliveryStatus = 'delivered' | 'retrying' | 'failed';

interface Delivery {
  id: string;
  deliveryId: string;
  eventSeq: string | null;
  eventType: string;
  attempt: number;
  status: DeliveryStatus;
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
  createdAt: string;
}

interface NotificationPreferences {
  emailOnEvents: boolean;
  emailDigest: boolean;
}

interface AuditEvent {
  id: string;
  actorType: 'user' | 'api_key' | 'operator' | 'anonymous' | 'system';
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  result: 'success' | 'failure';
  errorCode: string | null;
  httpMethod: string | null;
  path: string | null;
  statusCode: number | null;
  createdAt: string;
}

// The server's list (src/integrations/organization-events.service.ts ORGANIZATION_EVENT_TYPES).
const EVENT_TYPES = [
  'document.uploaded',
  'document.signed_by_sender',
  'document.sent',
  'document.received',
  'document.delivered',
  'document.opened',
  'document.receipt_signed',
  'document.signed_by_recipient',
  'document.refused',
  'document.correction_requested',
  'document.annulment_offered',
  'document.annulment_accepted',
  'document.annulment_rejected',
  'document.link_revoked',
  'document.evidence_upgraded',
] as const;

const AREAS = ['documents', 'signing', 'billing', 'administration'] as const;
const AREA_KEYS: Record<(typeof AREAS)[number], SettingsMessageKey> = {
  documents: 'areaDocuments',
  signing: 'areaSigning',
  billing: 'areaBilling',
  administration: 'areaAdministration',
};
const LEVEL_KEYS: Record<RightLevel, SettingsMessageKey> = { none: 'levelNone', read: 'levelRead', write: 'levelWrite' };

const FULL_RIGHTS: Rights = { documents: 'write', signing: 'write', billing: 'write', administration: 'write' };
const LIMITED_RIGHTS: Rights = { documents: 'read', signing: 'none', billing: 'none', administration: 'none' };

const TABS = ['organization', 'users', 'apiKeys', 'webhooks', 'notifications', 'audit'] as const;
type TabName = (typeof TABS)[number];
const TAB_ALIASES: Record<string, TabName> = { 'api-keys': 'apiKeys', api_keys: 'apiKeys' };

// ---- small helpers -------------------------------------------------------------------------

function useMessages() {
  const { locale } = useI18n();
  return useCallback(
    (key: SettingsMessageKey, params?: Record<string, string | number>) => settingsMessage(locale, key, params),
    [locale],
  );
}

function withCursor(path: string, cursor: string): string {
  return `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`;
}

// A cursor-paged list: the first page on mount (and on reload), further pages on demand.
function useCursorList<T>(path: string | null) {
  const [items, setItems] = useState<T[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (!path) return;
    let cancelled = false;
    setLoading(true);
    setError(null);
    get<Page<T>>(path)
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
  }, [path, version]);

  const loadMore = async () => {
    if (!path || !nextCursor) return;
    setLoading(true);
    setError(null);
    try {
      const page = await get<Page<T>>(withCursor(path, nextCursor));
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

function LoadMore({ list }: { list: { nextCursor: string | null; loading: boolean; loadMore: () => Promise<void> } }) {
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

function useRightsText() {
  const { t } = useI18n();
  const m = useMessages();
  return (rights: Rights): string => {
    if (AREAS.every((area) => rights[area] === FULL_RIGHTS[area])) return t('settings.rightsFull');
    if (AREAS.every((area) => rights[area] === LIMITED_RIGHTS[area])) return t('settings.rightsLimited');
    return AREAS.map((area) => `${m(AREA_KEYS[area])}: ${m(LEVEL_KEYS[rights[area] ?? 'none'])}`).join(', ');
  };
}

// A button that asks before it acts (removals and revocations cannot be undone).
function ConfirmButton({
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
function SecretAlert({ message, secret, onClose }: { message: (secret: string) => string; secret: string; onClose: () => void }) {
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

function ReadOnlyNote({ canWrite }: { canWrite: boolean }) {
  const m = useMessages();
  if (canWrite) return null;
  return (
    <Text size="sm" c="gray.7">
      {m('readOnly')}
    </Text>
  );
}

// Mantine's default yellow and dimmed text are below 4.5:1 on their backgrounds.
const DARK_ALERT_TITLE = { title: { color: 'var(--mantine-color-dark-8)' }, message: { color: 'var(--mantine-color-dark-8)' } };
const DARK_DESCRIPTION = { description: { color: 'var(--mantine-color-gray-7)' } };

// Mantine renders a modal's header as <header>: a second "banner" landmark for axe and screen readers.
const MODAL_ATTRIBUTES = { header: { role: 'presentation' } };

// A wide table scrolls sideways on a phone; the scrolling box takes focus so the keyboard can scroll it.
function ScrollTable({ minWidth, children }: { minWidth: number; children: ReactNode }) {
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

// ---- the page ------------------------------------------------------------------------------

export function SettingsPage() {
  const { t } = useI18n();
  const m = useMessages();
  const { me, can } = useSession();
  const params = useParams();
  const navigate = useNavigate();

  const raw = params.tab ?? 'organization';
  if (TAB_ALIASES[raw]) return <Navigate to={`/app/settings/${TAB_ALIASES[raw]}`} replace />;
  if (!(TABS as readonly string[]).includes(raw)) return <Navigate to="/app/settings/organization" replace />;
  const active = raw as TabName;

  const isAdmin = can('administration', 'read');
  const visible: Record<TabName, boolean> = {
    organization: true,
    users: isAdmin,
    apiKeys: isAdmin,
    webhooks: isAdmin,
    // Preferences belong to a signed-in person (documents:read), not to an API key.
    notifications: me?.kind === 'user' && can('documents', 'read'),
    audit: isAdmin,
  };
  const shown = TABS.filter((tab) => visible[tab]);

  return (
    <Stack gap="md" data-testid="settings-page">
      <Title order={1}>{t('settings.title')}</Title>
      <Tabs
        value={visible[active] ? active : null}
        onChange={(value) => value && navigate(`/app/settings/${value}`)}
        keepMounted={false}
      >
        <Tabs.List>
          {shown.map((tab) => (
            <Tabs.Tab key={tab} value={tab} data-testid={`settings-tab-${tab}`}>
              {t(`settings.${tab}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="organization" pt="md">
          <OrganizationPanel />
        </Tabs.Panel>
        {visible.users && (
          <Tabs.Panel value="users" pt="md">
            <UsersPanel />
          </Tabs.Panel>
        )}
        {visible.apiKeys && (
          <Tabs.Panel value="apiKeys" pt="md">
            <ApiKeysPanel />
          </Tabs.Panel>
        )}
        {visible.webhooks && (
          <Tabs.Panel value="webhooks" pt="md">
            <WebhooksPanel />
          </Tabs.Panel>
        )}
        {visible.notifications && (
          <Tabs.Panel value="notifications" pt="md">
            <NotificationsPanel />
          </Tabs.Panel>
        )}
        {visible.audit && (
          <Tabs.Panel value="audit" pt="md">
            <AuditPanel />
          </Tabs.Panel>
        )}
      </Tabs>
      {!visible[active] && me && (
        <Alert color="yellow" role="alert" styles={DARK_ALERT_TITLE} data-testid="settings-no-access">
          {m('noAccess')}
        </Alert>
      )}
    </Stack>
  );
}

// ---- organization --------------------------------------------------------------------------

function OrganizationPanel() {
  const { t, locale } = useI18n();
  const m = useMessages();
  const { me } = useSession();
  const rightsText = useRightsText();
  const [organization, setOrganization] = useState<OrganizationProfile | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let cancelled = false;
    get<OrganizationProfile>('/api/v1/organization').then(
      (value) => !cancelled && setOrganization(value),
      (e) => !cancelled && setError(e),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  return (
    <Stack gap="md" data-testid="settings-organization">
      <Title order={2}>{t('settings.organization')}</Title>
      <ErrorAlert error={error} />
      {!organization && !error && <Loading />}
      {organization && (
        <>
          <Table variant="vertical" withTableBorder layout="fixed">
            <Table.Tbody>
              <Table.Tr>
                <Table.Th w={{ base: 130, sm: 220 }}>{t('settings.name')}</Table.Th>
                <Table.Td data-testid="org-name">{organization.name}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('settings.identifier')}</Table.Th>
                <Table.Td data-testid="org-identifier">{organization.identifier}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('settings.kind')}</Table.Th>
                <Table.Td>{organization.kind === 'legal_entity' ? m('kindLegal') : m('kindIndividual')}</Table.Td>
              </Table.Tr>
              {organization.createdAt && (
                <Table.Tr>
                  <Table.Th>{m('registeredAt')}</Table.Th>
                  <Table.Td>{formatDateTime(organization.createdAt, locale)}</Table.Td>
                </Table.Tr>
              )}
              <Table.Tr>
                <Table.Th>{m('orgId')}</Table.Th>
                <Table.Td style={{ wordBreak: 'break-all' }}>
                  <Code>{organization.id}</Code>
                </Table.Td>
              </Table.Tr>
              {me && (
                <>
                  <Table.Tr>
                    <Table.Th>{m('signedInAs')}</Table.Th>
                    <Table.Td style={{ wordBreak: 'break-word' }}>
                      {me.label}
                      {me.isMain ? ` · ${m('mainUser')}` : ''}
                    </Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>{m('yourRights')}</Table.Th>
                    <Table.Td>{rightsText(me.rights)}</Table.Td>
                  </Table.Tr>
                </>
              )}
            </Table.Tbody>
          </Table>
          <Alert color="blue" variant="light">
            {t('settings.fromCertificate')}
          </Alert>
        </>
      )}
    </Stack>
  );
}

// ---- users and invitations -----------------------------------------------------------------

function UsersPanel() {
  const { t, locale } = useI18n();
  const m = useMessages();
  const { me, can } = useSession();
  const rightsText = useRightsText();
  const canWrite = can('administration', 'write');
  const members = useCursorList<Member>('/api/v1/users');
  const [error, setError] = useState<unknown>(null);

  const remove = async (member: Member) => {
    setError(null);
    try {
      await api('DELETE', `/api/v1/users/${member.id}`);
      members.setItems((items) => items.filter((item) => item.id !== member.id));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Stack gap="xl" data-testid="settings-users">
      <Stack gap="sm">
        <Title order={2}>{m('members')}</Title>
        <ReadOnlyNote canWrite={canWrite} />
        <ErrorAlert error={members.error ?? error} />
        {members.loading && members.items.length === 0 ? (
          <Loading />
        ) : (
          <Empty show={!members.error && members.items.length === 0} />
        )}
        {members.items.length > 0 && (
          <ScrollTable minWidth={720}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{m('fullName')}</Table.Th>
                  <Table.Th>{t('settings.email')}</Table.Th>
                  <Table.Th>{m('iin')}</Table.Th>
                  <Table.Th>{t('settings.rights')}</Table.Th>
                  {canWrite && <Table.Th>{m('actions')}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {members.items.map((member) => {
                  const isSelf = me?.kind === 'user' && me.userId === member.id;
                  return (
                    <Table.Tr key={member.id} data-testid="member-row">
                      <Table.Td miw={200}>
                        <Stack gap={2}>
                          <Text size="sm">{member.fullName}</Text>
                          <Group gap={4}>
                            {member.isMain && (
                              <Badge size="sm" variant="light" c="dark.8">
                                {m('mainUser')}
                              </Badge>
                            )}
                            {isSelf && (
                              <Badge size="sm" variant="outline" c="dark.8">
                                {m('you')}
                              </Badge>
                            )}
                          </Group>
                          {member.lockedUntil && new Date(member.lockedUntil) > new Date() && (
                            <Text size="xs" c="red.9">
                              {m('lockedUntil', { time: formatDateTime(member.lockedUntil, locale) })}
                            </Text>
                          )}
                        </Stack>
                      </Table.Td>
                      <Table.Td>{member.email ?? '—'}</Table.Td>
                      <Table.Td>{member.iin ?? '—'}</Table.Td>
                      <Table.Td>{rightsText(member.rights)}</Table.Td>
                      {canWrite && (
                        <Table.Td>
                          {/* The main user cannot be removed (the server refuses); removing oneself would lock one out. */}
                          {!member.isMain && !isSelf && (
                            <ConfirmButton
                              label={m('removeUser')}
                              ariaLabel={`${m('removeUser')}: ${member.fullName}`}
                              question={m('removeUserConfirm', { name: member.fullName })}
                              onConfirm={() => remove(member)}
                              testId="member-remove"
                            />
                          )}
                        </Table.Td>
                      )}
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
        <LoadMore list={members} />
      </Stack>
      <InvitationsSection />
    </Stack>
  );
}

function InvitationsSection() {
  const { t, locale } = useI18n();
  const m = useMessages();
  const { me, organization, can } = useSession();
  const rightsText = useRightsText();
  const canWrite = can('administration', 'write');
  const organizationId = organization?.id ?? me?.organizationId ?? null;
  const invitations = useCursorList<Invitation>(organizationId ? `/api/v1/organizations/${organizationId}/invitations` : null);
  const [iin, setIin] = useState('');
  const [email, setEmail] = useState('');
  const [level, setLevel] = useState<'full' | 'limited'>('limited');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState(false);

  const iinInvalid = iin !== '' && !/^\d{12}$/.test(iin);

  const invite = async (event: FormEvent) => {
    event.preventDefault();
    if (!organizationId || !/^\d{12}$/.test(iin)) return;
    setError(null);
    setCreated(false);
    setBusy(true);
    try {
      await post<Invitation>(`/api/v1/organizations/${organizationId}/invitations`, {
        iin,
        ...(email.trim() ? { email: email.trim() } : {}),
        rights: level === 'full' ? FULL_RIGHTS : LIMITED_RIGHTS,
      });
      setIin('');
      setEmail('');
      setCreated(true);
      invitations.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (invitation: Invitation) => {
    setError(null);
    try {
      await api('DELETE', `/api/v1/organizations/${organizationId}/invitations/${invitation.id}`);
      invitations.setItems((items) =>
        items.map((item) =>
          item.id === invitation.id ? { ...item, status: 'revoked', revokedAt: new Date().toISOString() } : item,
        ),
      );
    } catch (e) {
      setError(e);
    }
  };

  const statusWord: Record<InvitationStatus, string> = {
    open: m('invitationOpen'),
    accepted: m('invitationAccepted'),
    revoked: m('invitationRevoked'),
    expired: m('invitationExpired'),
  };
  const statusColor: Record<InvitationStatus, string> = { open: 'blue', accepted: 'green', revoked: 'gray', expired: 'gray' };

  return (
    <Stack gap="sm" data-testid="settings-invitations">
      <Title order={2}>{m('invitations')}</Title>
      <Text size="sm" c="gray.7">
        {m('invitationsHelp')}
      </Text>
      <ErrorAlert error={error} />
      {created && (
        <Alert color="green" role="status">
          {m('invited')}
        </Alert>
      )}
      {canWrite && (
        <Card withBorder padding="md" component="form" onSubmit={invite} data-testid="invite-form">
          <Stack gap="sm">
            <Group align="flex-start" grow wrap="wrap" gap="sm" style={{ rowGap: 'var(--mantine-spacing-sm)' }}>
              <TextInput
                label={t('settings.inviteIin')}
                required
                inputMode="numeric"
                autoComplete="off"
                maxLength={12}
                miw={200}
                value={iin}
                error={iinInvalid ? m('iinInvalid') : undefined}
                onChange={(e) => setIin(e.currentTarget.value.replace(/\D/g, ''))}
                data-testid="invite-iin"
              />
              <TextInput
                label={t('settings.inviteEmail')}
                description={m('inviteEmailHelp')}
                inputWrapperOrder={['label', 'input', 'description', 'error']}
                styles={DARK_DESCRIPTION}
                type="email"
                autoComplete="off"
                maxLength={320}
                miw={200}
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                data-testid="invite-email"
              />
              <Select
                label={t('settings.rights')}
                miw={200}
                allowDeselect={false}
                value={level}
                onChange={(value) => value && setLevel(value as 'full' | 'limited')}
                data={[
                  { value: 'limited', label: t('settings.rightsLimited') },
                  { value: 'full', label: t('settings.rightsFull') },
                ]}
                data-testid="invite-rights"
              />
            </Group>
            <Group>
              <Button type="submit" loading={busy} disabled={!/^\d{12}$/.test(iin)} data-testid="invite-submit">
                {t('settings.invite')}
              </Button>
            </Group>
          </Stack>
        </Card>
      )}
      <ErrorAlert error={invitations.error} />
      {invitations.loading && invitations.items.length === 0 ? (
        <Loading />
      ) : (
        <Empty show={!invitations.error && invitations.items.length === 0} />
      )}
      {invitations.items.length > 0 && (
        <ScrollTable minWidth={760}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{m('iin')}</Table.Th>
                <Table.Th>{t('settings.email')}</Table.Th>
                <Table.Th>{t('settings.rights')}</Table.Th>
                <Table.Th>{m('status')}</Table.Th>
                <Table.Th>{m('expiresAt')}</Table.Th>
                {canWrite && <Table.Th>{m('actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {invitations.items.map((invitation) => (
                <Table.Tr key={invitation.id} data-testid="invitation-row">
                  <Table.Td>{invitation.iin}</Table.Td>
                  <Table.Td>{invitation.email ?? '—'}</Table.Td>
                  <Table.Td>{rightsText(invitation.rights)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={statusColor[invitation.status]} c="dark.8">
                      {statusWord[invitation.status] ?? invitation.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{formatDateTime(invitation.expiresAt, locale)}</Table.Td>
                  {canWrite && (
                    <Table.Td>
                      {invitation.status === 'open' && (
                        <ConfirmButton
                          label={t('settings.revoke')}
                          ariaLabel={`${t('settings.revoke')}: ${invitation.iin}`}
                          question={m('revokeInvitationConfirm', { iin: invitation.iin })}
                          onConfirm={() => revoke(invitation)}
                          testId="invitation-revoke"
                        />
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <LoadMore list={invitations} />
    </Stack>
  );
}

// ---- API keys ------------------------------------------------------------------------------

function ApiKeysPanel() {
  const { t, locale } = useI18n();
  const m = useMessages();
  const { can } = useSession();
  const rightsText = useRightsText();
  const canWrite = can('administration', 'write');
  const keys = useCursorList<ApiKeyView>('/api/v1/api-keys');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [secret, setSecret] = useState<string | null>(null);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    setError(null);
    setBusy(true);
    try {
      const created = await post<ApiKeyView & { secret: string }>('/api/v1/api-keys', { name: name.trim() });
      setSecret(created.secret);
      setName('');
      keys.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (key: ApiKeyView) => {
    setError(null);
    try {
      const revoked = await api<ApiKeyView>('DELETE', `/api/v1/api-keys/${key.id}`);
      keys.setItems((items) => items.map((item) => (item.id === key.id ? { ...item, ...revoked } : item)));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Stack gap="sm" data-testid="settings-api-keys">
      <Title order={2}>{t('settings.apiKeys')}</Title>
      <ReadOnlyNote canWrite={canWrite} />
      <ErrorAlert error={error} />
      {secret && (
        <SecretAlert
          message={(value) => t('settings.keySecret', { secret: value })}
          secret={secret}
          onClose={() => setSecret(null)}
        />
      )}
      {canWrite && (
        <Card withBorder padding="md" component="form" onSubmit={create} data-testid="api-key-form">
          <Stack gap="sm">
            <TextInput
              label={t('settings.keyLabel')}
              description={m('keyRightsHelp')}
              styles={DARK_DESCRIPTION}
              required
              maxLength={200}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              data-testid="api-key-name"
            />
            <Group>
              <Button type="submit" loading={busy} disabled={!name.trim()} data-testid="api-key-create">
                {t('settings.createKey')}
              </Button>
            </Group>
          </Stack>
        </Card>
      )}
      <ErrorAlert error={keys.error} />
      {keys.loading && keys.items.length === 0 ? <Loading /> : <Empty show={!keys.error && keys.items.length === 0} />}
      {keys.items.length > 0 && (
        <ScrollTable minWidth={820}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.keyLabel')}</Table.Th>
                <Table.Th>{m('keyPrefix')}</Table.Th>
                <Table.Th>{t('settings.rights')}</Table.Th>
                <Table.Th>{m('created')}</Table.Th>
                <Table.Th>{m('lastUsed')}</Table.Th>
                <Table.Th>{m('status')}</Table.Th>
                {canWrite && <Table.Th>{m('actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.items.map((key) => (
                <Table.Tr key={key.id} data-testid="api-key-row">
                  <Table.Td>{key.name}</Table.Td>
                  <Table.Td>
                    <Code>{key.prefix}</Code>
                  </Table.Td>
                  <Table.Td>{rightsText(key.rights)}</Table.Td>
                  <Table.Td>{formatDateTime(key.createdAt, locale)}</Table.Td>
                  <Table.Td>{key.lastUsedAt ? formatDateTime(key.lastUsedAt, locale) : m('never')}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={key.revokedAt ? 'gray' : 'green'} c="dark.8">
                      {key.revokedAt ? `${m('revoked')} ${formatDateTime(key.revokedAt, locale)}` : m('active')}
                    </Badge>
                  </Table.Td>
                  {canWrite && (
                    <Table.Td>
                      {!key.revokedAt && (
                        <ConfirmButton
                          label={t('settings.revoke')}
                          ariaLabel={`${t('settings.revoke')}: ${key.name}`}
                          question={m('revokeKeyConfirm', { name: key.name })}
                          onConfirm={() => revoke(key)}
                          testId="api-key-revoke"
                        />
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <LoadMore list={keys} />
    </Stack>
  );
}

// ---- webhooks ------------------------------------------------------------------------------

function useDeliveryStatusWords() {
  const m = useMessages();
  return (status: DeliveryStatus) =>
    status === 'delivered' ? m('delivered') : status === 'retrying' ? m('retrying') : status === 'failed' ? m('failed') : status;
}

const DELIVERY_COLORS: Record<DeliveryStatus, string> = { delivered: 'green', retrying: 'yellow', failed: 'red' };

function WebhooksPanel() {
  const { t, tx } = useI18n();
  const m = useMessages();
  const { can } = useSession();
  const canWrite = can('administration', 'write');
  const webhooks = useCursorList<WebhookView>('/api/v1/webhooks');
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [eventTypes, setEventTypes] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [deliveriesOf, setDeliveriesOf] = useState<WebhookView | null>(null);

  const eventLabel = (type: string) => (type === 'ping' ? m('ping') : tx(`event.${type}`, type));

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (!url.trim()) return;
    setError(null);
    setBusy(true);
    try {
      const created = await post<WebhookView & { secret: string }>('/api/v1/webhooks', {
        url: url.trim(),
        ...(eventTypes.length ? { eventTypes } : {}),
        ...(description.trim() ? { description: description.trim() } : {}),
      });
      setSecret(created.secret);
      setUrl('');
      setDescription('');
      setEventTypes([]);
      webhooks.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const replace = (next: WebhookView) => webhooks.setItems((items) => items.map((item) => (item.id === next.id ? next : item)));

  return (
    <Stack gap="sm" data-testid="settings-webhooks">
      <Title order={2}>{t('settings.webhooks')}</Title>
      <ReadOnlyNote canWrite={canWrite} />
      <ErrorAlert error={error} />
      {secret && (
        <SecretAlert
          message={(value) => t('settings.webhookSecret', { secret: value })}
          secret={secret}
          onClose={() => setSecret(null)}
        />
      )}
      {canWrite && (
        <Card withBorder padding="md" component="form" onSubmit={create} data-testid="webhook-form">
          <Stack gap="sm">
            <TextInput
              label={t('settings.webhookUrl')}
              type="url"
              required
              maxLength={2000}
              placeholder="https://erp.example.kz/edo/events"
              value={url}
              onChange={(e) => setUrl(e.currentTarget.value)}
              data-testid="webhook-url"
            />
            <TextInput
              label={m('webhookDescription')}
              maxLength={200}
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
              data-testid="webhook-description"
            />
            <MultiSelect
              label={m('eventTypes')}
              description={m('eventTypesHelp')}
              styles={DARK_DESCRIPTION}
              data={EVENT_TYPES.map((type) => ({ value: type, label: eventLabel(type) }))}
              value={eventTypes}
              onChange={setEventTypes}
              clearable
              searchable
              data-testid="webhook-events"
            />
            <Group>
              <Button type="submit" loading={busy} disabled={!url.trim()} data-testid="webhook-create">
                {t('settings.createWebhook')}
              </Button>
            </Group>
          </Stack>
        </Card>
      )}
      <ErrorAlert error={webhooks.error} />
      {webhooks.loading && webhooks.items.length === 0 ? (
        <Loading />
      ) : (
        <Empty show={!webhooks.error && webhooks.items.length === 0} />
      )}
      {webhooks.items.map((webhook) => (
        <WebhookCard
          key={webhook.id}
          webhook={webhook}
          canWrite={canWrite}
          eventLabel={eventLabel}
          onChanged={replace}
          onDeleted={(id) => webhooks.setItems((items) => items.filter((item) => item.id !== id))}
          onSecret={setSecret}
          onError={setError}
          onShowDeliveries={() => setDeliveriesOf(webhook)}
        />
      ))}
      <LoadMore list={webhooks} />
      {deliveriesOf && <DeliveriesModal webhook={deliveriesOf} eventLabel={eventLabel} onClose={() => setDeliveriesOf(null)} />}
    </Stack>
  );
}

function WebhookCard({
  webhook,
  canWrite,
  eventLabel,
  onChanged,
  onDeleted,
  onSecret,
  onError,
  onShowDeliveries,
}: {
  webhook: WebhookView;
  canWrite: boolean;
  eventLabel: (type: string) => string;
  onChanged: (webhook: WebhookView) => void;
  onDeleted: (id: string) => void;
  onSecret: (secret: string) => void;
  onError: (error: unknown) => void;
  onShowDeliveries: () => void;
}) {
  const { t, locale } = useI18n();
  const m = useMessages();
  const statusWord = useDeliveryStatusWords();
  const [busy, setBusy] = useState<'toggle' | 'test' | null>(null);
  const [test, setTest] = useState<Delivery | null>(null);
  const base = `/api/v1/webhooks/${webhook.id}`;

  const run = async (kind: 'toggle' | 'test', action: () => Promise<void>) => {
    onError(null);
    setBusy(kind);
    try {
      await action();
    } catch (e) {
      onError(e);
    } finally {
      setBusy(null);
    }
  };

  const toggle = () =>
    run('toggle', async () => onChanged(await post<WebhookView>(`${base}/${webhook.active ? 'disable' : 'enable'}`)));
  const sendTest = () => run('test', async () => setTest(await post<Delivery>(`${base}/test`)));
  const rotate = async () => {
    onError(null);
    try {
      const rotated = await post<WebhookView & { secret: string }>(`${base}/rotate-secret`);
      const { secret, ...view } = rotated;
      onChanged(view);
      onSecret(secret);
    } catch (e) {
      onError(e);
    }
  };
  const remove = async () => {
    onError(null);
    try {
      await api('DELETE', base);
      onDeleted(webhook.id);
    } catch (e) {
      onError(e);
    }
  };

  const state = webhook.active
    ? t('settings.enabled')
    : webhook.disabledReason === 'failures'
      ? m('disabledFailures')
      : webhook.disabledReason === 'manual'
        ? m('disabledManual')
        : t('settings.disabled');

  return (
    <Card withBorder padding="md" data-testid="webhook-card">
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={600} style={{ wordBreak: 'break-all' }}>
            {webhook.url}
          </Text>
          <Badge variant="light" color={webhook.active ? 'green' : 'gray'} c="dark.8" data-testid="webhook-state">
            {state}
          </Badge>
        </Group>
        {webhook.description && <Text size="sm">{webhook.description}</Text>}
        <Text size="sm">
          {m('eventTypes')}: {webhook.eventTypes.length ? webhook.eventTypes.map(eventLabel).join(', ') : m('allEvents')}
        </Text>
        <Text size="xs" c="gray.7">
          {m('created')}: {formatDateTime(webhook.createdAt, locale)}
          {webhook.disabledAt ? ` · ${t('settings.disabled')}: ${formatDateTime(webhook.disabledAt, locale)}` : ''}
          {webhook.consecutiveFailures > 0 ? ` · ${m('failuresInRow', { n: webhook.consecutiveFailures })}` : ''}
        </Text>
        {test && (
          <Alert
            color={DELIVERY_COLORS[test.status] ?? 'gray'}
            role="status"
            withCloseButton
            onClose={() => setTest(null)}
            closeButtonLabel={t('common.close')}
          >
            {m('testResult', {
              result: [
                statusWord(test.status),
                test.httpStatus !== null ? `HTTP ${test.httpStatus}` : null,
                `${test.durationMs} ms`,
              ]
                .filter(Boolean)
                .join(' · '),
            })}
            {test.error ? ` — ${test.error}` : ''}
          </Alert>
        )}
        <Group gap="xs" wrap="wrap">
          <Button
            size="xs"
            variant="default"
            onClick={onShowDeliveries}
            aria-label={`${t('settings.deliveries')}: ${webhook.url}`}
            data-testid="webhook-deliveries"
          >
            {t('settings.deliveries')}
          </Button>
          {canWrite && (
            <>
              <Button size="xs" variant="default" onClick={toggle} loading={busy === 'toggle'} data-testid="webhook-toggle">
                {webhook.active ? m('disable') : m('enable')}
              </Button>
              <Button size="xs" variant="default" onClick={sendTest} loading={busy === 'test'} data-testid="webhook-test">
                {m('test')}
              </Button>
              <ConfirmButton
                label={m('rotateSecret')}
                question={m('rotateSecretConfirm')}
                onConfirm={rotate}
                testId="webhook-rotate"
              />
              <ConfirmButton
                label={t('common.delete')}
                ariaLabel={`${t('common.delete')}: ${webhook.url}`}
                question={m('deleteWebhookConfirm', { url: webhook.url })}
                onConfirm={remove}
                testId="webhook-delete"
              />
            </>
          )}
        </Group>
      </Stack>
    </Card>
  );
}

function DeliveriesModal({
  webhook,
  eventLabel,
  onClose,
}: {
  webhook: WebhookView;
  eventLabel: (type: string) => string;
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  const m = useMessages();
  const statusWord = useDeliveryStatusWords();
  const phone = useMediaQuery('(max-width: 48em)');
  const deliveries = useCursorList<Delivery>(`/api/v1/webhooks/${webhook.id}/deliveries`);

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('settings.deliveries')}
      size="xl"
      fullScreen={!!phone}
      attributes={MODAL_ATTRIBUTES}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack gap="sm" data-testid="webhook-deliveries-log">
        <Text size="sm" style={{ wordBreak: 'break-all' }}>
          {webhook.url}
        </Text>
        <ErrorAlert error={deliveries.error} />
        {deliveries.loading && deliveries.items.length === 0 ? (
          <Loading />
        ) : (
          <Empty show={!deliveries.error && deliveries.items.length === 0} />
        )}
        {deliveries.items.length > 0 && (
          <ScrollTable minWidth={700}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('settings.when')}</Table.Th>
                  <Table.Th>{m('event')}</Table.Th>
                  <Table.Th>{m('httpStatus')}</Table.Th>
                  <Table.Th>{m('attempt')}</Table.Th>
                  <Table.Th>{t('settings.result')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {deliveries.items.map((delivery) => (
                  <Table.Tr key={delivery.id} data-testid="delivery-row">
                    <Table.Td>{formatDateTime(delivery.createdAt, locale)}</Table.Td>
                    <Table.Td>
                      {eventLabel(delivery.eventType)}
                      {delivery.eventSeq ? (
                        <Text span size="xs" c="gray.7">
                          {' '}
                          #{delivery.eventSeq}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{delivery.httpStatus ?? '—'}</Table.Td>
                    <Table.Td>{delivery.attempt}</Table.Td>
                    <Table.Td>
                      <Stack gap={2}>
                        <Group gap={6}>
                          <Badge variant="light" color={DELIVERY_COLORS[delivery.status] ?? 'gray'} c="dark.8">
                            {statusWord(delivery.status)}
                          </Badge>
                          <Text span size="xs" c="gray.7">
                            {delivery.durationMs} ms
                          </Text>
                        </Group>
                        {delivery.error && (
                          <Text size="xs" c="red.9" style={{ wordBreak: 'break-word' }}>
                            {delivery.error}
                          </Text>
                        )}
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
        <LoadMore list={deliveries} />
      </Stack>
    </Modal>
  );
}

// ---- notifications -------------------------------------------------------------------------

function NotificationsPanel() {
  const { t } = useI18n();
  const m = useMessages();
  const [preferences, setPreferences] = useState<NotificationPreferences | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState<keyof NotificationPreferences | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    let cancelled = false;
    get<NotificationPreferences>('/api/v1/notification-preferences').then(
      (value) => !cancelled && setPreferences(value),
      (e) => !cancelled && setError(e),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const change = async (field: keyof NotificationPreferences, value: boolean) => {
    setError(null);
    setSaved(false);
    setSaving(field);
    try {
      setPreferences(await api<NotificationPreferences>('PUT', '/api/v1/notification-preferences', { [field]: value }));
      setSaved(true);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(null);
    }
  };

  const item = (field: keyof NotificationPreferences, label: ReactNode) =>
    preferences && (
      <Switch
        label={label}
        checked={preferences[field]}
        disabled={saving !== null}
        onChange={(e) => void change(field, e.currentTarget.checked)}
        data-testid={`pref-${field}`}
      />
    );

  return (
    <Stack gap="sm" data-testid="settings-notifications">
      <Title order={2}>{t('settings.notifications')}</Title>
      <Text size="sm" c="gray.7">
        {t('settings.preference')}. {m('notificationsHelp')}
      </Text>
      <ErrorAlert error={error} />
      {!preferences && !error && <Loading />}
      {item('emailOnEvents', m('emailOnEvents'))}
      {item('emailDigest', m('emailDigest'))}
      <Text size="sm" c="teal.9" role="status" aria-live="polite">
        {saved ? m('saved') : ''}
      </Text>
    </Stack>
  );
}

// ---- audit ---------------------------------------------------------------------------------

function AuditPanel() {
  const { t, locale } = useI18n();
  const m = useMessages();
  const [actionInput, setActionInput] = useState('');
  const [action, setAction] = useState('');
  const events = useCursorList<AuditEvent>(`/api/v1/audit-events${action ? `?action=${encodeURIComponent(action)}` : ''}`);

  const actor = (event: AuditEvent) => event.actorLabel ?? (event.actorType === 'api_key' ? 'API' : event.actorType);

  return (
    <Stack gap="sm" data-testid="settings-audit">
      <Title order={2}>{t('settings.audit')}</Title>
      <Group
        component="form"
        align="flex-end"
        gap="sm"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setAction(actionInput.trim());
        }}
      >
        <TextInput
          label={m('actionFilter')}
          placeholder={m('actionFilterHelp')}
          maxLength={100}
          value={actionInput}
          onChange={(e) => setActionInput(e.currentTarget.value)}
          data-testid="audit-action-filter"
        />
        <Button type="submit" variant="default">
          {m('apply')}
        </Button>
      </Group>
      <ErrorAlert error={events.error} />
      {events.loading && events.items.length === 0 ? <Loading /> : <Empty show={!events.error && events.items.length === 0} />}
      {events.items.length > 0 && (
        <ScrollTable minWidth={760}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.when')}</Table.Th>
                <Table.Th>{t('settings.action')}</Table.Th>
                <Table.Th>{t('settings.actor')}</Table.Th>
                <Table.Th>{m('target')}</Table.Th>
                <Table.Th>{t('settings.result')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.items.map((event) => (
                <Table.Tr key={event.id} data-testid="audit-row">
                  <Table.Td>{formatDateTime(event.createdAt, locale)}</Table.Td>
                  <Table.Td>
                    <Code>{event.action}</Code>
                  </Table.Td>
                  <Table.Td style={{ wordBreak: 'break-word' }}>{actor(event)}</Table.Td>
                  <Table.Td style={{ wordBreak: 'break-all' }}>
                    {event.targetType || event.targetId ? [event.targetType, event.targetId].filter(Boolean).join(' ') : '—'}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6}>
                      <Badge variant="light" color={event.result === 'success' ? 'green' : 'red'} c="dark.8">
                        {event.result === 'success' ? m('success') : m('failure')}
                      </Badge>
                      {(event.errorCode || (event.statusCode && event.result !== 'success')) && (
                        <Text span size="xs" c="gray.7">
                          {[event.statusCode, event.errorCode].filter(Boolean).join(' ')}
                        </Text>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <LoadMore list={events} />
    </Stack>
  );
}
