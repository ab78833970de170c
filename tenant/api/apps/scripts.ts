import type { FastifyInstance } from 'fastify';
import type { ScriptMetaList, ScriptVersion } from '@qlik/api/apps';
import type { ApiOptions } from '../plugin';
import { contentPrincipal } from '../principal';
import { notFound } from '../../http/errors';
import { readableApp, saveScript } from '../../services/apps';
import { appIdParams, scriptSchema } from './apps';
import { privilegesOf, toScriptMeta, toScriptVersion } from './shape';

/** An app's load script: save a version (what it names becomes the app's lineage), list versions, read one. */
export async function scriptRoutes(app: FastifyInstance, { ctx }: ApiOptions): Promise<void> {
  app.get<{ Params: { appId: string } }>(
    '/api/v1/apps/:appId/scripts',
    { schema: { params: appIdParams } },
    async (request): Promise<ScriptMetaList> => {
      const { app: row, rights } = readableApp(ctx, request.params.appId, contentPrincipal(request.caller));
      // one page holds every version (Qlik's `page` is "not yet supported"), so links name no next or prev
      return { scripts: ctx.apps.scripts(row.id).map(toScriptMeta), privileges: privilegesOf(rights), links: {} };
    },
  );

  app.post<{ Params: { appId: string }; Body: ScriptVersion | undefined }>(
    '/api/v1/apps/:appId/scripts',
    { schema: scriptSchema },
    async (request, reply) => {
      const { app: row, rights } = readableApp(ctx, request.params.appId, contentPrincipal(request.caller));
      saveScript(ctx, request.caller.user.id, row, rights, {
        script: request.body?.script ?? '',
        versionMessage: request.body?.versionMessage ?? '',
      });
      return reply.code(200).send();
    },
  );

  app.get<{ Params: { appId: string; id: string } }>(
    '/api/v1/apps/:appId/scripts/:id',
    {
      schema: {
        params: {
          type: 'object',
          required: ['appId', 'id'],
          properties: { ...appIdParams.properties, id: { type: 'string', minLength: 1, maxLength: 100 } },
        },
      },
    },
    async (request): Promise<ScriptVersion> => {
      const { app: row } = readableApp(ctx, request.params.appId, contentPrincipal(request.caller));
      const script = ctx.apps.script(row.id, request.params.id);
      if (!script) {
        throw notFound(`Script version ${request.params.id} of app ${row.id} was not found.`, { source: { parameter: 'id' } });
      }
      return toScriptVersion(script);
    },
  );
}
