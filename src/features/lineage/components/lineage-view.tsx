import { lazy, Suspense, useCallback, useMemo } from 'react';
import { Alert, Button, Group, Loader, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { ErrorState } from '@/components/error-state';
import { SearchInput } from '@/components/search-input';
import type { TenantTarget } from '@/lib/qlik-host';
import { lineageExpansionQuery, lineageGraphQuery, lineageSearchQuery } from '../api/lineage-graphs';
import { withExpansion, type LineageGraphModel } from '../graph/model';
import { LINEAGE_DEPTHS, type LineageDepth, type LineageViewSearch } from '../search';
import { LineageTable } from './lineage-table';

/** React Flow and the layout library load with the first graph shown, not with the page. */
const LineageCanvas = lazy(() => import('./lineage-canvas'));

const DEPTH_OPTIONS = LINEAGE_DEPTHS.map((depth) => ({
  value: String(depth),
  label: depth === -1 ? 'All levels' : `${depth} level${depth === 1 ? '' : 's'}`,
}));

const EMPTY_MATCHES: ReadonlySet<string> = new Set();

export interface LineageViewProps {
  target: TenantTarget;
  /** The node whose lineage is shown. */
  qri: string;
  view: LineageViewSearch;
  onViewChange: (change: Partial<LineageViewSearch>) => void;
  /** Impact (downstream) is answered to tenant admins only. */
  canSeeImpact: boolean;
}

/** Which resource node holds a search match: the match itself, or the node whose QRI it extends by `#…`. */
function resourceOf(graph: LineageGraphModel, qri: string): string | undefined {
  return graph.nodes.find((node) => !node.parent && (node.qri === qri || qri.startsWith(`${node.qri}#`)))
    ?.qri;
}

/**
 * A node's lineage as a graph (or as tables): upstream sources or downstream impact, a depth, one node opened to
 * its tables and fields, and a search that marks the nodes it finds. All of it lives in the URL.
 */
export function LineageView({ target, qri, view, onViewChange, canSeeImpact }: LineageViewProps) {
  const blocked = view.dir === 'down' && !canSeeImpact;
  const params = { qri, direction: view.dir, depth: view.depth };
  const graph = useQuery({ ...lineageGraphQuery(target, params), enabled: !blocked });
  const expansion = useQuery({
    ...lineageExpansionQuery(target, { ...params, node: view.node }),
    enabled: !blocked && view.node !== '' && graph.isSuccess,
  });
  const search = useQuery({
    ...lineageSearchQuery(target, { ...params, text: view.find }),
    enabled: !blocked && view.find !== '',
  });
  const shown = useMemo(
    () =>
      graph.data && expansion.data && view.node
        ? withExpansion(graph.data, view.node, expansion.data)
        : graph.data,
    [graph.data, expansion.data, view.node],
  );
  const matches = useMemo(
    () => (search.data && view.find ? new Set(search.data.nodes.map((node) => node.qri)) : EMPTY_MATCHES),
    [search.data, view.find],
  );
  const onToggle = useCallback(
    (node: string) => onViewChange({ node: node === view.node ? '' : node }),
    [onViewChange, view.node],
  );
  const baseLabel = shown?.nodes.find((node) => node.qri === qri)?.label ?? qri;
  const directionWord = view.dir === 'up' ? 'Lineage' : 'Impact';
  // a match inside a table or field of a node not opened yet: offer to open that node
  const hiddenMatch =
    shown && search.data?.nodes.find((node) => !shown.nodes.some((known) => known.qri === node.qri));
  const hiddenMatchOwner = hiddenMatch && shown ? resourceOf(shown, hiddenMatch.qri) : undefined;

  return (
    <Stack gap="sm">
      <Group gap="md" align="flex-end" wrap="wrap">
        <SegmentedControl
          aria-label="Direction"
          value={view.dir}
          onChange={(dir) => onViewChange({ dir: dir as LineageViewSearch['dir'], node: '' })}
          data={[
            { value: 'up', label: 'Lineage (upstream)' },
            { value: 'down', label: 'Impact (downstream)' },
          ]}
        />
        <Select
          label="Depth"
          w={130}
          allowDeselect={false}
          data={DEPTH_OPTIONS}
          value={String(view.depth)}
          onChange={(depth) => depth && onViewChange({ depth: Number(depth) as LineageDepth })}
        />
        <SearchInput
          label="Find in the graph"
          placeholder="Names of apps, files, tables, fields"
          w={280}
          value={view.find}
          onSearch={(find) => onViewChange({ find })}
        />
        <SegmentedControl
          aria-label="Show as"
          value={view.as}
          onChange={(as) => onViewChange({ as: as as LineageViewSearch['as'] })}
          data={[
            { value: 'graph', label: 'Graph' },
            { value: 'table', label: 'Table' },
          ]}
        />
      </Group>

      {blocked ? (
        <Alert
          variant="default"
          icon={<IconLock size={18} aria-hidden />}
          title="Impact is for tenant admins"
        >
          The tenant shows what depends on a resource (impact analysis) to users with the TenantAdmin role
          only. Lineage (upstream) shows what this one is made from.
        </Alert>
      ) : graph.isError ? (
        <ErrorState variant="inline" error={graph.error} onRetry={() => void graph.refetch()} />
      ) : !shown ? (
        <Loader size="sm" aria-label={`Loading ${directionWord.toLowerCase()}`} />
      ) : (
        <>
          {expansion.isError && (
            <ErrorState variant="inline" error={expansion.error} onRetry={() => void expansion.refetch()} />
          )}
          {search.isError && (
            <ErrorState variant="inline" error={search.error} onRetry={() => void search.refetch()} />
          )}
          <Group gap="md" role="status">
            <Text size="sm">
              {directionWord} of {baseLabel}: {shown.nodes.length} node{shown.nodes.length === 1 ? '' : 's'},{' '}
              {shown.edges.length} connection{shown.edges.length === 1 ? '' : 's'}
              {expansion.isFetching ? ', opening a node…' : ''}
              {view.find && search.data
                ? `; ${search.data.nodes.length} match${search.data.nodes.length === 1 ? '' : 'es'} for “${view.find}”`
                : ''}
            </Text>
            {hiddenMatch && hiddenMatchOwner && hiddenMatchOwner !== view.node && (
              <Button
                size="compact-sm"
                variant="default"
                onClick={() => onViewChange({ node: hiddenMatchOwner })}
              >
                Open {shown.nodes.find((node) => node.qri === hiddenMatchOwner)?.label} to show{' '}
                {hiddenMatch.label}
              </Button>
            )}
          </Group>
          {view.as === 'table' ? (
            <LineageTable graph={shown} base={qri} />
          ) : (
            <Suspense fallback={<Loader size="sm" aria-label="Loading the graph view" />}>
              <LineageCanvas
                graph={shown}
                label={`${directionWord} graph of ${baseLabel}`}
                base={qri}
                expanded={view.node}
                matches={matches}
                onToggle={onToggle}
              />
            </Suspense>
          )}
        </>
      )}
    </Stack>
  );
}
