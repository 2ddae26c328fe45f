import { Badge, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { client, ok, Schemas } from '../../api';
import { ListStatus, LoadMore, MODAL_ATTRIBUTES, ScrollTable, useCursorList, useMessages } from './shared';
import type { WebhookView } from './webhooks-tab';

// The contract's shape of the API's answer.
export type Delivery = Schemas['WebhookDeliveryResponse'];
type DeliveryStatus = Delivery['status'];

export function useDeliveryStatusWords() {
  const m = useMessages();
  return (status: DeliveryStatus) =>
    status === 'delivered' ? m('delivered') : status === 'retrying' ? m('retrying') : status === 'failed' ? m('failed') : status;
}

export const DELIVERY_COLORS: Record<DeliveryStatus, string> = { delivered: 'green', retrying: 'yellow', failed: 'red' };

export function DeliveriesModal({
  webhook,
  eventLabel,
  onClose,
}: {
  webhook: WebhookView;
  eventLabel: (type: string) => string;
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  const m = useMessages();
  const statusWord = useDeliveryStatusWords();
  const phone = useMediaQuery('(max-width: 48em)');
  const deliveries = useCursorList(webhook.id, (cursor) =>
    ok(client.GET('/api/v1/webhooks/{id}/deliveries', { params: { path: { id: webhook.id }, query: { cursor } } })),
  );

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('settings.deliveries')}
      size="xl"
      fullScreen={!!phone}
      attributes={MODAL_ATTRIBUTES}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack gap="sm" data-testid="webhook-deliveries-log">
        <Text size="sm" style={{ wordBreak: 'break-all' }}>
          {webhook.url}
        </Text>
        <ListStatus list={deliveries} />
        {deliveries.items.length > 0 && (
          <ScrollTable minWidth={700}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('settings.when')}</Table.Th>
                  <Table.Th>{m('event')}</Table.Th>
                  <Table.Th>{m('httpStatus')}</Table.Th>
                  <Table.Th>{m('attempt')}</Table.Th>
                  <Table.Th>{t('settings.result')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {deliveries.items.map((delivery) => (
                  <Table.Tr key={delivery.id} data-testid="delivery-row">
                    <Table.Td>{formatDateTime(delivery.createdAt, locale)}</Table.Td>
                    <Table.Td>
                      {eventLabel(delivery.eventType)}
                      {delivery.eventSeq ? (
                        <Text span size="xs" c="gray.7">
                          {' '}
                          #{delivery.eventSeq}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{delivery.httpStatus ?? '—'}</Table.Td>
                    <Table.Td>{delivery.attempt}</Table.Td>
                    <Table.Td>
                      <Stack gap={2}>
                        <Group gap={6}>
                          <Badge variant="light" color={DELIVERY_COLORS[delivery.status] ?? 'gray'} c="dark.8">
                            {statusWord(delivery.status)}
                          </Badge>
                          <Text span size="xs" c="gray.7">
                            {delivery.durationMs} ms
                          </Text>
                        </Group>
                        {delivery.error && (
                          <Text size="xs" c="red.9" style={{ wordBreak: 'break-word' }}>
                            {delivery.error}
                          </Text>
                        )}
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
        <LoadMore list={deliveries} />
      </Stack>
    </Modal>
  );
}
