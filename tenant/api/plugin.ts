import type { FastifyInstance } from 'fastify';
import type { TenantContext } from '../context';

/** What every API plugin is registered with. */
export interface ApiOptions {
  ctx: TenantContext;
}

/** Takes `application/json-patch+json` bodies as JSON, in the plugin that calls it (the PATCH endpoints). */
export function acceptJsonPatch(app: FastifyInstance): void {
  app.addContentTypeParser(
    'application/json-patch+json',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );
}
