import type { FastifyInstance } from 'fastify';
import type { ApiOptions } from '../plugin';
import { requestOrigin } from '../../http/pagination';
import { createGroup, deleteGroup, patchGroup, type GroupPatch } from '../../services/groups';
import { requireTenantAdmin } from '../users/access';
import { patchSchema } from '../users/changes';
import { toGroup } from './shape';

const newGroupSchema = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', maxLength: 256 },
    description: { type: 'string', maxLength: 1024 },
    providerType: { type: 'string' },
    status: { type: 'string', enum: ['active'] },
    assignedRoles: { type: 'array', maxItems: 100 },
  },
} as const;

/** The groups API's writes (TenantAdmin only): custom groups, and the roles of any group. */
export async function groupChangesRoutes(app: FastifyInstance, { ctx }: ApiOptions): Promise<void> {
  app.post<{ Body: Parameters<typeof createGroup>[2] }>('/api/v1/groups', { schema: { body: newGroupSchema } }, async (request, reply) => {
    requireTenantAdmin(request.caller, 'create groups');
    const row = createGroup(ctx, request.caller.user.id, request.body);
    return reply.code(201).send(toGroup(ctx, row, requestOrigin(request)));
  });

  app.patch<{ Params: { groupId: string }; Body: GroupPatch[] }>(
    '/api/v1/groups/:groupId',
    { schema: { body: patchSchema } },
    async (request, reply) => {
      requireTenantAdmin(request.caller, 'change groups');
      patchGroup(ctx, request.caller.user.id, request.params.groupId, request.body);
      return reply.code(204).send();
    },
  );

  app.delete<{ Params: { groupId: string } }>('/api/v1/groups/:groupId', async (request, reply) => {
    requireTenantAdmin(request.caller, 'delete groups');
    deleteGroup(ctx, request.caller.user.id, request.params.groupId);
    return reply.code(204).send();
  });
}
