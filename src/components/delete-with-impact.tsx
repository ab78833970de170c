import { useState, type ReactNode } from 'react';
import { Alert, Box, Button, Group, List, Loader, Stack, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { useQuery } from '@tanstack/react-query';
import type { ApiCallForms } from '@/lib/api-call';
import { describeError } from '@/lib/api-error';
import { dependentsQuery, type DeleteTarget, type Dependents } from '@/lib/dependents';
import type { TenantTarget } from '@/lib/qlik-host';
import { AnchorLink } from './anchor-link';
import { CopyAsMenu } from './copy-as-menu';

export interface DeleteWithImpactOptions {
  title: string;
  tenant: TenantTarget;
  target: DeleteTarget;
  /** What the delete removes, as the dialog says it before the dependents. */
  message: ReactNode;
  /** The delete as an API call, offered to copy beside the buttons. */
  copyAs?: () => ApiCallForms;
  onConfirm: () => void;
}

const appsLabel = (n: number) => `${n} app${n === 1 ? '' : 's'}`;

function DependentApps({ dependents }: { dependents: Dependents }) {
  return (
    <Alert
      variant="default"
      title={`${appsLabel(dependents.apps.length)} load${dependents.apps.length === 1 ? 's' : ''} it`}
    >
      <List size="sm" spacing={4}>
        {dependents.apps.map((app) => (
          <List.Item key={app.id}>
            {app.spaceId ? (
              <AnchorLink to="/spaces/$spaceId/catalog" params={{ spaceId: app.spaceId }} size="sm">
                {app.name}
              </AnchorLink>
            ) : (
              <Text span size="sm">
                {app.name} (personal)
              </Text>
            )}{' '}
            <Text span size="xs" c="dimmed" ff="monospace">
              {app.via.join(', ')}
            </Text>
          </List.Item>
        ))}
      </List>
      {dependents.truncated && (
        <Text size="xs" mt="xs">
          Only the first apps you can see were checked; others may load it too.
        </Text>
      )}
    </Alert>
  );
}

/** What depends on a target, for dialogs that ask their own way (the space dialog asks for the name). */
export function DependentsNotice({ tenant, target }: { tenant: TenantTarget; target: DeleteTarget }) {
  const dependents = useQuery(dependentsQuery(tenant, target));
  if (dependents.isPending) return <Loader size="xs" aria-label="Checking which apps depend on it" />;
  if (dependents.isError || dependents.data.apps.length === 0) return null;
  return (
    <>
      <DependentApps dependents={dependents.data} />
      <Text size="sm" fw={600}>
        {appsLabel(dependents.data.apps.length)} will break.
      </Text>
    </>
  );
}

/** The dialog's body: what goes, what depends on it, and a second question when something would break. */
function DeleteWithImpact({
  tenant,
  target,
  message,
  copyAs,
  onConfirm,
  close,
}: Omit<DeleteWithImpactOptions, 'title'> & { close: () => void }) {
  const dependents = useQuery(dependentsQuery(tenant, target));
  const [askedAgain, setAskedAgain] = useState(false);
  const breaking = dependents.data?.apps.length ?? 0;
  const confirm = () => {
    if (breaking > 0 && !askedAgain) {
      setAskedAgain(true);
      return;
    }
    close();
    onConfirm();
  };
  return (
    <Stack gap="sm">
      <Text size="sm">{message}</Text>
      {dependents.isPending && (
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm">Checking which apps load it…</Text>
        </Group>
      )}
      {dependents.isError && (
        <Alert color="yellow" title="Could not check what depends on it">
          {describeError(dependents.error).message}
        </Alert>
      )}
      {dependents.data && breaking === 0 && (
        <Text size="sm" c="dimmed">
          No app you can see loads it.
        </Text>
      )}
      {dependents.data && breaking > 0 && <DependentApps dependents={dependents.data} />}
      {askedAgain && (
        <Text size="sm" fw={600} role="alert">
          {appsLabel(breaking)} will break — delete anyway?
        </Text>
      )}
      <Group justify="flex-end" gap="xs">
        {copyAs && (
          <Box mr="auto">
            <CopyAsMenu size="xs" forms={copyAs} />
          </Box>
        )}
        <Button variant="default" onClick={close}>
          Cancel
        </Button>
        <Button color="red" onClick={confirm} disabled={dependents.isPending}>
          {askedAgain ? 'Delete anyway' : 'Delete'}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * Asks before a delete, showing first what depends on the target (the apps that load it, with links); when
 * something would break, it asks a second time.
 */
export function openDeleteWithImpact({ title, ...options }: DeleteWithImpactOptions): void {
  const id = modals.open({
    title,
    children: <DeleteWithImpact {...options} close={() => modals.close(id)} />,
  });
}
