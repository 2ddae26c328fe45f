import { Alert, Anchor, Box, Button, Card, Checkbox, Group, Radio, Stack, Text, Title } from '@mantine/core';
import { EKU } from '../ncalayer/client/protocol';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { client, ok, Schemas } from '../api';
import { ErrorAlert, Loading } from '../components';
import { useI18n } from '../i18n';
import { LegalText } from '../legal-text';
import { signWithNcaLayer } from '../ncalayer/signing';
import { useSession } from '../session';
import { useAction } from '../use-action';

type Registered = Schemas['RegistrationResponse'];

// Registration is the signature of the offer's exact bytes (the version in force, in kk or ru).
export function RegisterPage() {
  const { t, locale } = useI18n();
  const { config, refresh } = useSession();
  const navigate = useNavigate();
  const textLocale = locale === 'kk' ? 'kk' : 'ru';
  const [offer, setOffer] = useState<{ version: number; bytes: Uint8Array; text: string } | null>(null);
  const [accepted, setAccepted] = useState(false);
  const [kind, setKind] = useState<'legal_entity' | 'individual'>('legal_entity');
  const [loadError, setLoadError] = useState<unknown>(null);
  const { busy, error: signError, run } = useAction();
  const error = loadError ?? signError;
  const [registered, setRegistered] = useState<Registered | null>(null);

  useEffect(() => {
    setOffer(null);
    (async () => {
      const current = await ok(client.GET('/api/v1/legal/{kind}/current', { params: { path: { kind: 'offer' } } }));
      const version = current.current.version;
      const text = await ok(
        client.GET('/api/v1/legal/{kind}/versions/{version}/text/{locale}', {
          params: { path: { kind: 'offer', version, locale: textLocale } },
          parseAs: 'arrayBuffer',
        }),
      );
      const bytes = new Uint8Array(text);
      setOffer({ version, bytes, text: new TextDecoder().decode(bytes) });
    })().catch(setLoadError);
  }, [textLocale]);

  const register = () => {
    if (!offer || !config) return;
    return run(async () => {
      // NCALayer then offers only keys of the chosen kind of holder (organization staff or a person).
      const cms = await signWithNcaLayer(config.ncaLayerUrl, locale, {
        bytes: offer.bytes,
        detached: true,
        filters: { keyUsage: 'SIGN', extKeyUsageOids: [kind === 'legal_entity' ? EKU.organization : EKU.individual] },
      });
      const result = await ok(
        client.POST('/api/v1/registration', {
          body: { documentKind: 'offer', offerVersion: offer.version, locale: textLocale, cms },
        }),
      );
      setRegistered(result);
      await refresh();
    });
  };

  if (registered) {
    // Worded by what the certificate made of the registrant, not by the radio button chosen above.
    const individual = registered.organization.kind === 'individual';
    return (
      <Stack maw={640} mx="auto" mt="xl">
        <Title order={1} data-testid="registered-title">
          {t(individual ? 'register.doneIndividual' : 'register.doneLegal')}
        </Title>
        <Alert color="green" role="status" data-testid="registered-organization">
          <Text fw={600}>{registered.organization.name}</Text>
          <Text>
            {t(individual ? 'register.identifierIndividual' : 'register.identifierLegal')}: {registered.organization.identifier}
          </Text>
          <Text>{registered.mainUser.fullName}</Text>
        </Alert>
        <Button onClick={() => navigate('/app')}>{t('register.goCabinet')}</Button>
      </Stack>
    );
  }

  return (
    <Stack maw={760} mx="auto" mt="xl" gap="md">
      <Title order={1}>{t('register.title')}</Title>
      <Text>{t('register.intro')}</Text>
      <ErrorAlert error={error} />
      {!offer ? (
        <Loading />
      ) : (
        <Card withBorder padding="md">
          <Stack gap="sm">
            <Title order={2} size="h4">
              {t('register.offer', { version: offer.version })}
            </Title>
            {/* A plain scrolling box: focusable, so keyboard users can scroll the whole offer. */}
            <Box
              tabIndex={0}
              role="region"
              aria-label={t('register.offer', { version: offer.version })}
              style={{ maxHeight: 320, overflow: 'auto', border: '1px solid var(--mantine-color-gray-3)', padding: 8 }}
            >
              <LegalText source={offer.text} />
            </Box>
            <Radio.Group label={t('register.as')} value={kind} onChange={(value) => setKind(value as typeof kind)}>
              <Group gap="lg" mt={4}>
                <Radio value="legal_entity" label={t('register.legalEntity')} />
                <Radio value="individual" label={t('register.individual')} />
              </Group>
            </Radio.Group>
            <Checkbox label={t('register.read')} checked={accepted} onChange={(e) => setAccepted(e.currentTarget.checked)} />
            <Button onClick={register} disabled={!accepted || !config} loading={busy} data-testid="register-sign">
              {t('register.sign')}
            </Button>
            {busy && <Text size="sm">{t('ncalayer.signing')}</Text>}
          </Stack>
        </Card>
      )}
      <Text size="sm">
        {t('register.haveAccount')}{' '}
        <Anchor component={Link} to="/login">
          {t('login.submit')}
        </Anchor>
      </Text>
    </Stack>
  );
}
