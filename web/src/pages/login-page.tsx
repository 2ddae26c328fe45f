import { Alert, Anchor, Button, Card, Divider, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, client, ok } from '../api';
import { ErrorAlert } from '../components';
import { useI18n } from '../i18n';
import { signerFilterFor, signWithNcaLayer } from '../ncalayer/signing';
import { rememberedOrganization, rememberOrganization, useSession } from '../session';
import { useAction } from '../use-action';
import { peopleMessage } from './people-messages';

// Only same-site cabinet paths may be a destination after login (no open redirect).
function safeNext(next: string | null): string {
  return next && /^\/app(\/[\w\-/]*)?$/.test(next) ? next : '/app';
}

export function LoginPage() {
  const { t, locale } = useI18n();
  const { config, refresh } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const bySignature = useAction();
  const byPassword = useAction();
  const error = bySignature.error ?? byPassword.error;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [remembered, setRemembered] = useState(rememberedOrganization);
  // The invitation link being followed; cleared when the person chooses their own cabinet instead.
  const [invitationId, setInvitationId] = useState(() => params.get('invitation'));
  const [refusedInvitation, setRefusedInvitation] = useState<ApiError | null>(null);

  const done = async () => {
    await refresh();
    navigate(safeNext(params.get('next')));
  };

  const loginBySignature = (invitation = invitationId) => {
    byPassword.setError(null);
    setRefusedInvitation(null);
    return bySignature.run(async () => {
      const challenge = await ok(client.POST('/api/v1/auth/signature/challenge'));
      // An invitee joins another organization: its key may be of none this browser remembers.
      const identity = remembered && !invitation ? signerFilterFor(remembered.identifier, remembered.kind) : {};
      const cms = await signWithNcaLayer(config!.ncaLayerUrl, locale, {
        data: challenge.dataToSign,
        filters: { ...identity, keyUsage: 'AUTH' },
      });
      try {
        await ok(
          client.POST('/api/v1/auth/signature/login', {
            body: { nonce: challenge.nonce, cms, ...(invitation && { invitationId: invitation }) },
          }),
        );
      } catch (error) {
        // Another person's key on an invitation link: say so, keep the invitation, and let them
        // choose to go to their own cabinet (never open it silently).
        if (error instanceof ApiError && (error.code === 'INVITATION_OTHER_PERSON' || error.code === 'INVITATION_NOT_OPEN')) {
          setRefusedInvitation(error);
          return;
        }
        throw error;
      }
      await done();
    });
  };

  const continueToOwnCabinet = () => {
    setInvitationId(null);
    void loginBySignature(null);
  };

  const loginByPassword = (event: FormEvent) => {
    event.preventDefault();
    bySignature.setError(null);
    return byPassword.run(async () => {
      await ok(client.POST('/api/v1/auth/login', { body: { email, password } }));
      await done();
    });
  };

  return (
    <Stack maw={480} mx="auto" mt="xl" gap="md">
      <Title order={1}>{t('login.title')}</Title>
      <Text c="dimmed">{t('app.tagline')}</Text>
      {invitationId && !refusedInvitation && (
        <Alert color="blue" role="status" data-testid="invitation-note">
          {t('login.invited')}
        </Alert>
      )}
      {refusedInvitation && (
        <Alert color="orange" role="alert" data-testid="invitation-refused" data-error-code={refusedInvitation.code}>
          <Stack gap="sm">
            <Text size="sm">
              {refusedInvitation.code === 'INVITATION_OTHER_PERSON'
                ? peopleMessage(locale, 'invitationOtherPerson', {
                    invitedIin: String(refusedInvitation.details?.invitedIin ?? ''),
                    keyIin: String(refusedInvitation.details?.keyIin ?? ''),
                  })
                : peopleMessage(locale, 'invitationNotOpen')}
            </Text>
            <Group>
              <Button variant="light" onClick={continueToOwnCabinet} data-testid="invitation-continue-own">
                {peopleMessage(locale, 'continueOwn')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      <ErrorAlert error={error} />
      <Card withBorder padding="lg">
        <Stack gap="sm">
          <Button
            size="md"
            onClick={() => void loginBySignature()}
            loading={bySignature.busy}
            disabled={!config}
            data-testid="login-signature"
          >
            {t('login.signature')}
          </Button>
          <Text size="sm" c="dimmed">
            {bySignature.busy ? t('ncalayer.signing') : t('login.signatureHelp')}
          </Text>
          {remembered && (
            <Text size="sm" data-testid="remembered-organization">
              {t('login.as', { name: remembered.name, identifier: remembered.identifier })}{' '}
              <Anchor
                component="button"
                type="button"
                size="sm"
                onClick={() => {
                  rememberOrganization(null);
                  setRemembered(null);
                }}
              >
                {t('login.otherKey')}
              </Anchor>
            </Text>
          )}
        </Stack>
      </Card>
      <Divider label={t('login.password')} labelPosition="center" />
      <Card withBorder padding="lg" component="form" onSubmit={loginByPassword}>
        <Stack gap="sm">
          <TextInput
            label={t('login.email')}
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <PasswordInput
            label={t('login.passwordField')}
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <Button type="submit" variant="light" loading={byPassword.busy}>
            {t('login.submit')}
          </Button>
        </Stack>
      </Card>
      <Text size="sm">
        {t('login.noAccount')}{' '}
        <Anchor component={Link} to="/register">
          {t('login.register')}
        </Anchor>
      </Text>
    </Stack>
  );
}
