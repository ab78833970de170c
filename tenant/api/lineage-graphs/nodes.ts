import type { FastifyInstance } from 'fastify';
import type { GraphLevelsResponse, GraphResponse, GraphsResponse, MultiStatusResponse, OverviewItems } from '@qlik/api/lineage-graphs';
import type { ApiOptions } from '../plugin';
import { contentPrincipal } from '../principal';
import { LineageView, searchTerms } from '../../services/lineage-graphs';
import { expandGraph, fieldOverview, LEVELS, levelGraph, searchGraphs, type Level } from '../../lineage/graph';
import {
  nodeExpandSchema,
  nodeOverviewSchema,
  nodeSchema,
  nodeSearchSchema,
  type NodeExpandQuery,
  type NodeQuery,
  type NodeSearchQuery,
} from './schemas';

type Params = { id: string };

/**
 * Lineage: the graph upstream of a base node (what it is made from), at one level or all three; one node opened a
 * level down; a search of the graph's labels. The caller must be able to read the base node.
 */
export async function nodeRoutes(app: FastifyInstance, { ctx }: ApiOptions): Promise<void> {
  app.get<{ Params: Params; Querystring: NodeQuery }>(
    '/api/v1/lineage-graphs/nodes/:id',
    { schema: nodeSchema },
    async (request): Promise<GraphLevelsResponse> => {
      const view = new LineageView(ctx, contentPrincipal(request.caller));
      const { level, up, collapse } = request.query;
      const reach = view.reach(view.baseOf(request.params.id), 'up', up);
      if (level === 'all') return { graphs: { graphs: LEVELS.map((l) => levelGraph(reach, l, collapse)) } };
      return { graph: levelGraph(reach, level.toUpperCase() as Level, collapse) };
    },
  );

  app.get<{ Params: Params; Querystring: NodeExpandQuery }>(
    '/api/v1/lineage-graphs/nodes/:id/actions/expand',
    { schema: nodeExpandSchema },
    async (request): Promise<GraphResponse> => {
      const view = new LineageView(ctx, contentPrincipal(request.caller));
      const { node, level, up, collapse } = request.query;
      const reach = view.reach(view.baseOf(request.params.id), 'up', up);
      const expanded = view.nodeIn(reach, node);
      return { graph: expandGraph(reach, expanded, level === 'table' ? 'TABLE' : 'FIELD', collapse) };
    },
  );

  app.get<{ Params: Params; Querystring: NodeSearchQuery }>(
    '/api/v1/lineage-graphs/nodes/:id/actions/search',
    { schema: nodeSearchSchema },
    async (request): Promise<GraphsResponse> => {
      const terms = searchTerms(request.query.filter);
      const view = new LineageView(ctx, contentPrincipal(request.caller));
      const reach = view.reach(view.baseOf(request.params.id), 'up', request.query.up);
      return { graphs: { graphs: searchGraphs(reach, terms) } };
    },
  );

  app.post<{ Params: Params; Querystring: Omit<NodeSearchQuery, 'filter'>; Body: string[] }>(
    '/api/v1/lineage-graphs/nodes/:id/overview',
    { schema: nodeOverviewSchema },
    async (request, reply): Promise<OverviewItems | MultiStatusResponse | undefined> => {
      const view = new LineageView(ctx, contentPrincipal(request.caller));
      const reach = view.reach(view.baseOf(request.params.id), 'up', request.query.up);
      if (request.body.length === 0) return reply.code(201).send();
      const answers = request.body.map((qri) => ({ qri, lineage: fieldOverview(reach, qri) }));
      if (answers.every((a) => a.lineage)) return { resources: answers };
      // some fields are not in the graph: one status per field asked for
      return reply.code(207).send({
        data: answers.map(({ qri, lineage }) =>
          lineage
            ? { status: 200, code: 'OK', title: 'OK', resource: { qri, lineage } }
            : { status: 404, code: 'HTTP-404', title: 'record is not found', resource: { qri } },
        ),
      } satisfies MultiStatusResponse);
    },
  );
}
