import { queryOptions } from '@tanstack/react-query';
import {
  expandLineageGraphImpact,
  expandLineageGraphNode,
  getLineageGraphImpactOverview,
  getLineageGraphImpactSource,
  getLineageGraphNode,
  searchLineageGraphImpact,
  searchLineageGraphNode,
} from '@qlik/api/lineage-graphs';
import { describeError, shouldRetryQuery } from '@/lib/api-error';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { qriPathSegment } from '@/lib/qri';
import { graphModelOf, graphsOf, labelFilter, withImpactBase, type LineageGraphModel } from '../graph/model';
import { lineageKeys } from './keys';

/** `up`: what the node is made from (lineage); `down`: what depends on it (impact, TenantAdmin only). */
export type LineageDirection = 'up' | 'down';

export interface LineageGraphParams {
  qri: string;
  direction: LineageDirection;
  /** Resource levels to follow; -1 for all. */
  depth: number;
}

/**
 * The lineage service allows 20 calls a minute. A 429 is shown at once with the tenant's wait (the error state
 * counts it down and retries), instead of being retried out of sight.
 */
const retry = (failureCount: number, error: unknown) =>
  describeError(error).kind !== 'rate-limited' && shouldRetryQuery(failureCount, error);

const STALE_TIME = 60_000;

/**
 * The resource-level graph around a node: upstream from `/nodes/{qri}`; downstream from `/impact/{qri}/overview`
 * with the base node from `/impact/{qri}/source`.
 */
export function lineageGraphQuery(tenant: TenantTarget, params: LineageGraphParams) {
  return queryOptions({
    queryKey: lineageKeys(tenant.id).detail({ ...params, part: 'graph' }),
    queryFn: async ({ signal }): Promise<LineageGraphModel> => {
      const id = qriPathSegment(params.qri);
      const options = apiOptions(tenant, signal);
      if (params.direction === 'up') {
        const { data } = await getLineageGraphNode(id, { level: 'resource', up: params.depth }, options);
        return graphModelOf(graphsOf(data));
      }
      const [overview, source] = await Promise.all([
        getLineageGraphImpactOverview(id, { down: params.depth }, options),
        getLineageGraphImpactSource(id, options),
      ]);
      return withImpactBase(
        graphModelOf(graphsOf(overview.data)),
        params.qri,
        graphModelOf(graphsOf(source.data)),
      );
    },
    staleTime: STALE_TIME,
    retry,
  });
}

/** One node of the graph opened to its tables and their fields (`actions/expand`, table then field level). */
export function lineageExpansionQuery(tenant: TenantTarget, params: LineageGraphParams & { node: string }) {
  return queryOptions({
    queryKey: lineageKeys(tenant.id).detail({ ...params, part: 'expansion' }),
    queryFn: async ({ signal }): Promise<LineageGraphModel> => {
      const id = qriPathSegment(params.qri);
      const options = apiOptions(tenant, signal);
      const expand = (level: 'table' | 'field') =>
        params.direction === 'up'
          ? expandLineageGraphNode(id, { node: params.node, level, up: params.depth }, options)
          : expandLineageGraphImpact(id, { node: params.node, level, down: params.depth }, options);
      const tables = await expand('table');
      const fields = await expand('field');
      return graphModelOf([...graphsOf(tables.data), ...graphsOf(fields.data)]);
    },
    staleTime: STALE_TIME,
    retry,
  });
}

/** Nodes of the graph, on any level, whose name contains one of the words (`actions/search`). */
export function lineageSearchQuery(tenant: TenantTarget, params: LineageGraphParams & { text: string }) {
  const filter = labelFilter(params.text);
  return queryOptions({
    queryKey: lineageKeys(tenant.id).detail({ ...params, part: 'search' }),
    queryFn: async ({ signal }): Promise<LineageGraphModel> => {
      if (!filter) return { nodes: [], edges: [] };
      const id = qriPathSegment(params.qri);
      const options = apiOptions(tenant, signal);
      const { data } =
        params.direction === 'up'
          ? await searchLineageGraphNode(id, { filter, up: params.depth }, options)
          : await searchLineageGraphImpact(id, { filter, down: params.depth }, options);
      return graphModelOf(graphsOf(data));
    },
    enabled: filter !== undefined,
    staleTime: STALE_TIME,
    retry,
  });
}
