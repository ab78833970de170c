import type { TenantContext } from '../context';
import { ApiError, badRequest, forbidden, notFound, roleForbidden } from '../http/errors';
import { scriptReferences } from '../apps/script-references';
import type { AppReferenceRow, AppRow } from '../store/apps';
import type { ConnectionRow } from '../store/data-connections';
import { personalKey, personalUserOf, type DataFileRow } from '../store/data-files';
import { DATAFILES_NAME, type RoleType, type SpacePrincipal, type SpaceRow } from '../store/spaces';

/**
 * Who may do what with apps (qlik.dev space-roles):
 * | space    | read                        | create, save a script             | delete                        |
 * | shared   | any member but dataconsumer | owner, facilitator, producer,     | the app's owner, the space's  |
 * |          |                             | codeveloper (scripts of any app)  | owner or facilitator          |
 * | managed  | any member but dataconsumer | — (apps are published there)      | owner, facilitator            |
 * | data     | — (data spaces hold no apps)                                                                    |
 * | personal | its user                    | its user                          | its user                      |
 * A tenant admin whose token has admin.spaces:read reads every space's apps, with admin.spaces also changes them.
 */
const EDITORS: ReadonlySet<RoleType> = new Set(['facilitator', 'producer', 'codeveloper']);
const MANAGERS: ReadonlySet<RoleType> = new Set(['facilitator']);

export interface AppRights {
  read: boolean;
  /** Save its script (and, in the space, create apps). */
  edit: boolean;
  delete: boolean;
}

const NO_RIGHTS: AppRights = { read: false, edit: false, delete: false };

/** The caller's rights on the apps of a space (or personal space); `ownerId` is the app's, when it is about one. */
export function appRightsIn(
  ctx: TenantContext,
  spaceKey: string,
  principal: SpacePrincipal,
  ownerId?: string,
): AppRights {
  const personalUser = personalUserOf(spaceKey);
  if (personalUser) {
    const own = personalUser === principal.userId;
    return { read: own, edit: own, delete: own };
  }
  const found = ctx.spaces.access(spaceKey, principal);
  if (!found) return NO_RIGHTS;
  const { space, access } = found;
  if (space.type === 'data') return NO_RIGHTS;
  const roles = access.roles;
  const read = principal.managesAll || principal.seesAll || access.isOwner || roles.some((r) => r !== 'dataconsumer');
  if (!read) return NO_RIGHTS;
  const all = principal.managesAll || access.isOwner;
  const edit = space.type === 'shared' && (all || roles.some((r) => EDITORS.has(r)));
  const manages = all || roles.some((r) => MANAGERS.has(r));
  const ownsApp = ownerId !== undefined && ownerId === principal.userId;
  return { read, edit: edit || (ownsApp && space.type === 'shared'), delete: manages || ownsApp };
}

/** The app, if the caller reads it (404 otherwise, so ids in other spaces stay unknown). */
export function readableApp(ctx: TenantContext, appId: string, principal: SpacePrincipal) {
  const app = ctx.apps.byId(appId);
  const rights = app && appRightsIn(ctx, app.space_key, principal, app.owner_id);
  if (!app || !rights?.read) throw notFound(`App ${appId} was not found.`, { source: { parameter: 'appId' } });
  return { app, rights };
}

const appData = (app: AppRow) => ({
  id: app.id,
  name: app.name,
  description: app.description,
  spaceId: app.space_id ?? undefined,
  ownerId: app.owner_id,
  createdDate: app.created_time,
  modifiedDate: app.last_modified_time,
});

function record(ctx: TenantContext, type: 'created' | 'deleted' | 'script.updated', actorId: string, app: AppRow, data = {}) {
  ctx.events.record({
    type: `com.qlik.v1.app.${type}`,
    actorId,
    resourceType: 'app',
    resourceId: app.id,
    spaceId: app.space_id,
    data: { ...appData(app), ...data },
  });
}

