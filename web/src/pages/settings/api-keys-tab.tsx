import { Badge, Button, Card, Code, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { FormEvent, useState } from 'react';
import { client, ok, Schemas } from '../../api';
import { ErrorAlert } from '../../components';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import {
  ConfirmButton,
  DARK_DESCRIPTION,
  ListStatus,
  LoadMore,
  ReadOnlyNote,
  ScrollTable,
  SecretAlert,
  useCursorList,
  useMessages,
  useRightsText,
} from './shared';

// The contract's shape of the API's answer.

type ApiKeyView = Schemas['ApiKeyResponse'];

export function ApiKeysPanel() {
  const { t, locale } = useI18n();
  const m = useMessages();
  const { can } = useSession();
  const rightsText = useRightsText();
  const canWrite = can('administration', 'write');
  const keys = useCursorList('api-keys', (cursor) => ok(client.GET('/api/v1/api-keys', { params: { query: { cursor } } })));
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
      const created = await ok(client.POST('/api/v1/api-keys', { body: { name: name.trim() } }));
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
      const revoked = await ok(client.DELETE('/api/v1/api-keys/{id}', { params: { path: { id: key.id } } }));
      // The keys created with it are revoked too.
      if (revoked.alsoRevoked.length > 0) keys.reload();
      else keys.setItems((items) => items.map((item) => (item.id === key.id ? { ...item, ...revoked } : item)));
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
      <ListStatus list={keys} />
      {keys.items.length > 0 && (
        <ScrollTable minWidth={960}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.keyLabel')}</Table.Th>
                <Table.Th>{m('keyPrefix')}</Table.Th>
                <Table.Th>{t('settings.rights')}</Table.Th>
                <Table.Th>{m('keyCreatedBy')}</Table.Th>
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
                  <Table.Td data-testid="api-key-created-by">
                    {key.createdBy ? `${key.createdBy.fullName}${key.createdBy.iin ? ` (${key.createdBy.iin})` : ''}` : '—'}
                    {key.createdByApiKey && (
                      <Text size="xs" c="dimmed">
                        {m('keyVia', { prefix: key.createdByApiKey.prefix })}
                      </Text>
                    )}
                  </Table.Td>
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
