import { Stack, Switch, Text, Title } from '@mantine/core';
import { ReactNode, useState } from 'react';
import { client, ok, Schemas } from '../../api';
import { ErrorAlert, Loading } from '../../components';
import { useI18n } from '../../i18n';
import { MyEmail } from './my-email';
import { useFetched, useMessages } from './shared';

type NotificationPreferences = Schemas['NotificationPreferencesResponse'];

export function NotificationsPanel() {
  const { t } = useI18n();
  const m = useMessages();
  const {
    value: preferences,
    setValue: setPreferences,
    error,
    setError,
  } = useFetched('notification-preferences', () => ok(client.GET('/api/v1/notification-preferences')));
  const [saving, setSaving] = useState<keyof NotificationPreferences | null>(null);
  const [saved, setSaved] = useState(false);

  const change = async (field: keyof NotificationPreferences, value: boolean) => {
    setError(null);
    setSaved(false);
    setSaving(field);
    try {
      setPreferences(await ok(client.PUT('/api/v1/notification-preferences', { body: { [field]: value } })));
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
      <MyEmail />
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