/** A new app, personal or in `spaceId` (where the caller must be able to create apps). */
export function createApp(
  ctx: TenantContext,
  principal: SpacePrincipal,
  input: { name: string; description: string; spaceId: string | null },
): AppRow {
  const name = input.name.trim();
  if (!name) throw badRequest('An app needs a name (attributes.name).', { source: { pointer: '/attributes/name' } });
  if (input.spaceId) {
    const found = ctx.spaces.access(input.spaceId, principal);
    if (!found) throw notFound(`Space ${input.spaceId} was not found.`, { source: { pointer: '/attributes/spaceId' } });
    if (!appRightsIn(ctx, found.space.id, principal).edit) {
      throw forbidden(cannotCreateIn(found.space), { meta: { reason: 'role' } });
    }
  }
  return ctx.db.transaction(() => {
    const app = ctx.apps.insert({ name, description: input.description, spaceId: input.spaceId, ownerId: principal.userId });
    record(ctx, 'created', principal.userId, app);
    return app;
  })();
}

function cannotCreateIn(space: SpaceRow): string {
  if (space.type === 'managed') return 'Apps are published to managed spaces, not created in them.';
  if (space.type === 'data') return 'Data spaces hold data, not apps.';
  return 'Creating apps in this space needs the owner, Can manage, Can edit or Can edit data in apps role.';
}

export function deleteApp(ctx: TenantContext, actorId: string, app: AppRow, rights: AppRights): void {
  if (!rights.delete) {
    throw roleForbidden("Only the app's owner, the space's owner or a member with Can manage can delete this app.");
  }
  ctx.db.transaction(() => {
    ctx.apps.delete(app.id);
    record(ctx, 'deleted', actorId, app);
  })();
}

/** A new script version; what the script names replaces what the previous one named. */
export function saveScript(
  ctx: TenantContext,
  actorId: string,
  app: AppRow,
  rights: AppRights,
  input: { script: string; versionMessage: string },
) {
  if (!rights.edit) {
    throw roleForbidden(
      "Saving the load script needs the app's owner, or Can edit or Can edit data in apps in its shared space.",
    );
  }
  if (input.script.length > MAX_SCRIPT_CHARS) {
    throw new ApiError(413, `A load script holds at most ${MAX_SCRIPT_CHARS} characters.`);
  }
  return ctx.db.transaction(() => {
    const row = ctx.apps.saveScript(app, { ...input, modifierId: actorId, references: scriptReferences(input.script) });
    record(ctx, 'script.updated', actorId, app, { scriptId: row.id, versionMessage: row.version_message });
    return row;
  })();
}

const MAX_SCRIPT_CHARS = 1_000_000;

/** What one reference of a script names in this tenant, when it names something that exists. */
export interface ResolvedReference {
  reference: AppReferenceRow;
  /** The space key the reference points into (the app's own for unqualified ones). */
  spaceKey?: string;
  /** A standard connection (LIB CONNECT, or a file read through a folder connection). */
  connection?: ConnectionRow;
  /** A data file read or written through the space's DataFiles connection. */
  file?: DataFileRow;
}

const isDataFiles = (name: string) => name.toLowerCase() === DATAFILES_NAME.toLowerCase();

/** Resolves an app's references as the engine would at reload: space by name, connection by name, file by path. */
export function resolveReferences(ctx: TenantContext, app: AppRow): ResolvedReference[] {
  return ctx.apps.references(app.id).map((reference) => {
    const spaceKey = reference.space_name ? ctx.spaces.byName(reference.space_name)?.id : app.space_key;
    if (!spaceKey) return { reference };
    if (isDataFiles(reference.connection_name)) {
      const file = reference.path ? ctx.dataFiles.byName(spaceKey, reference.path) : undefined;
      return { reference, spaceKey, ...(file && !file.folder ? { file } : {}) };
    }
    const personalUser = personalUserOf(spaceKey);
    const connection = ctx.connections.byName(
      reference.connection_name,
      personalUser ? { ownerId: personalUser } : { spaceId: spaceKey, ownerId: app.owner_id },
    );
    return { reference, spaceKey, ...(connection ? { connection } : {}) };
  });
}

/** The space key and name scripts use to name a file's or connection's space. */
export function namesOfPlace(ctx: TenantContext, spaceId: string | null, ownerId: string) {
  return spaceId
    ? { spaceKey: spaceId, spaceName: ctx.spaces.byId(spaceId)?.name ?? null }
    : { spaceKey: personalKey(ownerId), spaceName: null };
}
