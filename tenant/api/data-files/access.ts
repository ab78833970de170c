import type { FastifyRequest } from 'fastify';
import type { TenantContext } from '../../context';
import type { Guard } from '../../auth/guards';
import { contentPrincipal } from '../principal';
import { FileRights } from '../../services/data-file-rights';
import { DATA_FILES_GUARD } from '../temp-contents/access';

export const DATA_FILES_GUARDS: Record<string, Guard> = {
  'GET /api/v1/data-files': DATA_FILES_GUARD,
  'POST /api/v1/data-files': DATA_FILES_GUARD,
  'GET /api/v1/data-files/quotas': DATA_FILES_GUARD,
  'GET /api/v1/data-files/connections': DATA_FILES_GUARD,
  'GET /api/v1/data-files/connections/:id': DATA_FILES_GUARD,
  'POST /api/v1/data-files/actions/change-space': DATA_FILES_GUARD,
  'POST /api/v1/data-files/actions/delete': DATA_FILES_GUARD,
  'GET /api/v1/data-files/:id': DATA_FILES_GUARD,
  'PUT /api/v1/data-files/:id': DATA_FILES_GUARD,
  'DELETE /api/v1/data-files/:id': DATA_FILES_GUARD,
  'POST /api/v1/data-files/:id/actions/change-owner': DATA_FILES_GUARD,
  'POST /api/v1/data-files/:id/actions/change-space': DATA_FILES_GUARD,
};

/** What the caller may do with data files, space by space (the data-files API's one guard). */
export const fileRights = (ctx: TenantContext, request: FastifyRequest) =>
  new FileRights(ctx, contentPrincipal(request.caller));
