import { Alert, Code, Stack, Table, Title } from '@mantine/core';
import { ErrorAlert, Loading } from '../../components';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { client, ok } from '../../api';
import { useFetched, useMessages, useRightsText } from './shared';

export function OrganizationPanel() {
  const { t, locale } = useI18n();
  const m = useMessages();
  const { me } = useSession();
  const rightsText = useRightsText();
  const { value: organization, error } = useFetched('organization', () => ok(client.GET('/api/v1/organization')));

  return (
    <Stack gap="md" data-testid="settings-organization">
      <Title order={2}>{t('settings.organization')}</Title>
      <ErrorAlert error={error} />
      {!organization && !error && <Loading />}
      {organization && (
        <>
          <Table variant="vertical" withTableBorder layout="fixed">
            <Table.Tbody>
              <Table.Tr>
                <Table.Th w={{ base: 130, sm: 220 }}>{t('settings.name')}</Table.Th>
                <Table.Td data-testid="org-name">{organization.name}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('settings.identifier')}</Table.Th>
                <Table.Td data-testid="org-identifier">{organization.identifier}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('settings.kind')}</Table.Th>
                <Table.Td>{organization.kind === 'legal_entity' ? m('kindLegal') : m('kindIndividual')}</Table.Td>
              </Table.Tr>
              {organization.createdAt && (
                <Table.Tr>
                  <Table.Th>{m('registeredAt')}</Table.Th>
                  <Table.Td>{formatDateTime(organization.createdAt, locale)}</Table.Td>
                </Table.Tr>
              )}
              <Table.Tr>
                <Table.Th>{m('orgId')}</Table.Th>
                <Table.Td style={{ wordBreak: 'break-all' }}>
                  <Code>{organization.id}</Code>
                </Table.Td>
              </Table.Tr>
              {me && (
                <>
                  <Table.Tr>
                    <Table.Th>{m('signedInAs')}</Table.Th>
                    <Table.Td style={{ wordBreak: 'break-word' }}>
                      {me.label}
                      {me.kind === 'user' && me.isMain ? ` · ${m('mainUser')}` : ''}
                    </Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>{m('yourRights')}</Table.Th>
                    <Table.Td>{rightsText(me.rights)}</Table.Td>
                  </Table.Tr>
                </>
              )}
            </Table.Tbody>
          </Table>
          <Alert color="blue" variant="light">
            {t('settings.fromCertificate')}
          </Alert>
        </>
      )}
    </Stack>
  );
}
