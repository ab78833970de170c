import type { FastifyRequest } from 'fastify';
import type { TenantContext } from '../../context';
import type { Guard } from '../../auth/guards';
import { ApiError, notFound } from '../../http/errors';
import type { TempContentRow } from '../../store/data-files';
import { isExpired } from '../../services/temp-contents';

/** Temp contents and data files have no Qlik scope of their own: any user or admin token may call them. */
export const DATA_FILES_GUARD: Guard = { anyOf: ['user_default', 'admin_classic'] };

export const TUS_PATH = '/api/v1/temp-contents/files';

export const TEMP_CONTENTS_GUARDS: Record<string, Guard> = {
  'POST /api/v1/temp-contents': DATA_FILES_GUARD,
  'GET /api/v1/temp-contents/:id': DATA_FILES_GUARD,
  'GET /api/v1/temp-contents/:id/details': DATA_FILES_GUARD,
  [`POST ${TUS_PATH}`]: DATA_FILES_GUARD,
  [`PATCH ${TUS_PATH}/:id`]: DATA_FILES_GUARD,
  // HEAD is guarded through its GET row
  [`GET ${TUS_PATH}/:id`]: DATA_FILES_GUARD,
};

/** The caller's own, unexpired upload (404 for anyone else's, as Qlik does; 410 once expired). */
export function ownUpload(ctx: TenantContext, request: FastifyRequest, id: string): TempContentRow {
  const row = ctx.tempContents.byId(id);
  if (!row || row.creator_id !== request.caller.user.id) {
    throw notFound(`Temporary content ${id} was not found.`, { source: { parameter: 'id' } });
  }
  if (isExpired(row, ctx.clock.now().getTime())) throw new ApiError(410, `Temporary content ${id} has expired.`);
  return row;
}
