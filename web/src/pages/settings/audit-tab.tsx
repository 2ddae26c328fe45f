import { Badge, Button, Code, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { FormEvent, useState } from 'react';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { client, ok, Schemas } from '../../api';
import { ListStatus, LoadMore, ScrollTable, useCursorList, useMessages } from './shared';

// The contract's shape of the API's answer.

type AuditEvent = Schemas['AuditEventResponse'];

export function AuditPanel() {
  const { t, locale } = useI18n();
  const m = useMessages();
  const [actionInput, setActionInput] = useState('');
  const [action, setAction] = useState('');
  const events = useCursorList(`audit-events ${action}`, (cursor) =>
    ok(client.GET('/api/v1/audit-events', { params: { query: { cursor, ...(action && { action }) } } })),
  );

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
      <ListStatus list={events} />
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
