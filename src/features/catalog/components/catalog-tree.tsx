import { useState } from 'react';
import { ActionIcon, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconDatabase, IconFolder, IconTable } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import type { DataAsset } from '@qlik/api/data-assets';
import type { DataStore } from '@qlik/api/data-stores';
import { ErrorState } from '@/components/error-state';
import type { TenantTarget } from '@/lib/qlik-host';
import { dataAssetsQuery, dataStoresQuery } from '../api/data-stores';
import { dataSetsQuery } from '../api/data-sets';
import classes from './catalog.module.css';
import { AnchorLink } from '@/components/anchor-link';

export interface CatalogTreeProps {
  target: TenantTarget;
  selectedStore?: string;
  selectedAsset?: string;
}

/** Data sets shown under an expanded asset; the table beside the tree has all of them. */
const SETS_IN_TREE = 25;

const route = getRouteApi('/_authenticated/catalog/');

function Disclosure({ open, label, onToggle }: { open: boolean; label: string; onToggle: () => void }) {
  return (
    <ActionIcon
      variant="subtle"
      color="gray"
      size="sm"
      aria-expanded={open}
      aria-label={`${open ? 'Collapse' : 'Expand'} ${label}`}
      onClick={onToggle}
    >
      {open ? <IconChevronDown size={14} aria-hidden /> : <IconChevronRight size={14} aria-hidden />}
    </ActionIcon>
  );
}

function AssetSets({ target, store, asset }: { target: TenantTarget; store: string; asset: DataAsset }) {
  const query = useQuery(
    dataSetsQuery(target, { store, asset: asset.id!, sort: 'name', page: 1, size: SETS_IN_TREE }),
  );
  if (query.isPending) return <Loader size="xs" aria-label={`Loading data sets of ${asset.name}`} />;
  if (query.isError)
    return <ErrorState variant="inline" error={query.error} onRetry={() => query.refetch()} />;
  const { dataSets, total } = query.data;
  if (dataSets.length === 0)
    return (
      <Text size="xs" c="dimmed" pl="lg">
        No data sets
      </Text>
    );
  return (
    <ul className={classes.treeList}>
      {dataSets.map((set) => (
        <li key={set.id}>
          <Group gap={6} wrap="nowrap" pl="lg">
            <IconTable size={14} aria-hidden />
            <AnchorLink
              to="/catalog/data-sets/$dataSetId"
              params={{ dataSetId: set.id! }}
              search={{ tab: 'schema', field: '' }}
              size="sm"
              className={classes.treeLabel}
            >
              {set.name ?? set.technicalName}
            </AnchorLink>
          </Group>
        </li>
      ))}
      {total > dataSets.length && (
        <li>
          <Text size="xs" c="dimmed" pl="lg">
            {total - dataSets.length} more in the table
          </Text>
        </li>
      )}
    </ul>
  );
}

function StoreAssets({
  target,
  store,
  selectedAsset,
}: {
  target: TenantTarget;
  store: DataStore;
  selectedAsset?: string;
}) {
  const search = route.useSearch();
  const query = useInfiniteQuery(dataAssetsQuery(target, store.id!));
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(
    () => new Set(selectedAsset ? [selectedAsset] : []),
  );
  if (query.isPending) return <Loader size="xs" aria-label={`Loading data assets of ${store.name}`} />;
  if (query.isError)
    return <ErrorState variant="inline" error={query.error} onRetry={() => query.refetch()} />;
  const assets = query.data.pages.flatMap((page) => page.assets);
  const total = query.data.pages[0]?.total ?? assets.length;
  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <ul className={classes.treeList}>
      {assets.map((asset) => {
        const open = expanded.has(asset.id!);
        const label = asset.name ?? asset.technicalName;
        return (
          <li key={asset.id}>
            <Group gap={4} wrap="nowrap" pl="xs">
              <Disclosure open={open} label={label} onToggle={() => toggle(asset.id!)} />
              <IconFolder size={14} aria-hidden />
              <AnchorLink
                to="/catalog"
                search={{ ...search, store: store.id, asset: asset.id, page: 1 }}
                size="sm"
                fw={selectedAsset === asset.id ? 700 : 400}
                aria-current={selectedAsset === asset.id ? 'true' : undefined}
                className={classes.treeLabel}
              >
                {label}
              </AnchorLink>
            </Group>
            {open && <AssetSets target={target} store={store.id!} asset={asset} />}
          </li>
        );
      })}
      {query.hasNextPage && (
        <li>
          <Button
            variant="subtle"
            size="compact-xs"
            ml="lg"
            loading={query.isFetchingNextPage}
            onClick={() => void query.fetchNextPage()}
          >
            Show more ({total - assets.length} left)
          </Button>
        </li>
      )}
    </ul>
  );
}

/**
 * Data stores → data assets (one per space for data files) → data sets. Choosing a store or an asset filters the
 * table; a data set opens its page. Disclosure buttons expand a level without changing the selection.
 */
export function CatalogTree({ target, selectedStore, selectedAsset }: CatalogTreeProps) {
  const search = route.useSearch();
  const { data: stores } = useSuspenseQuery(dataStoresQuery(target));
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());

  return (
    <Stack gap={4} component="nav" aria-label="Catalog tree">
      <AnchorLink
        to="/catalog"
        search={{ ...search, store: undefined, asset: undefined, page: 1 }}
        size="sm"
        fw={!selectedStore && !selectedAsset ? 700 : 400}
        aria-current={!selectedStore && !selectedAsset ? 'true' : undefined}
      >
        All data sets
      </AnchorLink>
      <ul className={classes.treeList}>
        {stores.map((store) => {
          const open = !collapsed.has(store.id!);
          const label = store.name ?? store.technicalName ?? store.id!;
          const selected = selectedStore === store.id && !selectedAsset;
          return (
            <li key={store.id}>
              <Group gap={4} wrap="nowrap">
                <Disclosure
                  open={open}
                  label={label}
                  onToggle={() =>
                    setCollapsed((current) => {
                      const next = new Set(current);
                      if (next.has(store.id!)) next.delete(store.id!);
                      else next.add(store.id!);
                      return next;
                    })
                  }
                />
                <IconDatabase size={14} aria-hidden />
                <AnchorLink
                  to="/catalog"
                  search={{ ...search, store: store.id, asset: undefined, page: 1 }}
                  size="sm"
                  fw={selected ? 700 : 400}
                  aria-current={selected ? 'true' : undefined}
                  className={classes.treeLabel}
                >
                  {label}
                </AnchorLink>
              </Group>
              {open && <StoreAssets target={target} store={store} selectedAsset={selectedAsset} />}
            </li>
          );
        })}
      </ul>
    </Stack>
  );
}
