import type { FastifyInstance } from 'fastify';
import type { ApiOptions } from '../plugin';
import { newTraceId } from '../../http/errors';
import { requestOrigin } from '../../http/pagination';
import { createUser, deleteUser, patchUser, type NewUser, type PatchOperation } from '../../services/users';
import { requireTenantAdmin } from './access';
import { toUser } from './shape';

/** One JSON Patch operation; the service decides which ops, paths and values a user takes. */
export const patchSchema = {
  type: 'array',
  minItems: 1,
  maxItems: 100,
  items: {
    type: 'object',
    required: ['op', 'path'],
    properties: { op: { type: 'string', maxLength: 32 }, path: { type: 'string', maxLength: 200 }, value: {} },
  },
} as const;

const newUserSchema = {
  type: 'object',
  required: ['subject'],
  properties: {
    subject: { type: 'string', maxLength: 256 },
    email: { type: 'string', maxLength: 320 },
    name: { type: 'string', maxLength: 256 },
    picture: { type: 'string', maxLength: 2048 },
    status: { type: 'string' },
    tenantId: { type: 'string' },
    assignedRoles: { type: 'array', maxItems: 100 },
    roles: { type: 'array', maxItems: 100, items: { type: 'string' } },
  },
} as const;

/** The users API's writes (TenantAdmin only): create, JSON Patch (204, or 207 with the parts not applied), delete, count. */
export async function userChangesRoutes(app: FastifyInstance, { ctx }: ApiOptions): Promise<void> {
  app.post<{ Body: NewUser }>('/api/v1/users', { schema: { body: newUserSchema } }, async (request, reply) => {
    requireTenantAdmin(request.caller, 'create users');
    const row = createUser(ctx, request.caller.user.id, request.body);
    return reply.code(201).send(toUser(ctx, row, requestOrigin(request)));
  });

  app.patch<{ Params: { userId: string }; Body: PatchOperation[] }>(
    '/api/v1/users/:userId',
    { schema: { body: patchSchema } },
    async (request, reply) => {
      requireTenantAdmin(request.caller, 'change users');
      const failures = patchUser(ctx, request.caller.user.id, request.params.userId, request.body);
      if (failures.length) return reply.code(207).send({ errors: failures, traceId: newTraceId() });
      return reply.code(204).send();
    },
  );

  app.delete<{ Params: { userId: string } }>('/api/v1/users/:userId', async (request, reply) => {
    requireTenantAdmin(request.caller, 'delete users');
    deleteUser(ctx, request.caller.user.id, request.params.userId);
    return reply.code(204).send();
  });

  app.get('/api/v1/users/actions/count', async () => ({ total: ctx.identityChanges.countUsers() }));
}
