import { Anchor, Badge, Group, Select, Stack, Table, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { client, ok, Schemas } from '../../api';
import { auditActionWords, peopleMessage, PeopleMessageKey } from '../people-messages';
import { ListStatus, LoadMore, ScrollTable, useCursorList, useFetched, useMessages } from './shared';

// The contract's shape of the API's answer.

type AuditEvent = Schemas['AuditEventResponse'];

const TARGET_KEYS: Record<string, PeopleMessageKey> = {
  document: 'targetDocument',
  document_package: 'targetDocument',
  user: 'targetUser',
  invitation: 'targetInvitation',
  api_key: 'targetApiKey',
  organization: 'targetOrganization',
  session: 'targetSession',
  webhook: 'targetWebhook',
};

// The audit log in words: the action's name, the actor's and the target's names (the server
// resolves them within this organization), never a bare code or id; filters are chosen from lists.
export function AuditPanel() {
  const { t, locale } = useI18n();
  const m = useMessages();
  const p = (key: PeopleMessageKey, params?: Record<string, string | number>) => peopleMessage(locale, key, params);
  const [action, setAction] = useState<string | null>(null);
  const [actorId, setActorId] = useState<string | null>(null);
  const filters = useFetched('audit-filters', () => ok(client.GET('/api/v1/audit-events/filters')));
  const events = useCursorList(`audit-events ${action ?? ''} ${actorId ?? ''}`, (cursor) =>
    ok(
      client.GET('/api/v1/audit-events', {
        params: { query: { cursor, ...(action && { action }), ...(actorId && { actorId }) } },
      }),
    ),
  );

  const actionChoices = useMemo(
    () =>
      (filters.value?.actions ?? [])
        .map((value) => ({ value, label: auditActionWords(locale, value) ?? value }))
        .sort((a, b) => a.label.localeCompare(b.label, locale)),
    [filters.value, locale],
  );
  const actorChoices = useMemo(
    () =>
      (filters.value?.actors ?? []).map((actor) => ({
        value: actor.actorId,
        label: actor.actorType === 'api_key' ? p('actorApiKey', { name: actor.name }) : actor.name,
      })),
    [filters.value, locale],
  );

  const actionText = (event: AuditEvent) =>
    auditActionWords(locale, event.action) ?? `${p('otherAction')}: ${event.httpMethod ?? ''} ${event.path ?? ''}`.trim();

  const actorText = (event: AuditEvent) => {
    switch (event.actorType) {
      case 'api_key':
        return p('actorApiKey', { name: event.actorName ?? event.actorLabel ?? '' });
      case 'operator':
        return p('actorOperator');
      case 'system':
        return p('actorSystem');
      case 'anonymous':
        return event.actorLabel ? `${p('actorAnonymous')}: ${event.actorLabel}` : p('actorAnonymous');
      default:
        return event.actorName ?? event.actorLabel ?? '—';
    }
  };

  const targetCell = (event: AuditEvent) => {
    if (!event.targetType) return '—';
    const kind = p(TARGET_KEYS[event.targetType] ?? 'targetOther');
    if (event.targetType === 'document' && event.targetId && event.targetName)
      return (
        <>
          {kind}{' '}
          <Anchor component={Link} to={`/app/document/${event.targetId}`} size="sm">
            «{event.targetName}»
          </Anchor>
        </>
      );
    return event.targetName ? `${kind} ${event.targetType === 'invitation' ? event.targetName : `«${event.targetName}»`}` : kind;
  };

  return (
    <Stack gap="sm" data-testid="settings-audit">
      <Title order={2}>{t('settings.audit')}</Title>
      <Group align="flex-end" gap="sm">
        <Select
          label={p('actionFilter')}
          placeholder={p('allActions')}
          data={actionChoices}
          value={action}
          onChange={setAction}
          clearable
          searchable
          miw={280}
          data-testid="audit-action-filter"
        />
        <Select
          label={p('actorFilter')}
          placeholder={p('allActors')}
          data={actorChoices}
          value={actorId}
          onChange={setActorId}
          clearable
          searchable
          miw={240}
          data-testid="audit-actor-filter"
        />
      </Group>
      <ListStatus list={events} error={filters.error} />
      {events.items.length > 0 && (
        <ScrollTable minWidth={760}>
          <Table striped data-testid="audit-table">
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
                <Table.Tr key={event.id} data-testid="audit-row" data-action={event.action}>
                  <Table.Td>{formatDateTime(event.createdAt, locale)}</Table.Td>
                  <Table.Td>{actionText(event)}</Table.Td>
                  <Table.Td style={{ wordBreak: 'break-word' }}>{actorText(event)}</Table.Td>
                  <Table.Td style={{ wordBreak: 'break-word' }}>{targetCell(event)}</Table.Td>
                  <Table.Td>
                    {/* The error code is a detail for support: on hover, not in the text of the log. */}
                    <Badge
                      variant="light"
                      color={event.result === 'success' ? 'green' : 'red'}
                      c="dark.8"
                      title={
                        event.result !== 'success' ? [event.statusCode, event.errorCode].filter(Boolean).join(' ') : undefined
                      }
                    >
                      {event.result === 'success' ? m('success') : m('failure')}
                    </Badge>
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
