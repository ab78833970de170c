import type { FastifyInstance } from 'fastify';
import type { Assignments } from '@qlik/api/spaces';
import type { ApiOptions } from '../plugin';
import { notFound } from '../../http/errors';
import { cursorLinks, requestOrigin } from '../../http/pagination';
import { addAssignment, removeAssignment, setAssignmentRoles } from '../../services/spaces';
import { visibleSpace, writableSpace } from './access';
import { toAssignment } from './shape';
import {
  assignmentSchema,
  createAssignmentSchema,
  listAssignmentsSchema,
  putAssignmentSchema,
  type AssignmentParams,
  type AssignmentsQuery,
  type CreateAssignmentBody,
  type SpaceParams,
} from './schemas';

/** A space's members (assignments): list, add, read, change roles, remove. */
export async function assignmentsRoutes(app: FastifyInstance, { ctx }: ApiOptions): Promise<void> {
  app.get<{ Params: SpaceParams; Querystring: AssignmentsQuery }>(
    '/api/v1/spaces/:spaceId/assignments',
    { schema: listAssignmentsSchema },
    async (request): Promise<Assignments> => {
      const { space } = visibleSpace(ctx, request, request.params.spaceId);
      const { type, assigneeId, limit, next, prev } = request.query;
      const page = ctx.spaces.listAssignments({ spaceId: space.id, type, assigneeId, limit, next, prev });
      const origin = requestOrigin(request);
      const tenantId = ctx.tenant().id;
      return {
        data: page.rows.map((r) => toAssignment(r, origin, tenantId)),
        meta: { count: page.totalResults ?? 0 },
        links: cursorLinks(request, page),
      };
    },
  );

  app.post<{ Params: SpaceParams; Body: CreateAssignmentBody }>(
    '/api/v1/spaces/:spaceId/assignments',
    { schema: createAssignmentSchema },
    async (request, reply) => {
      const target = writableSpace(ctx, request, request.params.spaceId);
      const row = addAssignment(ctx, request.caller.user.id, target, request.body);
      const body = toAssignment(row, requestOrigin(request), ctx.tenant().id);
      return reply.code(201).header('location', body.links.self.href).send(body);
    },
  );

  app.get<{ Params: AssignmentParams }>(
    '/api/v1/spaces/:spaceId/assignments/:assignmentId',
    { schema: assignmentSchema },
    async (request) => {
      const { space } = visibleSpace(ctx, request, request.params.spaceId);
      const row = ctx.spaces.assignment(space.id, request.params.assignmentId);
      if (!row) {
        throw notFound(`Assignment ${request.params.assignmentId} not found.`, {
          source: { parameter: 'assignmentId' },
        });
      }
      return toAssignment(row, requestOrigin(request), ctx.tenant().id);
    },
  );

  app.put<{ Params: AssignmentParams; Body: { roles: unknown } }>(
    '/api/v1/spaces/:spaceId/assignments/:assignmentId',
    { schema: putAssignmentSchema },
    async (request) => {
      const target = writableSpace(ctx, request, request.params.spaceId);
      const { assignmentId } = request.params;
      const row = setAssignmentRoles(ctx, request.caller.user.id, target, assignmentId, request.body.roles);
      return toAssignment(row, requestOrigin(request), ctx.tenant().id);
    },
  );

  app.delete<{ Params: AssignmentParams }>(
    '/api/v1/spaces/:spaceId/assignments/:assignmentId',
    { schema: assignmentSchema },
    async (request, reply) => {
      const target = writableSpace(ctx, request, request.params.spaceId);
      removeAssignment(ctx, request.caller.user.id, target, request.params.assignmentId);
      return reply.code(204).send();
    },
  );
}
