import { Badge, Button, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { client, ok, Rights, Schemas } from '../../api';
import { useI18n } from '../../i18n';
import { ErrorAlert } from '../../components';
import { useSession } from '../../session';
import { peopleMessage } from '../people-messages';
import { RightsChooser } from './rights-choice';
import { InvitationsSection } from './invitations-section';
import {
  ConfirmButton,
  ListStatus,
  LoadMore,
  ReadOnlyNote,
  ScrollTable,
  useCursorList,
  useMessages,
  useRightsText,
} from './shared';

// The contract's shape of the API's answer.

type Member = Schemas['UserResponse'];

export function UsersPanel() {
  const { t } = useI18n();
  const m = useMessages();
  const { me, can } = useSession();
  const rightsText = useRightsText();
  const canWrite = can('administration', 'write');
  const members = useCursorList('users', (cursor) => ok(client.GET('/api/v1/users', { params: { query: { cursor } } })));
  const [error, setError] = useState<unknown>(null);

  const remove = async (member: Member) => {
    setError(null);
    try {
      await ok(client.DELETE('/api/v1/users/{id}', { params: { path: { id: member.id } } }));
      members.setItems((items) => items.filter((item) => item.id !== member.id));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Stack gap="xl" data-testid="settings-users">
      <Stack gap="sm">
        <Title order={2}>{m('members')}</Title>
        <ReadOnlyNote canWrite={canWrite} />
        <ListStatus list={members} error={error} />
        {members.items.length > 0 && (
          <ScrollTable minWidth={720}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{m('fullName')}</Table.Th>
                  <Table.Th>{t('settings.email')}</Table.Th>
                  <Table.Th>{m('iin')}</Table.Th>
                  <Table.Th>{t('settings.rights')}</Table.Th>
                  {canWrite && <Table.Th>{m('actions')}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {members.items.map((member) => {
                  const isSelf = me?.kind === 'user' && me.userId === member.id;
                  return (
                    <Table.Tr key={member.id} data-testid="member-row">
                      <Table.Td miw={200}>
                        <Stack gap={2}>
                          <Text size="sm">{member.fullName}</Text>
                          <Group gap={4}>
                            {member.isMain && (
                              <Badge size="sm" variant="light" c="dark.8">
                                {m('mainUser')}
                              </Badge>
                            )}
                            {isSelf && (
                              <Badge size="sm" variant="outline" c="dark.8">
                                {m('you')}
                              </Badge>
                            )}
                          </Group>
                        </Stack>
                      </Table.Td>
                      <Table.Td>{member.email ?? '—'}</Table.Td>
                      <Table.Td>{member.iin ?? '—'}</Table.Td>
                      <Table.Td>{rightsText(member.rights)}</Table.Td>
                      {canWrite && (
                        <Table.Td>
                          {/* The main user cannot be removed (the server refuses); removing oneself would lock one out. */}
                          {!member.isMain && !isSelf && (
                            <Group gap="xs">
                              <EditRights
                                member={member}
                                onSaved={(saved) =>
                                  members.setItems((items) => items.map((item) => (item.id === saved.id ? saved : item)))
                                }
                              />
                              <ConfirmButton
                                label={m('removeUser')}
                                ariaLabel={`${m('removeUser')}: ${member.fullName}`}
                                question={m('removeUserConfirm', { name: member.fullName })}
                                onConfirm={() => remove(member)}
                                testId="member-remove"
                              />
                            </Group>
                          )}
                        </Table.Td>
                      )}
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
        <LoadMore list={members} />
      </Stack>
      <InvitationsSection />
    </Stack>
  );
}

// Changing a member's rights with the same roles as an invitation (PATCH /users/{id}; the server
// refuses rights the caller lacks and the main user's, and audits user.update).
function EditRights({ member, onSaved }: { member: Member; onSaved: (member: Member) => void }) {
  const { locale } = useI18n();
  const [open, setOpen] = useState(false);
  const [rights, setRights] = useState<Rights>(member.rights);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const save = async () => {
    setError(null);
    setBusy(true);
    try {
      onSaved(await ok(client.PATCH('/api/v1/users/{id}', { params: { path: { id: member.id } }, body: { rights } })));
      setOpen(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button
        size="xs"
        variant="light"
        aria-label={`${peopleMessage(locale, 'editRights')}: ${member.fullName}`}
        onClick={() => {
          setRights(member.rights);
          setOpen(true);
        }}
        data-testid="member-edit-rights"
      >
        {peopleMessage(locale, 'editRights')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={`${peopleMessage(locale, 'editRights')}: ${member.fullName}`}>
        <Stack gap="sm">
          <ErrorAlert error={error} />
          <RightsChooser value={rights} onChange={setRights} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              {peopleMessage(locale, 'cancel')}
            </Button>
            <Button onClick={() => void save()} loading={busy} data-testid="member-rights-save">
              {peopleMessage(locale, 'save')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
