import type { FastifyInstance } from 'fastify';
import type { LineageInfoRest, NxApp } from '@qlik/api/apps';
import type { ApiOptions } from '../plugin';
import { contentPrincipal } from '../principal';
import { appRightsIn, createApp, deleteApp, readableApp } from '../../services/apps';
import { toLineageInfo, toNxApp } from './shape';

export const appIdParams = {
  type: 'object',
  required: ['appId'],
  properties: { appId: { type: 'string', minLength: 1, maxLength: 100 } },
} as const;

const createSchema = {
  body: {
    type: 'object',
    properties: {
      attributes: {
        type: 'object',
        properties: {
          name: { type: 'string', maxLength: 256 },
          description: { type: 'string', maxLength: 2048 },
          spaceId: { type: 'string', maxLength: 100 },
          locale: { type: 'string', maxLength: 50 },
          usage: { type: 'string', maxLength: 50 },
        },
      },
    },
  },
} as const;

export const scriptSchema = {
  params: appIdParams,
  body: {
    type: 'object',
    properties: {
      script: { type: 'string' },
      versionMessage: { type: 'string', maxLength: 1024 },
    },
  },
} as const;

interface CreateBody {
  attributes?: { name?: string; description?: string; spaceId?: string };
}

/**
 * Apps: create (personal or in a shared space), read, delete, and their load scripts (save a version, list the
 * versions, read one or `current`). What a script loads and stores is the app's data lineage.
 */
export async function appRoutes(app: FastifyInstance, { ctx }: ApiOptions): Promise<void> {
  app.post<{ Body: CreateBody }>('/api/v1/apps', { schema: createSchema }, async (request): Promise<NxApp> => {
    const principal = contentPrincipal(request.caller);
    const attributes = request.body?.attributes ?? {};
    const row = createApp(ctx, principal, {
      name: attributes.name ?? '',
      description: attributes.description ?? '',
      spaceId: attributes.spaceId || null,
    });
    return toNxApp(row, appRightsIn(ctx, row.space_key, principal, row.owner_id));
  });

  app.get<{ Params: { appId: string } }>(
    '/api/v1/apps/:appId',
    { schema: { params: appIdParams } },
    async (request): Promise<NxApp> => {
      const { app: row, rights } = readableApp(ctx, request.params.appId, contentPrincipal(request.caller));
      return toNxApp(row, rights, ctx.apps.script(row.id, 'current'));
    },
  );

  app.delete<{ Params: { appId: string } }>(
    '/api/v1/apps/:appId',
    { schema: { params: appIdParams } },
    async (request, reply) => {
      const { app: row, rights } = readableApp(ctx, request.params.appId, contentPrincipal(request.caller));
      deleteApp(ctx, request.caller.user.id, row, rights);
      return reply.code(200).send();
    },
  );

  app.get<{ Params: { appId: string } }>(
    '/api/v1/apps/:appId/data/lineage',
    { schema: { params: appIdParams } },
    async (request): Promise<LineageInfoRest[]> => {
      const { app: row } = readableApp(ctx, request.params.appId, contentPrincipal(request.caller));
      return ctx.apps.references(row.id).map(toLineageInfo);
    },
  );
}
