import type { FastifyInstance } from 'fastify';
import type { GraphResponse, GraphsResponse } from '@qlik/api/lineage-graphs';
import type { ApiOptions } from '../plugin';
import { contentPrincipal } from '../principal';
import { LineageView, searchTerms } from '../../services/lineage-graphs';
import { expandGraph, LEVELS, levelParts, nodesGraph, searchGraphs, graphMetadata, type LineageGraph } from '../../lineage/graph';
import { requireTenantAdmin } from './access';
import {
  impactExpandSchema,
  impactOverviewSchema,
  impactSearchSchema,
  impactSourceSchema,
  type ImpactExpandQuery,
  type ImpactSearchQuery,
} from './schemas';

type Params = { id: string };

/**
 * Impact analysis (TenantAdmin only): what depends on a base node downstream — the apps that load a file, the
 * files those apps store, the apps that load those — with table and field counts; expand, search and the base node.
 */
export async function impactRoutes(app: FastifyInstance, { ctx }: ApiOptions): Promise<void> {
  const viewOf = (request: { caller: Parameters<typeof contentPrincipal>[0] }) => {
    requireTenantAdmin(request.caller);
    return new LineageView(ctx, contentPrincipal(request.caller));
  };

  app.get<{ Params: Params; Querystring: { down: number } }>(
    '/api/v1/lineage-graphs/impact/:id/overview',
    { schema: impactOverviewSchema },
    async (request): Promise<GraphResponse> => {
      const view = viewOf(request);
      const reach = view.reach(view.baseOf(request.params.id), 'down', request.query.down);
      // the base is not its own impact (qlik.dev's overview lists only what depends on it)
      const dependants = { resources: reach.resources.slice(1), links: reach.links.filter((l) => l.source !== reach.base && l.target !== reach.base) };
      const { nodes, edges } = levelParts(dependants, 'RESOURCE', true, true);
      const graph: LineageGraph = {
        directed: true,
        type: 'RESOURCE',
        label: '',
        nodes,
        edges,
        metadata: graphMetadata(reach.base, nodes),
      };
      return { graph };
    },
  );

  app.get<{ Params: Params; Querystring: ImpactExpandQuery }>(
    '/api/v1/lineage-graphs/impact/:id/actions/expand',
    { schema: impactExpandSchema },
    async (request): Promise<GraphResponse> => {
      const view = viewOf(request);
      const { node, level, down } = request.query;
      const reach = view.reach(view.baseOf(request.params.id), 'down', down);
      const expanded = view.nodeIn(reach, node);
      return { graph: expandGraph(reach, expanded, level === 'table' ? 'TABLE' : 'FIELD', true, true) };
    },
  );

  app.get<{ Params: Params; Querystring: ImpactSearchQuery }>(
    '/api/v1/lineage-graphs/impact/:id/actions/search',
    { schema: impactSearchSchema },
    async (request): Promise<GraphsResponse> => {
      const terms = searchTerms(request.query.filter);
      const view = viewOf(request);
      const reach = view.reach(view.baseOf(request.params.id), 'down', request.query.down);
      return { graphs: { graphs: searchGraphs(reach, terms) } };
    },
  );

  app.get<{ Params: Params }>(
    '/api/v1/lineage-graphs/impact/:id/source',
    { schema: impactSourceSchema },
    async (request): Promise<GraphsResponse> => {
      const view = viewOf(request);
      const reach = view.reach(view.baseOf(request.params.id), 'down', 0);
      return { graphs: { graphs: LEVELS.map((level) => nodesGraph(level, levelParts(reach, level, true, true).nodes)) } };
    },
  );
}
