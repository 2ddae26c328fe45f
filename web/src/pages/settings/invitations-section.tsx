import { Alert, Badge, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { FormEvent, useState } from 'react';
import { client, ok, Rights, Schemas } from '../../api';
import { ErrorAlert } from '../../components';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { ConfirmButton, DARK_DESCRIPTION, ListStatus, LoadMore, ScrollTable, useCursorList, useMessages } from './shared';
import { RIGHTS_PRESETS, RightsChooser, useRightsWords } from './rights-choice';

// The contract's shape of the API's answer.

type InvitationStatus = Invitation['status'];

type Invitation = Schemas['InvitationResponse'];

export function InvitationsSection() {
  const { t, locale } = useI18n();
  const m = useMessages();
  const { me, organization, can } = useSession();
  const rightsText = useRightsWords();
  const canWrite = can('administration', 'write');
  const organizationId = organization?.id ?? me?.organizationId ?? null;
  const invitations = useCursorList(organizationId, (cursor) =>
    ok(
      client.GET('/api/v1/organizations/{id}/invitations', {
        params: { path: { id: organizationId ?? '' }, query: { cursor } },
      }),
    ),
  );
  const [iin, setIin] = useState('');
  const [email, setEmail] = useState('');
  const [rights, setRights] = useState<Rights>({ ...RIGHTS_PRESETS.viewer });
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
      await ok(
        client.POST('/api/v1/organizations/{id}/invitations', {
          params: { path: { id: organizationId } },
          body: {
            iin,
            ...(email.trim() ? { email: email.trim() } : {}),
            rights,
          },
        }),
      );
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
      await ok(
        client.DELETE('/api/v1/organizations/{id}/invitations/{invitationId}', {
          params: { path: { id: invitation.organizationId, invitationId: invitation.id } },
        }),
      );
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
            </Group>
            <RightsChooser value={rights} onChange={setRights} />
            <Group>
              <Button type="submit" loading={busy} disabled={!/^\d{12}$/.test(iin)} data-testid="invite-submit">
                {t('settings.invite')}
              </Button>
            </Group>
          </Stack>
        </Card>
      )}
      <ListStatus list={invitations} />
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
