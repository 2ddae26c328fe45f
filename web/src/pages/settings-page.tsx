import { Alert, Stack, Tabs, Title } from '@mantine/core';
import type { ReactElement } from 'react';
import { Navigate, useNavigate, useParams } from 'react-router-dom';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { ApiKeysPanel } from './settings/api-keys-tab';
import { AuditPanel } from './settings/audit-tab';
import { NotificationsPanel } from './settings/notifications-tab';
import { OrganizationPanel } from './settings/organization-tab';
import { DARK_ALERT_TITLE, useMessages } from './settings/shared';
import { UsersPanel } from './settings/users-tab';
import { WebhooksPanel } from './settings/webhooks-tab';

// The settings page: one tab per use case (the tabs live in ./settings/), the active tab's name in the address.

const TABS = ['organization', 'users', 'apiKeys', 'webhooks', 'notifications', 'audit'] as const;
type TabName = (typeof TABS)[number];
const TAB_ALIASES: Record<string, TabName> = { 'api-keys': 'apiKeys', api_keys: 'apiKeys' };
const PANELS: Record<TabName, () => ReactElement> = {
  organization: OrganizationPanel,
  users: UsersPanel,
  apiKeys: ApiKeysPanel,
  webhooks: WebhooksPanel,
  notifications: NotificationsPanel,
  audit: AuditPanel,
};

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
        {shown.map((tab) => {
          const Panel = PANELS[tab];
          return (
            <Tabs.Panel key={tab} value={tab} pt="md">
              <Panel />
            </Tabs.Panel>
          );
        })}
      </Tabs>
      {!visible[active] && me && (
        <Alert color="yellow" role="alert" styles={DARK_ALERT_TITLE} data-testid="settings-no-access">
          {m('noAccess')}
        </Alert>
      )}
    </Stack>
  );
}
