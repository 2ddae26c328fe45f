import { Alert, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { FormEvent, useState } from 'react';
import { client, ok } from '../../api';
import { ErrorAlert, Loading } from '../../components';
import { useI18n } from '../../i18n';
import { peopleMessage, PeopleMessageKey } from '../people-messages';
import { useFetched } from './shared';

// Same rule as the server's @IsEmail in spirit: one @, a dot in the domain, no spaces. The server
// has the last word (400 VALIDATION_FAILED, 409 EMAIL_TAKEN).
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// The user's own e-mail, where notifications go: a head registered by ЭЦП has none until they set it.
export function MyEmail() {
  const { locale } = useI18n();
  const p = (key: PeopleMessageKey) => peopleMessage(locale, key);
  const profile = useFetched('profile', () => ok(client.GET('/api/v1/auth/profile')));
  const [editing, setEditing] = useState(false);
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const invalid = email.trim() !== '' && !EMAIL.test(email.trim());

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!EMAIL.test(email.trim())) return;
    setError(null);
    setBusy(true);
    try {
      profile.setValue(await ok(client.PUT('/api/v1/auth/profile/email', { body: { email: email.trim() } })));
      setEditing(false);
      setSaved(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const current = profile.value?.email ?? null;
  return (
    <Card withBorder padding="md" data-testid="my-email">
      <Stack gap="xs">
        <Title order={3}>{p('myEmail')}</Title>
        <ErrorAlert error={profile.error ?? error} />
        {!profile.value && !profile.error && <Loading />}
        {profile.value && !editing && (
          <>
            {current ? (
              <Text data-testid="my-email-value">{current}</Text>
            ) : (
              <Alert color="yellow" data-testid="my-email-missing">
                {p('noEmail')}
              </Alert>
            )}
            <Text size="sm" c="gray.7">
              {p('myEmailHelp')}
            </Text>
            <Group>
              <Button
                variant="light"
                onClick={() => {
                  setEmail(current ?? '');
                  setSaved(false);
                  setEditing(true);
                }}
                data-testid="my-email-edit"
              >
                {current ? p('changeEmail') : p('setEmail')}
              </Button>
            </Group>
          </>
        )}
        {editing && (
          <Group component="form" onSubmit={save} align="flex-start" gap="sm">
            <TextInput
              aria-label={p('myEmail')}
              type="email"
              autoComplete="email"
              maxLength={320}
              miw={280}
              value={email}
              error={invalid ? p('emailInvalid') : undefined}
              onChange={(e) => setEmail(e.currentTarget.value)}
              data-testid="my-email-input"
              autoFocus
            />
            <Button type="submit" loading={busy} disabled={!EMAIL.test(email.trim())} data-testid="my-email-save">
              {p('save')}
            </Button>
            <Button variant="default" onClick={() => setEditing(false)}>
              {p('cancel')}
            </Button>
          </Group>
        )}
        <Text size="sm" c="teal.9" role="status" aria-live="polite">
          {saved ? p('emailSaved') : ''}
        </Text>
      </Stack>
    </Card>
  );
}
