import { useMemo, useState } from 'react';
import {
  Anchor,
  Breadcrumbs,
  Grid,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { openDeleteWithImpact } from '@/components/delete-with-impact';
import { notifications } from '@mantine/notifications';
import { IconArrowsMove, IconFolderPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient, useSuspenseInfiniteQuery, useSuspenseQuery } from '@tanstack/react-query';
import { BatchDeleteButton, useBatchRun, type BatchRunRequest } from '@/components/batch-run';
import { useListSelection } from '@/components/list-selection';
import { SelectAllBar } from '@/components/select-all-bar';
import { formatCount } from '@/lib/format';
import { NO_SELECTION } from '@/lib/selection-search';
import { BATCH_CHUNK, decideMove, deleteChunk, deleteDecider, itemsMatching, moveChunk } from '../api/batch';
import type { Space } from '@qlik/api/spaces';
import { useNavigate } from '@tanstack/react-router';
import { SearchInput } from '@/components/search-input';
import { ColumnChooser, useTableLayout } from '@/components/table-layout';
import { ClearFiltersButton, EmptyState } from '@/components/empty-state';
import { ErrorState } from '@/components/error-state';
import { PageHeader } from '@/components/page-header';
import { BatchCopyAs } from '@/components/batch-copy-as';
import { CopyAsMenu } from '@/components/copy-as-menu';
import { ExportCsvButton } from '@/components/export-csv-button';
import { filesCsv } from '../api/csv';
import { apiCallForms } from '@/lib/api-call';
import {
  changeSpaceOfFilesCalls,
  createFolderCall,
  deleteFilesCalls,
  deleteFileCall,
  duplicateFileCall,
  fileListCall,
  renameFileCall,
} from '../api/api-calls';
import { notifyFailure } from '@/components/notify-failure';
import type { TenantTarget } from '@/lib/qlik-host';
import { UploadButton, UploadDropTarget, type UploadDestination } from '@/features/uploads';
import {
  filesQuery,
  foldersQuery,
  spaceConnectionQuery,
  spaceQuery,
  visibleSpacesQuery,
  useChangeOwner,
  useCreateFolder,
  getItem,
  invalidateFiles,
  useDeleteItem,
  useDuplicateItem,
  useMoveItem,
  useRenameItem,
  usersQuery,
} from '../api/data-files';
import {
  ALLOWED,
  breadcrumbOf,
  changeSpaceRight,
  copyName,
  itemRights,
  writeInSpace,
  type Caller,
  type DataFile,
  type Permission,
} from '../model';
import {
  MAX_PICKED,
  listParamsOf,
  scopeOf,
  type DataFilesSearch,
  type DataFileSort,
  type Scope,
} from '../search';
import { FILE_COLUMNS, FilesTable, type RowAction } from './files-table';
import { FolderTree } from './folder-tree';
import { GuardedButton } from '@/components/guarded-action';
import { BatchMoveDialog, MoveDialog, NameDialog, OwnerDialog, type SpaceChoice } from './item-dialogs';
import { QuotaSummary } from './quota-summary';

/** The tenant-wide view has no one space to copy into: a copy belongs next to its original. */
const allSpacesRights = (file: DataFile) => ({
  ...itemRights(file),
  duplicate: { allowed: false, reason: "Open the file's space to duplicate it there." },
});

export interface DataFilesBrowserProps {
  tenant: TenantTarget;
  search: DataFilesSearch;
  /** Writes the next search to the URL (the route owns navigation). */
  /** Writes the next search to the URL (the route owns navigation); resolves once the page shows it. */
  onSearchChange: (update: (prev: DataFilesSearch) => DataFilesSearch) => Promise<void> | void;
  caller: Caller;
  /** TenantAdmin with admin.spaces:read: offers the tenant-wide view. */
  canSeeAllSpaces: boolean;
  /** The space's Data files tab: the browser is pinned to this space and the space layout owns the h1. */
  fixedSpaceId?: string;
}

/** Resolves where the browser looks (a space needs its DataFiles connection), then renders it. */
export function DataFilesBrowser(props: DataFilesBrowserProps) {
  const scope = scopeOf(
    props.canSeeAllSpaces || props.search.space !== 'all' ? props.search.space : 'personal',
    props.fixedSpaceId,
  );
  if (scope.kind === 'space') return <SpaceBrowser {...props} scope={scope} spaceId={scope.spaceId} />;
  return <Browser {...props} scope={scope} />;
}

function SpaceBrowser(props: DataFilesBrowserProps & { scope: Scope; spaceId: string }) {
  const { data: space } = useSuspenseQuery(spaceQuery(props.tenant, props.spaceId));
  const { data: connectionId } = useSuspenseQuery(spaceConnectionQuery(props.tenant, props.spaceId));
  return <Browser {...props} space={space} connectionId={connectionId} />;
}

interface BrowserProps extends DataFilesBrowserProps {
  scope: Scope;
  space?: Space;
  connectionId?: string;
}

type Dialog =
  | { kind: 'new-folder' }
  | { kind: 'rename' | 'move' | 'duplicate' | 'owner'; file: DataFile }
  | { kind: 'batch-move' };

function Browser({
  tenant,
  search,
  onSearchChange,
  caller,
  canSeeAllSpaces,
  fixedSpaceId,
  scope,
  space,
  connectionId,
}: BrowserProps) {
  const params = listParamsOf(
    { ...search, space: scope.kind === 'space' ? scope.spaceId : scope.kind },
    fixedSpaceId,
  );
  const allSpaces = scope.kind === 'all';
  const files = useSuspenseInfiniteQuery(filesQuery(tenant, params, connectionId));
  const folders = useQuery({
    ...foldersQuery(tenant, scope, connectionId, params.folder),
    enabled: params.directOnly,
  });
  const spaces = useQuery(visibleSpacesQuery(tenant));
  const users = useQuery({ ...usersQuery(tenant), enabled: caller.mayListUsers });

  const rows = useMemo(
    () => [
      ...(params.directOnly ? (folders.data ?? []) : []),
      ...files.data.pages.flatMap((page) => page.data),
    ],
    [params.directOnly, folders.data, files.data],
  );
  const spaceNames = useMemo(() => {
    const names = new Map<string, string>();
    for (const s of spaces.data ?? []) names.set(s.id, s.name);
    if (space) names.set(space.id, space.name);
    return names;
  }, [spaces.data, space]);
  const spaceName = (id: string) => spaceNames.get(id) ?? id;
  const rootLabel = space?.name ?? (allSpaces ? 'All spaces' : 'Personal space');

  const place: Permission = allSpaces
    ? { allowed: false, reason: 'Pick a space first: the tenant-wide view spans every space.' }
    : writeInSpace(space, caller);
  const currentSpaceValue = space?.id ?? 'personal';
  const spaceChoices: SpaceChoice[] = [
    { value: 'personal', label: 'Personal space', permission: ALLOWED },
    ...(spaces.data ?? []).map((s) => ({ value: s.id, label: s.name, permission: writeInSpace(s, caller) })),
  ];
  if (space && !spaceChoices.some((c) => c.value === space.id)) {
    spaceChoices.push({ value: space.id, label: space.name, permission: writeInSpace(space, caller) });
  }

  const rightsOf = allSpaces ? allSpacesRights : itemRights;
  const selection = useListSelection({
    search,
    onChange: (next) => onSearchChange((prev) => ({ ...prev, ...next })),
    rows,
    idOf: (file: DataFile) => file.id,
    hasMore: files.hasNextPage,
    maxPicked: MAX_PICKED,
    noun: 'items',
  });
  const selectionLabel =
    selection.count === undefined
      ? 'all matching items'
      : `${formatCount(selection.count)} item${selection.count === 1 ? '' : 's'}`;
  const batchPermission: Permission = !selection.hasSelection
    ? { allowed: false, reason: 'Select items first.' }
    : allSpaces
      ? ALLOWED
      : place;

  const [dialog, setDialog] = useState<Dialog>();
  const navigate = useNavigate();
  const layout = useTableLayout(tenant.id, 'data-files', FILE_COLUMNS);
  const createFolder = useCreateFolder(tenant);
  const rename = useRenameItem(tenant);
  const move = useMoveItem(tenant);
  const duplicate = useDuplicateItem(tenant);
  const changeOwner = useChangeOwner(tenant);
  const remove = useDeleteItem(tenant);
  const queryClient = useQueryClient();
  const batch = useBatchRun();

  /** A batch over the selection: afterwards what failed stays selected, to look at or try again. */
  const startBatch = (
    request: Pick<BatchRunRequest<DataFile>, 'title' | 'verb' | 'decide' | 'run'>,
    options: { content?: boolean } = {},
  ) =>
    batch.start({
      ...request,
      itemLabel: 'Item',
      items: selection.items(
        () => itemsMatching(tenant, params, connectionId),
        (id) => getItem(tenant, id).catch(() => undefined),
      ),
      idOf: (file) => file.id,
      nameOf: (file) => file.name,
      chunkSize: BATCH_CHUNK,
      onFinished: (result) => {
        void invalidateFiles(queryClient, tenant.id, options);
        selection.keepFailed(result);
      },
    });

  const confirmBatchDelete = () =>
    modals.openConfirmModal({
      title: `Delete ${selectionLabel}?`,
      children: (
        <Stack gap="sm">
          <Text size="sm">
            Folders are deleted with everything in them, and the data sets of deleted files go too. Each item
            is deleted on its own: some may fail while others succeed, and items you may not delete are
            skipped.
          </Text>
          <BatchCopyAs
            allMatching={selection.allMatching}
            host={tenant.host}
            calls={() => deleteFilesCalls([...selection.picked])}
          />
        </Stack>
      ),
      labels: { confirm: 'Delete', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        startBatch(
          {
            title: `Deleting ${selectionLabel}`,
            verb: 'Deleted',
            decide: deleteDecider(rightsOf),
            run: (chunk) => deleteChunk(tenant, chunk),
          },
          { content: true },
        ),
    });

  const confirmDelete = (file: DataFile) =>
    openDeleteWithImpact({
      title: file.folder ? 'Delete folder?' : 'Delete file?',
      tenant,
      target: { kind: file.folder ? 'folder' : 'file', spaceId: file.spaceId || null, path: file.name },
      message: (
        <>
          Delete <strong>{file.name}</strong>
          {file.folder ? ' and everything in it' : ' and its data set'}? This cannot be undone.
        </>
      ),
      copyAs: () => apiCallForms(tenant.host, deleteFileCall(file.id)),
      onConfirm: () =>
        remove.mutate(file.id, {
          onSuccess: () => {
            notifications.show({ color: 'green', message: `Deleted ${file.name}.` });
            if (selection.picked.has(file.id)) selection.select([file.id], false);
          },
          onError: notifyFailure,
        }),
    });

  const onAction = (action: RowAction, file: DataFile) => {
    if (action === 'details')
      void navigate({ to: '/data-files/$dataFileId', params: { dataFileId: file.id } });
    else if (action === 'delete') confirmDelete(file);
    else setDialog({ kind: action, file });
  };

  const openFolder = (folder: string) =>
    onSearchChange((prev) => ({ ...prev, folder: folder || undefined, q: undefined, ...NO_SELECTION }));
  const setSort = (sort: DataFileSort) => onSearchChange((prev) => ({ ...prev, sort }));

  const destination: UploadDestination = {
    ...(space ? { spaceId: space.id } : {}),
    ...(params.folder ? { folderPath: params.folder } : {}),
  };
  const crumbs = breadcrumbOf(rootLabel, params.folder);
  const filtersActive = Boolean(search.q || search.owner);

  const header = (
    <Group justify="space-between" align="center" gap="sm">
      <QuotaSummary tenant={tenant} />
      <Group gap="sm">
        <CopyAsMenu forms={() => apiCallForms(tenant.host, fileListCall(params, connectionId))} />
        <ExportCsvButton what="data files" source={() => filesCsv(tenant, params, connectionId)} />
        <UploadButton destination={destination} disabledReason={place.allowed ? undefined : place.reason} />
      </Group>
    </Group>
  );

  const body = (
    <Stack gap="md">
      {fixedSpaceId ? (
        <Group justify="space-between" align="center">
          <Title order={2} size="h3">
            Data files
          </Title>
          {header}
        </Group>
      ) : (
        <PageHeader title="Data files" actions={header} />
      )}

      <Group gap="sm" align="flex-end" wrap="wrap">
        {!fixedSpaceId && (
          <Select
            label="Space"
            searchable
            allowDeselect={false}
            w={220}
            data={[
              { value: 'personal', label: 'Personal space' },
              ...(canSeeAllSpaces ? [{ value: 'all', label: 'All spaces (admin)' }] : []),
              ...(spaces.data ?? []).map((s) => ({ value: s.id, label: s.name })),
            ]}
            value={scope.kind === 'space' ? scope.spaceId : scope.kind}
            onChange={(value) =>
              value &&
              onSearchChange((prev) => ({
                ...prev,
                space: value,
                folder: undefined,
                ...NO_SELECTION,
                owner: undefined,
              }))
            }
          />
        )}
        <SearchInput
          label="Search by name"
          description="Use * and ? as wildcards"
          value={search.q}
          onSearch={(q) => onSearchChange((prev) => ({ ...prev, q: q || undefined, ...NO_SELECTION }))}
          w={220}
        />
        <Select
          label="Owner"
          placeholder="Anyone"
          clearable
          searchable
          w={200}
          data={[
            { value: caller.userId, label: 'Me' },
            ...(users.data ?? [])
              .filter((u) => u.id !== caller.userId)
              .map((u) => ({ value: u.id, label: u.name ?? u.id })),
          ]}
          value={search.owner ?? null}
          onChange={(value) =>
            onSearchChange((prev) => ({ ...prev, owner: value ?? undefined, ...NO_SELECTION }))
          }
        />
        {!allSpaces && (
          <Stack gap={4}>
            <Text size="sm" fw={500} id="data-files-view-label">
              View
            </Text>
            <SegmentedControl
              aria-labelledby="data-files-view-label"
              data={[
                { value: 'tree', label: 'Folders' },
                { value: 'flat', label: 'All files' },
              ]}
              value={search.view}
              onChange={(value) =>
                onSearchChange((prev) => ({ ...prev, view: value as 'tree' | 'flat', ...NO_SELECTION }))
              }
            />
          </Stack>
        )}
      </Group>

      <Grid gap="md">
        {!allSpaces && (
          <Grid.Col span={{ base: 12, md: 3 }}>
            <Paper withBorder p="xs">
              <FolderTree
                tenant={tenant}
                scope={scope}
                connectionId={connectionId}
                rootLabel={rootLabel}
                current={params.folder}
                onOpen={openFolder}
              />
            </Paper>
          </Grid.Col>
        )}
        <Grid.Col span={{ base: 12, md: allSpaces ? 12 : 9 }}>
          <Stack gap="sm">
            {!allSpaces && (
              <nav aria-label="Folder path">
                <Breadcrumbs separatorMargin={6}>
                  {crumbs.map((crumb, index) =>
                    index === crumbs.length - 1 ? (
                      <Text key={crumb.folder} size="sm" fw={500} aria-current="page">
                        {crumb.label}
                      </Text>
                    ) : (
                      <Anchor
                        key={crumb.folder}
                        component="button"
                        type="button"
                        size="sm"
                        onClick={() => openFolder(crumb.folder)}
                      >
                        {crumb.label}
                      </Anchor>
                    ),
                  )}
                </Breadcrumbs>
              </nav>
            )}
            <Group justify="space-between" gap="sm">
              <Group gap="sm">
                <Text size="sm" c="dimmed" role="status">
                  {rows.length === 1
                    ? '1 item'
                    : `${formatCount(rows.length)}${files.hasNextPage ? '+' : ''} items`}
                </Text>
                <SelectAllBar {...selection.bar} />
              </Group>
              <Group gap="xs">
                <GuardedButton
                  permission={place}
                  variant="default"
                  size="xs"
                  leftSection={<IconFolderPlus size={16} aria-hidden />}
                  onClick={() => setDialog({ kind: 'new-folder' })}
                >
                  New folder
                </GuardedButton>
                <GuardedButton
                  permission={batchPermission}
                  variant="default"
                  size="xs"
                  leftSection={<IconArrowsMove size={16} aria-hidden />}
                  onClick={() => setDialog({ kind: 'batch-move' })}
                  loading={batch.running}
                >
                  Move{selection.hasSelection ? ` ${selectionLabel}` : ' selected'}
                </GuardedButton>
                <BatchDeleteButton
                  permission={batchPermission}
                  what={selection.hasSelection ? selectionLabel : undefined}
                  running={batch.running}
                  onClick={confirmBatchDelete}
                />
                <ColumnChooser tableLabel="Data files" state={layout} />
              </Group>
            </Group>
            {rows.length === 0 ? (
              params.directOnly && folders.isPending ? (
                <Group justify="center" py="lg">
                  <Loader size="sm" aria-label="Loading folders" />
                </Group>
              ) : (
                <EmptyState
                  title={
                    filtersActive
                      ? 'Nothing matches'
                      : params.folder
                        ? 'This folder is empty'
                        : 'No data files yet'
                  }
                  description={
                    filtersActive
                      ? 'Change or clear the search and owner filter to see more.'
                      : place.allowed
                        ? 'Drop files or folders anywhere on this page, or use Upload.'
                        : place.reason
                  }
                  action={
                    filtersActive ? (
                      <ClearFiltersButton
                        onClick={() =>
                          onSearchChange((prev) => ({
                            ...prev,
                            q: undefined,
                            owner: undefined,
                            ...NO_SELECTION,
                          }))
                        }
                      />
                    ) : place.allowed ? (
                      <UploadButton destination={destination} />
                    ) : undefined
                  }
                />
              )
            ) : (
              <FilesTable
                tenant={tenant}
                currentUserId={caller.userId}
                rows={rows}
                folder={params.folder}
                allSpaces={allSpaces}
                spaceName={spaceName}
                sort={search.sort}
                onSort={setSort}
                selection={selection}
                onOpenFolder={openFolder}
                onOpenRow={(file) =>
                  file.folder
                    ? openFolder(file.name)
                    : void navigate({ to: '/catalog/files/$dataFileId', params: { dataFileId: file.id } })
                }
                onAction={onAction}
                layout={layout}
                rightsOf={rightsOf}
                hasNextPage={files.hasNextPage}
                isFetchingNextPage={files.isFetchingNextPage}
                fetchNextPage={() => void files.fetchNextPage()}
              />
            )}
            {files.isFetchNextPageError && (
              <ErrorState error={files.error} variant="inline" onRetry={() => void files.fetchNextPage()} />
            )}
            {folders.isError && (
              <ErrorState error={folders.error} variant="inline" onRetry={() => void folders.refetch()} />
            )}
          </Stack>
        </Grid.Col>
      </Grid>

      {dialog?.kind === 'new-folder' && (
        <NameDialog
          title="New folder"
          label="Folder name"
          initial=""
          submitLabel="Create folder"
          description={`In ${crumbs.map((c) => c.label).join(' / ')}`}
          onSubmit={(name) =>
            createFolder.mutateAsync({
              ...(connectionId ? { connectionId } : {}),
              folder: params.folder,
              name,
            })
          }
          copyAs={(name) =>
            apiCallForms(
              tenant.host,
              createFolderCall({ ...(connectionId ? { connectionId } : {}), folder: params.folder, name }),
            )
          }
          success={(name) => `Created folder ${name}.`}
          onClose={() => setDialog(undefined)}
        />
      )}
      {dialog?.kind === 'rename' && (
        <NameDialog
          title={`Rename ${dialog.file.baseName ?? dialog.file.name}`}
          initial={dialog.file.baseName ?? dialog.file.name}
          submitLabel="Rename"
          onSubmit={(baseName) => rename.mutateAsync({ file: dialog.file, baseName })}
          copyAs={(baseName) => apiCallForms(tenant.host, renameFileCall(dialog.file, baseName))}
          success={(name) => `Renamed to ${name}.`}
          onClose={() => setDialog(undefined)}
        />
      )}
      {dialog?.kind === 'duplicate' && (
        <NameDialog
          title={`Duplicate ${dialog.file.baseName ?? dialog.file.name}`}
          label="Name of the copy"
          initial={copyName(dialog.file.baseName ?? dialog.file.name)}
          submitLabel="Duplicate"
          description="The copy goes in the same folder."
          onSubmit={(name) =>
            duplicate.mutateAsync({
              file: dialog.file,
              name,
              ...(dialog.file.spaceId === space?.id && connectionId ? { connectionId } : {}),
            })
          }
          copyAs={(name) =>
            apiCallForms(
              tenant.host,
              duplicateFileCall(dialog.file, {
                name,
                ...(dialog.file.spaceId === space?.id && connectionId ? { connectionId } : {}),
              }),
            )
          }
          success={(name) => `Duplicated as ${name}.`}
          onClose={() => setDialog(undefined)}
        />
      )}
      {dialog?.kind === 'move' && (
        <MoveDialog
          tenant={tenant}
          file={dialog.file}
          scope={scope}
          connectionId={connectionId}
          currentSpace={dialog.file.spaceId ?? 'personal'}
          spaces={spaceChoices}
          changeSpace={changeSpaceRight(dialog.file)}
          onMove={(target) => move.mutateAsync({ file: dialog.file, ...target })}
          onClose={() => setDialog(undefined)}
        />
      )}
      {dialog?.kind === 'owner' && (
        <OwnerDialog
          tenant={tenant}
          file={dialog.file}
          canListUsers={caller.mayListUsers}
          onChange={(ownerId) => changeOwner.mutateAsync({ id: dialog.file.id, ownerId })}
          onClose={() => setDialog(undefined)}
        />
      )}
      {dialog?.kind === 'batch-move' && (
        <BatchMoveDialog
          what={selectionLabel}
          spaces={spaceChoices}
          currentSpace={currentSpaceValue}
          copyAs={(spaceId) => (
            <BatchCopyAs
              allMatching={selection.allMatching}
              host={tenant.host}
              calls={() => changeSpaceOfFilesCalls([...selection.picked], spaceId)}
            />
          )}
          onMove={(spaceId) =>
            startBatch({
              title: `Moving ${selectionLabel}`,
              verb: 'Moved',
              decide: (file) => decideMove(file, rightsOf),
              run: (chunk) => moveChunk(tenant, chunk, spaceId),
            })
          }
          onClose={() => setDialog(undefined)}
        />
      )}
      {batch.dialog}
    </Stack>
  );

  return (
    <UploadDropTarget
      destination={destination}
      disabledReason={place.allowed ? undefined : place.reason}
      destinationLabel={crumbs.map((c) => c.label).join(' / ')}
    >
      {body}
    </UploadDropTarget>
  );
}
