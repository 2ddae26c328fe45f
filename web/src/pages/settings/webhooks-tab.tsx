import { Alert, Badge, Button, Card, Group, MultiSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { FormEvent, useState } from 'react';
import { client, ok, ORGANIZATION_EVENT_TYPES, Schemas } from '../../api';
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
  SecretAlert,
  useCursorList,
  useMessages,
} from './shared';
import { DeliveriesModal, Delivery, DELIVERY_COLORS, useDeliveryStatusWords } from './webhook-deliveries';

// The contract's shapes of the API's answer.
export type WebhookView = Schemas['WebhookResponse'];

const EVENT_TYPES = ORGANIZATION_EVENT_TYPES;
type OrganizationEventType = Schemas['OrganizationEventType'];

export function WebhooksPanel() {
  const { t, tx } = useI18n();
  const m = useMessages();
  const { can } = useSession();
  const canWrite = can('administration', 'write');
  const webhooks = useCursorList('webhooks', (cursor) => ok(client.GET('/api/v1/webhooks', { params: { query: { cursor } } })));
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [eventTypes, setEventTypes] = useState<OrganizationEventType[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [deliveriesOf, setDeliveriesOf] = useState<WebhookView | null>(null);

  const eventLabel = (type: string) => (type === 'ping' ? m('ping') : tx(`event.${type}`, type));

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (!url.trim()) return;
    setError(null);
    setBusy(true);
    try {
      const created = await ok(
        client.POST('/api/v1/webhooks', {
          body: {
            url: url.trim(),
            ...(eventTypes.length ? { eventTypes } : {}),
            ...(description.trim() ? { description: description.trim() } : {}),
          },
        }),
      );
      setSecret(created.secret);
      setUrl('');
      setDescription('');
      setEventTypes([]);
      webhooks.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const replace = (next: WebhookView) => webhooks.setItems((items) => items.map((item) => (item.id === next.id ? next : item)));

  return (
    <Stack gap="sm" data-testid="settings-webhooks">
      <Title order={2}>{t('settings.webhooks')}</Title>
      <ReadOnlyNote canWrite={canWrite} />
      <ErrorAlert error={error} />
      {secret && (
        <SecretAlert
          message={(value) => t('settings.webhookSecret', { secret: value })}
          secret={secret}
          onClose={() => setSecret(null)}
        />
      )}
      {canWrite && (
        <Card withBorder padding="md" component="form" onSubmit={create} data-testid="webhook-form">
          <Stack gap="sm">
            <TextInput
              label={t('settings.webhookUrl')}
              type="url"
              required
              maxLength={2000}
              placeholder="https://erp.example.kz/edo/events"
              value={url}
              onChange={(e) => setUrl(e.currentTarget.value)}
              data-testid="webhook-url"
            />
            <TextInput
              label={m('webhookDescription')}
              maxLength={200}
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
              data-testid="webhook-description"
            />
            <MultiSelect
              label={m('eventTypes')}
              description={m('eventTypesHelp')}
              styles={DARK_DESCRIPTION}
              data={EVENT_TYPES.map((type) => ({ value: type, label: eventLabel(type) }))}
              value={eventTypes}
              // The choices are the contract's event types (EVENT_TYPES).
              onChange={(values) => setEventTypes(values as OrganizationEventType[])}
              clearable
              searchable
              data-testid="webhook-events"
            />
            <Group>
              <Button type="submit" loading={busy} disabled={!url.trim()} data-testid="webhook-create">
                {t('settings.createWebhook')}
              </Button>
            </Group>
          </Stack>
        </Card>
      )}
      <ListStatus list={webhooks} />
      {webhooks.items.map((webhook) => (
        <WebhookCard
          key={webhook.id}
          webhook={webhook}
          canWrite={canWrite}
          eventLabel={eventLabel}
          onChanged={replace}
          onDeleted={(id) => webhooks.setItems((items) => items.filter((item) => item.id !== id))}
          onSecret={setSecret}
          onError={setError}
          onShowDeliveries={() => setDeliveriesOf(webhook)}
        />
      ))}
      <LoadMore list={webhooks} />
      {deliveriesOf && <DeliveriesModal webhook={deliveriesOf} eventLabel={eventLabel} onClose={() => setDeliveriesOf(null)} />}
    </Stack>
  );
}

function WebhookCard({
  webhook,
  canWrite,
  eventLabel,
  onChanged,
  onDeleted,
  onSecret,
  onError,
  onShowDeliveries,
}: {
  webhook: WebhookView;
  canWrite: boolean;
  eventLabel: (type: string) => string;
  onChanged: (webhook: WebhookView) => void;
  onDeleted: (id: string) => void;
  onSecret: (secret: string) => void;
  onError: (error: unknown) => void;
  onShowDeliveries: () => void;
}) {
  const { t, locale } = useI18n();
  const m = useMessages();
  const statusWord = useDeliveryStatusWords();
  const [busy, setBusy] = useState<'toggle' | 'test' | null>(null);
  const [test, setTest] = useState<Delivery | null>(null);
  const path = { id: webhook.id };

  const run = async (kind: 'toggle' | 'test', action: () => Promise<void>) => {
    onError(null);
    setBusy(kind);
    try {
      await action();
    } catch (e) {
      onError(e);
    } finally {
      setBusy(null);
    }
  };

  const toggle = () =>
    run('toggle', async () =>
      onChanged(
        await ok(
          webhook.active
            ? client.POST('/api/v1/webhooks/{id}/disable', { params: { path } })
            : client.POST('/api/v1/webhooks/{id}/enable', { params: { path } }),
        ),
      ),
    );
  const sendTest = () =>
    run('test', async () => setTest(await ok(client.POST('/api/v1/webhooks/{id}/test', { params: { path } }))));
  const rotate = async () => {
    onError(null);
    try {
      const rotated = await ok(client.POST('/api/v1/webhooks/{id}/rotate-secret', { params: { path } }));
      const { secret, ...view } = rotated;
      onChanged(view);
      onSecret(secret);
    } catch (e) {
      onError(e);
    }
  };
  const remove = async () => {
    onError(null);
    try {
      await ok(client.DELETE('/api/v1/webhooks/{id}', { params: { path } }));
      onDeleted(webhook.id);
    } catch (e) {
      onError(e);
    }
  };

  const state = webhook.active
    ? t('settings.enabled')
    : webhook.disabledReason === 'failures'
      ? m('disabledFailures')
      : webhook.disabledReason === 'manual'
        ? m('disabledManual')
        : t('settings.disabled');

  return (
    <Card withBorder padding="md" data-testid="webhook-card">
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={600} style={{ wordBreak: 'break-all' }}>
            {webhook.url}
          </Text>
          <Badge variant="light" color={webhook.active ? 'green' : 'gray'} c="dark.8" data-testid="webhook-state">
            {state}
          </Badge>
        </Group>
        {webhook.description && <Text size="sm">{webhook.description}</Text>}
        <Text size="sm">
          {m('eventTypes')}: {webhook.eventTypes.length ? webhook.eventTypes.map(eventLabel).join(', ') : m('allEvents')}
        </Text>
        <Text size="xs" c="gray.7">
          {m('created')}: {formatDateTime(webhook.createdAt, locale)}
          {webhook.disabledAt ? ` · ${t('settings.disabled')}: ${formatDateTime(webhook.disabledAt, locale)}` : ''}
          {webhook.consecutiveFailures > 0 ? ` · ${m('failuresInRow', { n: webhook.consecutiveFailures })}` : ''}
        </Text>
        {test && (
          <Alert
            color={DELIVERY_COLORS[test.status] ?? 'gray'}
            role="status"
            withCloseButton
            onClose={() => setTest(null)}
            closeButtonLabel={t('common.close')}
          >
            {m('testResult', {
              result: [
                statusWord(test.status),
                test.httpStatus !== null ? `HTTP ${test.httpStatus}` : null,
                `${test.durationMs} ms`,
              ]
                .filter(Boolean)
                .join(' · '),
            })}
            {test.error ? ` — ${test.error}` : ''}
          </Alert>
        )}
        <Group gap="xs" wrap="wrap">
          <Button
            size="xs"
            variant="default"
            onClick={onShowDeliveries}
            aria-label={`${t('settings.deliveries')}: ${webhook.url}`}
            data-testid="webhook-deliveries"
          >
            {t('settings.deliveries')}
          </Button>
          {canWrite && (
            <>
              <Button size="xs" variant="default" onClick={toggle} loading={busy === 'toggle'} data-testid="webhook-toggle">
                {webhook.active ? m('disable') : m('enable')}
              </Button>
              <Button size="xs" variant="default" onClick={sendTest} loading={busy === 'test'} data-testid="webhook-test">
                {m('test')}
              </Button>
              <ConfirmButton
                label={m('rotateSecret')}
                question={m('rotateSecretConfirm')}
                onConfirm={rotate}
                testId="webhook-rotate"
              />
              <ConfirmButton
                label={t('common.delete')}
                ariaLabel={`${t('common.delete')}: ${webhook.url}`}
                question={m('deleteWebhookConfirm', { url: webhook.url })}
                onConfirm={remove}
                testId="webhook-delete"
              />
            </>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
