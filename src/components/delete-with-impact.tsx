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

const DATA_SETS_SHOWN = 10;
const dataSetsTitle = (n: number, more: boolean) =>
  n === 1 && !more ? '1 data set goes with it' : `${n}${more ? '+' : ''} data sets go with it`;

/** The data sets the catalog deletes with the target: not a break, but gone with it. */
function DependentDataSets({ dependents }: { dependents: Dependents }) {
  const { dataSets, dataSetsTruncated } = dependents;
  const hidden = dataSets.length - DATA_SETS_SHOWN;
  return (
    <Alert variant="default" title={dataSetsTitle(dataSets.length, dataSetsTruncated)}>
      <List size="sm" spacing={4}>
        {dataSets.slice(0, DATA_SETS_SHOWN).map((dataSet) => (
          <List.Item key={dataSet.id}>
            <AnchorLink to="/catalog/data-sets/$dataSetId" params={{ dataSetId: dataSet.id }} size="sm">
              {dataSet.name}
            </AnchorLink>
            {dataSet.path !== dataSet.name && (
              <Text span size="xs" c="dimmed" ff="monospace">
                {' '}
                {dataSet.path}
              </Text>
            )}
          </List.Item>
        ))}
      </List>
      {(hidden > 0 || dataSetsTruncated) && (
        <Text size="xs" mt="xs">
          {hidden > 0 ? `and ${hidden}${dataSetsTruncated ? '+' : ''} more` : 'and more'}, with their profiles
          and versions.
        </Text>
      )}
    </Alert>
  );
}

/** What depends on a target, for dialogs that ask their own way (the space dialog asks for the name). */
export function DependentsNotice({ tenant, target }: { tenant: TenantTarget; target: DeleteTarget }) {
  const dependents = useQuery(dependentsQuery(tenant, target));
  if (dependents.isPending) return <Loader size="xs" aria-label="Checking what depends on it" />;
  if (dependents.isError) return null;
  const { apps, dataSets } = dependents.data;
  return (
    <>
      {apps.length > 0 && <DependentApps dependents={dependents.data} />}
      {apps.length > 0 && (
        <Text size="sm" fw={600}>
          {appsLabel(apps.length)} will break.
        </Text>
      )}
      {dataSets.length > 0 && <DependentDataSets dependents={dependents.data} />}
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
          <Text size="sm">Checking what depends on it…</Text>
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
      {dependents.data && dependents.data.dataSets.length > 0 && (
        <DependentDataSets dependents={dependents.data} />
      )}
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
 * Asks before a delete, showing first what depends on the target (the apps that load it and the data sets that go
 * with it, with links); when an app would break, it asks a second time.
 */
export function openDeleteWithImpact({ title, ...options }: DeleteWithImpactOptions): void {
  const id = modals.open({
    title,
    children: <DeleteWithImpact {...options} close={() => modals.close(id)} />,
  });
}
