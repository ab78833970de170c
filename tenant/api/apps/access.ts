import type { Guard } from '../../auth/guards';

/** Qlik's apps scopes: `apps:read` (or `admin.apps:read`) reads, `apps` (or `admin.apps`) creates and changes. */
const READ: Guard = { anyOf: ['apps:read', 'admin.apps:read'] };
const WRITE: Guard = { anyOf: ['apps', 'admin.apps'] };

export const APPS_GUARDS: Record<string, Guard> = {
  'POST /api/v1/apps': WRITE,
  'GET /api/v1/apps/:appId': READ,
  'DELETE /api/v1/apps/:appId': WRITE,
  'GET /api/v1/apps/:appId/data/lineage': READ,
  'GET /api/v1/apps/:appId/scripts': READ,
  'POST /api/v1/apps/:appId/scripts': WRITE,
  'GET /api/v1/apps/:appId/scripts/:id': READ,
};
