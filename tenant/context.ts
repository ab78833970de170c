import type { Db } from './store/db';
import { identities, type Identities } from './store/identities';
import { identityChanges, type IdentityChanges } from './store/identity-changes';
import { apiKeysStore, type ApiKeysStore } from './store/api-keys';
import { oauthClientsStore, type OAuthClientsStore } from './store/oauth-clients';
import { readTenant, type TenantRow } from './store/tenant';
import { settingsStore, type SettingsStore } from './store/settings';
import { spacesStore, type SpacesStore } from './store/spaces';
import { connectionsStore, type ConnectionsStore } from './store/data-connections';
import { dataFilesStore, tempContentsStore, type DataFilesStore, type TempContentsStore } from './store/data-files';
import { catalogStore, type CatalogStore } from './store/catalog';
import { appsStore, type AppsStore } from './store/apps';
import { itemsStore, type ItemsStore } from './store/items';
import { openBlobStore, type BlobStore } from './store/blobs';
import { ContentDigests } from './store/content-digests';
import { ItemsInFlight } from './services/in-flight';
import type { EventSink } from './events/sink';
import { auditSink } from './events/audit-sink';
import { auditsStore, type AuditsStore } from './store/audits';
import { dataFileLimits, type DataFileLimits, type DataFilesOptions } from './limits';
import { randomIds, systemClock, type Clock, type Ids } from './runtime';

/**
 * Everything the tenant's API, services, seeds and background work share, built once per running tenant: the
 * database and its stores, the blob store, the clock, the id generator and the sink every change is recorded in.
 * Stores are built here and nowhere else, so each prepares its statements once.
 */
export interface TenantContext {
  db: Db;
  dataDir: string;
  clock: Clock;
  ids: Ids;
  events: EventSink;
  blobs: BlobStore;
  /** The tenant this server is (its row exists once the tenant is seeded). */
  tenant(): TenantRow;
  settings: SettingsStore;
  identities: Identities;
  /** Writes to users, groups, memberships and role assignments. */
  identityChanges: IdentityChanges;
  apiKeys: ApiKeysStore;
  /** OAuth clients made through the API, and their hashed secrets. */
  oauthClients: OAuthClientsStore;
  spaces: SpacesStore;
  connections: ConnectionsStore;
  dataFiles: DataFilesStore;
  tempContents: TempContentsStore;
  catalog: CatalogStore;
  /** Apps, their load scripts and what those scripts name. */
  apps: AppsStore;
  /** Qlik's items: data sets and apps as one list. */
  items: ItemsStore;
  /** The audit trail (what the default event sink writes). */
  audits: AuditsStore;
  /** Qlik's data-file quotas as configured. */
  limits: DataFileLimits;
  /** Data-file items a request is changing right now (others answer 423). */
  inFlight: ItemsInFlight;
  /** SHA-256 of temp contents computed as they arrived. */
  tempDigests: ContentDigests;
}

export interface ContextOptions {
  db: Db;
  dataDir: string;
  clock?: Clock;
  ids?: Ids;
  /** Where changes are recorded (default: Qlik's audit events in the audit trail). */
  events?: EventSink;
  dataFiles?: DataFilesOptions;
}

/**
 * Builds a tenant's context over an open database. `buildServer` calls it once; tools that open a tenant's
 * database themselves (the e2e suite's fixtures) build one to seed or change it the way the tenant would.
 */
export function createContext(options: ContextOptions): TenantContext {
  const { db, dataDir } = options;
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIds(clock);
  const runtime = { clock, ids };
  const settings = settingsStore(db);
  const identityStore = identities(db, runtime);
  const audits = auditsStore(db);
  return {
    db,
    dataDir,
    clock,
    ids,
    events: options.events ?? auditSink({ audits, clock, ids, actorOf: (userId) => m2mActor(identityStore, userId) }),
    blobs: openBlobStore(dataDir),
    tenant: () => {
      const row = readTenant(db);
      if (!row) throw new Error('The tenant has not been seeded yet.');
      return row;
    },
    settings,
    identities: identityStore,
    identityChanges: identityChanges(db, runtime),
    apiKeys: apiKeysStore(db, runtime),
    oauthClients: oauthClientsStore(db, runtime),
    spaces: spacesStore(db, runtime),
    connections: connectionsStore(db, runtime, settings),
    dataFiles: dataFilesStore(db, runtime),
    tempContents: tempContentsStore(db),
    catalog: catalogStore(db, runtime),
    apps: appsStore(db, runtime),
    items: itemsStore(db),
    audits,
    limits: dataFileLimits(options.dataFiles),
    inFlight: new ItemsInFlight(),
    tempDigests: new ContentDigests(),
  };
}

/** The M2M client that acts as the service user is the event's actor (Qlik's `extensions.actor`). */
function m2mActor(ids: Identities, userId: string) {
  const user = ids.userById(userId);
  return user?.is_service ? { sub: user.subject.replace(/^client\|/, ''), subType: 'client' as const } : undefined;
}
