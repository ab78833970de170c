import { useState, type ReactNode } from 'react';
import { Badge, Group, Text } from '@mantine/core';
import { IconEdit, IconTrash, IconUserShare } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { AnchorLink } from '@/components/anchor-link';
import type { Space } from '@qlik/api/spaces';
import { PageHeader } from '@/components/page-header';
import type { TenantTarget } from '@/lib/qlik-host';
import { mayListUsers, userQuery } from '@/lib/user-queries';
import { typeLabel, spaceRights, type Caller } from '../model';
import { GuardedButton } from '@/components/guarded-action';
import { ChangeOwnerDialog, DeleteSpaceDialog, EditSpaceDialog } from './space-forms';
import classes from './spaces.module.css';

export function useUserName(tenant: TenantTarget, userId: string | undefined, currentUserId: string) {
  // By id: anyone may read one user, not everyone may list them.
  const { data } = useQuery({ ...userQuery(tenant, userId ?? ''), enabled: Boolean(userId) });
  if (!userId) return '—';
  const name = data?.name || userId;
  return userId === currentUserId ? `${name} (you)` : name;
}

export interface SpaceHeaderProps {
  tenant: TenantTarget;
  space: Space;
  caller: Caller;
  currentUserId: string;
  onDeleted: () => void;
  /** The tab links, rendered by the route (typed router links). */
  tabs: ReactNode;
}

type Dialog = 'edit' | 'owner' | 'delete' | null;

export function SpaceHeader({ tenant, space, caller, currentUserId, onDeleted, tabs }: SpaceHeaderProps) {
  const rights = spaceRights(caller, space);
  const ownerName = useUserName(tenant, space.ownerId, currentUserId);
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  return (
    <>
      <PageHeader
        breadcrumbs={[
          {
            label: 'Spaces',
            link: (
              <AnchorLink to="/spaces" size="sm">
                Spaces
              </AnchorLink>
            ),
          },
          { label: space.name },
        ]}
        title={space.name}
        description={
          <Group gap="xs" component="span">
            <Badge variant="light" component="span">
              {typeLabel(space.type)}
            </Badge>
            <Text component="span" size="sm">
              Owner: {ownerName}
            </Text>
          </Group>
        }
        actions={
          <>
            <GuardedButton
              variant="default"
              permission={rights.edit}
              leftSection={<IconEdit size={16} aria-hidden />}
              onClick={() => setDialog('edit')}
            >
              Edit
            </GuardedButton>
            <GuardedButton
              variant="default"
              permission={rights.changeOwner}
              leftSection={<IconUserShare size={16} aria-hidden />}
              onClick={() => setDialog('owner')}
            >
              Change owner
            </GuardedButton>
            <GuardedButton
              color="red"
              variant="light"
              permission={rights.delete}
              leftSection={<IconTrash size={16} aria-hidden />}
              onClick={() => setDialog('delete')}
            >
              Delete
            </GuardedButton>
          </>
        }
      />
      <nav aria-label="Space sections" className={classes.tabs}>
        {tabs}
      </nav>
      {/* Mounted while open only, so each opening starts from the space as it is now. */}
      {dialog === 'edit' && <EditSpaceDialog opened onClose={close} tenant={tenant} space={space} />}
      {dialog === 'owner' && (
        <ChangeOwnerDialog
          opened
          onClose={close}
          tenant={tenant}
          space={space}
          canListUsers={mayListUsers(caller)}
        />
      )}
      {dialog === 'delete' && (
        <DeleteSpaceDialog opened onClose={close} tenant={tenant} space={space} onDeleted={onDeleted} />
      )}
    </>
  );
}
