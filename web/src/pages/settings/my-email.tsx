import { Alert, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { FormEvent, useEffect, useRef, useState } from 'react';
import { client, ok } from '../../api';
import { ErrorAlert, Loading } from '../../components';
import { useI18n } from '../../i18n';
import { peopleMessage, PeopleMessageKey } from '../people-messages';
import { useFetched } from './shared';

// Same rule as the server's @IsEmail in spirit: one @, a dot in the domain, no spaces. The server
// has the last word (400 VALIDATION_FAILED, 409 EMAIL_TAKEN).
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// The confirmation link mailed to a new address: /app/settings/notifications#confirm-email=<token>.
// The token is in the fragment, which the browser never sends to the server (no access log holds it).
const CONFIRM_FRAGMENT = /^#confirm-email=([A-Za-z0-9_-]{43})$/;
const CONFIRM_KEPT = 'edo.confirmEmail';

// The link opened while signed out: the login page keeps only the path, so the fragment waits in
// this tab's sessionStorage (not in the address, where it would reach the server) until the page
// opens after the login.
export function keepEmailConfirmation(hash: string) {
  if (CONFIRM_FRAGMENT.test(hash)) sessionStorage.setItem(CONFIRM_KEPT, hash);
}

function takeEmailConfirmation(): string | null {
  const kept = sessionStorage.getItem(CONFIRM_KEPT);
  sessionStorage.removeItem(CONFIRM_KEPT);
  const match = CONFIRM_FRAGMENT.exec(window.location.hash) ?? (kept ? CONFIRM_FRAGMENT.exec(kept) : null);
  return match ? match[1] : null;
}

// The user's own e-mail, where notifications go: a head registered by ЭЦП has none until they set
// it. A new address changes nothing until its mailbox confirms it (the mailed link opens this page).
export function MyEmail() {
  const { locale } = useI18n();
  const p = (key: PeopleMessageKey, params?: Record<string, string>) => peopleMessage(locale, key, params);
  const profile = useFetched('profile', () => ok(client.GET('/api/v1/auth/profile')));
  const [editing, setEditing] = useState(false);
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  // The answer to the confirmation wins over the page's first read, which may arrive later with
  // the address as it was before.
  const [confirmedProfile, setConfirmedProfile] = useState<typeof profile.value>(null);
  const [error, setError] = useState<unknown>(null);
  const confirmStarted = useRef(false);

  // Opened from the confirmation mail: spend the token once (a re-render or React's double effect
  // in development must not post it twice), and drop it from the address bar and history.
  useEffect(() => {
    const confirmFromLink = () => {
      if (confirmStarted.current) return;
      const token = takeEmailConfirmation();
      if (!token) return;
      confirmStarted.current = true;
      window.history.replaceState(null, '', window.location.pathname + window.location.search);
      setError(null);
      setConfirming(true);
      ok(client.POST('/api/v1/auth/profile/email/confirm', { body: { token } }))
        .then((updated) => {
          setConfirmedProfile(updated);
          setConfirmed(true);
        })
        .catch(setError)
        .finally(() => {
          setConfirming(false);
          confirmStarted.current = false;
        });
    };
    confirmFromLink();
    // The link opened in a tab already on this page changes only the fragment: no new mount.
    window.addEventListener('hashchange', confirmFromLink);
    return () => window.removeEventListener('hashchange', confirmFromLink);
  }, []);
  const invalid = email.trim() !== '' && !EMAIL.test(email.trim());

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!EMAIL.test(email.trim())) return;
    setError(null);
    setBusy(true);
    try {
      profile.setValue(await ok(client.PUT('/api/v1/auth/profile/email', { body: { email: email.trim() } })));
      setEditing(false);
      setConfirmed(false);
      setConfirmedProfile(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const shown = confirmedProfile ?? profile.value;
  const current = shown?.email ?? null;
  const pending = shown?.pendingEmail ?? null;
  return (
    <Card withBorder padding="md" data-testid="my-email">
      <Stack gap="xs">
        <Title order={3}>{p('myEmail')}</Title>
        <ErrorAlert error={profile.error ?? error} />
        {!shown && !profile.error && <Loading />}
        {shown && !editing && (
          <>
            {current ? (
              <Text data-testid="my-email-value">{current}</Text>
            ) : (
              <Alert color="yellow" data-testid="my-email-missing">
                {p('noEmail')}
              </Alert>
            )}
            {pending && (
              <Alert color="blue" data-testid="my-email-pending">
                {p('emailPending', { email: pending })}
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
                  setConfirmed(false);
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
        <Text size="sm" c="teal.9" role="status" aria-live="polite" data-testid="my-email-status">
          {confirming ? p('emailConfirming') : confirmed ? p('emailConfirmed') : ''}
        </Text>
      </Stack>
    </Card>
  );
}
