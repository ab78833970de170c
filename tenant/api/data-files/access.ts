import type { FastifyRequest } from 'fastify';
import type { TenantContext } from '../../context';
import type { Caller } from '../../auth/caller';
import type { Guard } from '../../auth/guards';
import type { SpacePrincipal } from '../../store/spaces';
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

/** The data-files service answers by space roles; admin reach follows the token's admin.spaces scopes. */
export function filesPrincipal(caller: Caller): SpacePrincipal {
  return {
    userId: caller.user.id,
    groupIds: caller.groupIds,
    seesAll: caller.isTenantAdmin && caller.scopes.has('admin.spaces:read'),
    managesAll: caller.isTenantAdmin && caller.scopes.has('admin.spaces'),
  };
}

/** What the caller may do with data files, space by space (the data-files API's one guard). */
export const fileRights = (ctx: TenantContext, request: FastifyRequest) =>
  new FileRights(ctx, filesPrincipal(request.caller));
