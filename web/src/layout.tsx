import { Anchor, AppShell, Badge, Burger, Button, Container, Group, NavLink, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { client, DocumentCounters, ok } from './api';
import { LanguageSwitch, Loading } from './components';
import { useI18n } from './i18n';
import { useSession } from './session';
import { keepEmailConfirmation } from './pages/settings/my-email';

function SkipLink() {
  const { t } = useI18n();
  return (
    <a href="#main" className="edo-skip-link">
      {t('nav.skip')}
    </a>
  );
}

const SKIP_LINK_STYLE = `.edo-skip-link{position:absolute;left:-9999px;top:0;z-index:1000;background:#fff;padding:8px}
.edo-skip-link:focus{left:8px}`;

export function PublicLayout() {
  const { t } = useI18n();
  return (
    <>
      <style>{SKIP_LINK_STYLE}</style>
      <SkipLink />
      <header>
        <Container size="lg" py="sm">
          <Group justify="space-between">
            <Anchor component={Link} to="/app" underline="never" c="dark">
              <Title order={2} size="h3">
                {t('app.name')}
              </Title>
            </Anchor>
            <Group gap="sm">
              <Anchor component={Link} to="/verify" size="sm">
                {t('nav.verify')}
              </Anchor>
              <LanguageSwitch />
            </Group>
          </Group>
        </Container>
      </header>
      <main id="main">
        <Container size="lg" pb="xl">
          <Outlet />
        </Container>
      </main>
    </>
  );
}

export function CabinetLayout() {
  const { t } = useI18n();
  const { me, organization, loading, refresh } = useSession();
  const [opened, { toggle, close }] = useDisclosure();
  // Pages ask for fresh counters after an action; the context object stays the same across renders.
  const loadCountersRef = useRef<() => void>(() => undefined);
  const location = useLocation();
  const navigate = useNavigate();
  const [counters, setCounters] = useState<DocumentCounters | null>(null);
  const outletContext = useMemo(() => ({ reloadCounters: () => loadCountersRef.current() }), []);

  const loadCounters = useCallback(() => {
    if (me) ok(client.GET('/api/v1/documents/counters')).then(setCounters, () => undefined);
  }, [me]);
  loadCountersRef.current = loadCounters;
  useEffect(() => {
    loadCounters();
    close();
  }, [location.pathname, loadCounters, close]);

  if (loading) return <Loading />;
  if (!me) {
    keepEmailConfirmation(location.hash);
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  }

  const logout = async () => {
    await ok(client.POST('/api/v1/auth/logout')).catch(() => undefined);
    await refresh();
    navigate('/login');
  };
  const item = (to: string, label: string, badge?: number) => (
    <NavLink
      key={to}
      component={Link}
      to={to}
      label={label}
      active={location.pathname === to || location.pathname.startsWith(`${to}/`)}
      variant="filled"
      rightSection={
        badge ? (
          <Badge size="sm" c="dark.8" color="yellow" variant="light">
            {badge}
          </Badge>
        ) : undefined
      }
    />
  );

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 260, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <style>{SKIP_LINK_STYLE}</style>
      <SkipLink />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.menu')} />
            <Title order={2} size="h4">
              {t('app.name')}
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" visibleFrom="sm" data-testid="organization-name">
              {organization?.name} · {organization?.identifier}
            </Text>
            <LanguageSwitch />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label={t('nav.menu')}>
        <nav>
          <Stack gap={2}>
            <Text size="xs" c="dimmed" hiddenFrom="sm">
              {organization?.name} · {me.label}
            </Text>
            {item('/app/documents/inbox', t('nav.inbox'), counters?.unreadIncoming)}
            {item('/app/documents/awaiting_my_signature', t('nav.awaiting'), counters?.awaitingMySignature)}
            {item('/app/documents/outbox', t('nav.outbox'))}
            {item('/app/documents/drafts', t('nav.drafts'))}
            {item('/app/upload', t('nav.upload'))}
            {item('/verify', t('nav.verify'))}
            {item('/app/settings', t('nav.settings'))}
            <Button variant="subtle" color="dark" justify="start" onClick={logout} mt="md">
              {t('nav.logout')}
            </Button>
          </Stack>
        </nav>
      </AppShell.Navbar>
      <AppShell.Main id="main">
        <Outlet context={outletContext} />
      </AppShell.Main>
    </AppShell>
  );
}
