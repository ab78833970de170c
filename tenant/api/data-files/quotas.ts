import type { FastifyInstance } from 'fastify';
import type { QuotaResponse } from '@qlik/api/data-files';
import type { ApiOptions } from '../plugin';
import { ALLOWED_EXTENSIONS, INTERNAL_EXTENSIONS } from '../../services/data-file-names';

/** The caller's quota: bytes held, the limits, and the extensions uploads may have. */
export async function quotaRoutes(app: FastifyInstance, { ctx }: ApiOptions): Promise<void> {
  app.get('/api/v1/data-files/quotas', async (request): Promise<QuotaResponse> => {
    const { maxSize, maxFileSize, maxLargeFileSize } = ctx.limits;
    return {
      size: ctx.dataFiles.usageOf(request.caller.user.id),
      maxSize,
      maxFileSize,
      maxLargeFileSize,
      allowedExtensions: [...ALLOWED_EXTENSIONS],
      allowedInternalExtensions: [...INTERNAL_EXTENSIONS],
    };
  });
}
