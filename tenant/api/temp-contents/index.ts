import type { FastifyInstance } from 'fastify';
import { addGuards } from '../../auth/guards';
import { openTempContentsDir, sweepTempContents, sweepTempContentsLater } from '../../services/temp-contents';
import { TEMP_CONTENTS_GUARDS } from './access';
import { contentRoutes } from './contents';
import { uploadRoutes, type UploadsOptions } from './uploads';

const SWEEP_INTERVAL_MS = 30_000;

/** The temp-contents API: uploads (tus and simple) kept for a TTL, their details and bytes. */
export async function tempContentsApi(app: FastifyInstance, options: UploadsOptions): Promise<void> {
  addGuards(TEMP_CONTENTS_GUARDS);
  const { ctx } = options;
  openTempContentsDir(ctx);
  sweepTempContents(ctx, true);
  const timer = setInterval(() => sweepTempContentsLater(ctx, app.log), SWEEP_INTERVAL_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
  await app.register(contentRoutes, options);
  await app.register(uploadRoutes, options);
}
