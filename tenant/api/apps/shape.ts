import type { ItemResultResponseBody } from '@qlik/api/items';
import type { LineageInfoRest, NxApp, NxAttributes, ScriptMeta, ScriptVersion } from '@qlik/api/apps';
import type { AppRights } from '../../services/apps';
import type { AppReferenceRow, AppRow, AppScriptRow } from '../../store/apps';

/** An app's privileges (and its item actions): what the caller's rights let them do with it. */
export function privilegesOf(rights: AppRights): string[] {
  return ['read', ...(rights.edit ? ['update', 'reload'] : []), ...(rights.delete ? ['delete'] : [])];
}

/**
 * An app as `GET /apps/{appId}` and `POST /apps` answer it: the attributes @qlik/api declares. Its space is on the
 * app's item (`/items?resourceType=app`), which is where the console reads it.
 */
export function toNxApp(app: AppRow, rights: AppRights, lastScript?: AppScriptRow): NxApp {
  const attributes: NxAttributes = {
    id: app.id,
    name: app.name,
    description: app.description,
    createdDate: app.created_time,
    modifiedDate: lastScript?.modified_time ?? app.last_modified_time,
    owner: app.owner_id,
    ownerId: app.owner_id,
    published: false,
    publishTime: '',
    hasSectionAccess: false,
    encrypted: true,
    isDirectQueryMode: false,
    usage: 'ANALYTICS',
    custom: {},
    thumbnail: '',
    dynamicColor: '',
  };
  return {
    attributes,
    privileges: privilegesOf(rights),
    create: [
      { resource: 'sheet', canCreate: rights.edit },
      { resource: 'bookmark', canCreate: true },
    ],
  };
}

export const toScriptMeta = (row: AppScriptRow): ScriptMeta => ({
  scriptId: row.id,
  modifiedTime: row.modified_time,
  modifierId: row.modifier_id,
  size: Buffer.byteLength(row.script),
  versionMessage: row.version_message,
});

export const toScriptVersion = (row: AppScriptRow): ScriptVersion => ({
  script: row.script,
  versionMessage: row.version_message,
});

/** The engine's lineage of an app: one entry per source its script reads and per file it stores. */
export function toLineageInfo(reference: AppReferenceRow): LineageInfoRest {
  if (reference.relation === 'STORE') return { discriminator: `STORE - [${reference.text}]`, statement: '' };
  if (reference.relation === 'CONNECT') return { discriminator: reference.text, statement: `LIB CONNECT TO '${reference.text}'` };
  return { discriminator: `[${reference.text}]`, statement: '' };
}

/** An app as the items API lists it (`resourceType: app`). */
export function toAppItem(app: AppRow, origin: string, actions: string[], tenantId: string): ItemResultResponseBody {
  return {
    id: app.item_id,
    name: app.name,
    description: app.description,
    resourceId: app.id,
    resourceType: 'app',
    resourceSubType: '',
    resourceAttributes: {
      id: app.id,
      name: app.name,
      description: app.description,
      createdDate: app.created_time,
      modifiedDate: app.last_modified_time,
      owner: app.owner_id,
      ownerId: app.owner_id,
      published: false,
      publishTime: '',
      usage: 'ANALYTICS',
      _resourcetype: 'app',
      ...(app.space_id ? { spaceId: app.space_id } : {}),
    },
    resourceCustomAttributes: null,
    resourceCreatedAt: app.created_time,
    resourceUpdatedAt: app.last_modified_time,
    createdAt: app.created_time,
    updatedAt: app.last_modified_time,
    creatorId: app.created_by,
    updaterId: app.last_modified_by,
    ownerId: app.owner_id,
    ...(app.space_id ? { spaceId: app.space_id } : {}),
    tenantId,
    collectionIds: [],
    isFavorited: false,
    actions,
    meta: { actions, collections: [], isFavorited: false, tags: [] },
    links: {
      self: { href: `${origin}/api/v1/items/${app.item_id}` },
      open: { href: `${origin}/sense/app/${app.id}` },
    },
  };
}

