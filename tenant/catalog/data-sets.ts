import type { FastifyInstance } from 'fastify';
import type { DataSetProfile, Schema } from '@qlik/api/data-sets';
import { carryFieldMetadata } from './data-set-edit';
import type { TenantContext } from '../context';
import type { Db } from '../store/db';
import { personalConnectionId, personalUserOf, type DataFileRow } from '../store/data-files';
import { onDataFileChange, type DataFileChange } from '../store/data-file-events';
import { fileType, hasDataSet, type StoredDataSet } from '../store/catalog';
import { UnreadableContent, inferDataSet, type InferOptions, type InferredDataSet } from './infer';
import { DEFAULT_REQUEST_GATE, requestGate, type RequestGateOptions } from './request-gate';

/**
 * The data-set lifecycle: one data set per data file, kept in step through the data-file change events (created,
 * replaced, renamed, moved, deleted), as Qlik's catalog does on `com.qlik.datafile.*` events. The set appears at
 * once; its schema, row count and profile are inferred afterwards by a small in-process queue that runs one file
 * at a time (a 1 GiB upload then delays other profiles, never requests), and starts the next file only in a pause
 * between API requests (see request-gate.ts): a backlog of 100,000 files keeps the tenant's CPU busy for minutes,
 * and the console's requests should not queue behind it. A file being profiled is read in slices, and a request
 * that arrives meanwhile is answered before the next slice (a 200 MB CSV is a minute of work on a busy machine).
 * A result whose set changed meanwhile (its `generation` moved on, or it was deleted) is dropped. At start-up the lifecycle reconciles sets with files
 * (events lost in a crash, files seeded before it subscribed) and resumes unfinished profiles.
 */

export interface DataSetLifecycleOptions {
  /** Passed to the inference (tests shrink samples). */
  infer?: InferOptions;
  /** Replaces the inference (tests). */
  inferFn?: (
    filePath: string,
    fileName: string,
    options?: InferOptions,
  ) => Promise<InferredDataSet | undefined>;
  /** When a profile may start relative to API requests; false runs the queue without waiting for pauses. */
  yieldToRequests?: RequestGateOptions | false;
}

export interface DataSetLifecycle {
  /** Resolves when no profile is queued or computing. */
  idle(): Promise<void>;
  /** Holds the queue (jobs wait) until `resume`; lets tests observe the "computing" state. */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

const lifecycles = new WeakMap<Db, DataSetLifecycle>();

/** Resolves once the catalog of this tenant database has no profile queued or computing. */
export function whenCatalogIdle(db: Db): Promise<void> {
  return lifecycles.get(db)?.idle() ?? Promise.resolve();
}

/** The running lifecycle of a tenant database (tests pause and resume it). */
export function dataSetLifecycle(db: Db): DataSetLifecycle | undefined {
  return lifecycles.get(db);
}

/** Starts the lifecycle for a tenant; it stops when the Fastify instance closes. */
export function startDataSetLifecycle(
  app: FastifyInstance,
  ctx: TenantContext,
  options: DataSetLifecycleOptions = {},
): DataSetLifecycle {
  const { db, catalog: store, dataFiles: files, blobs, clock, ids } = ctx;
  const infer = options.inferFn ?? inferDataSet;
  const connectionIdOf = (file: Pick<DataFileRow, 'space_id' | 'space_key'>): string | null => {
    if (file.space_id) return files.connectionOfSpace(file.space_id)?.id ?? null;
    const userId = personalUserOf(file.space_key);
    return userId ? personalConnectionId(userId) : null;
  };

  const queue = new Set<string>();
  let running: Promise<void> | undefined;
  let stopped = false;
  let paused = false;
  let idleWaiters: (() => void)[] = [];
  const writable = () => !stopped && db.open;
  const yieldOptions = options.yieldToRequests ?? DEFAULT_REQUEST_GATE;
  const gate = yieldOptions ? requestGate(app.server, yieldOptions) : undefined;

  const settleIdle = () => {
    if (running || queue.size) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const kick = () => {
    if (running || stopped || paused || queue.size === 0) return;
    running = (async () => {
      while (!stopped && !paused && queue.size) {
        await gate?.turn();
        if (stopped || paused || !queue.size) break;
        const id = queue.values().next().value as string;
        queue.delete(id);
        try {
          await runJob(id);
        } catch (error) {
          console.error('catalog: profiling failed', error);
        }
        // let requests in between two files
        await new Promise((resolve) => setImmediate(resolve));
      }
    })().finally(() => {
      running = undefined;
      if (!stopped && !paused && queue.size) kick();
      else settleIdle();
    });
  };

  const enqueue = (id: string) => {
    queue.delete(id);
    queue.add(id);
    kick();
  };

  const runJob = async (id: string) => {
    const set = store.setById(id);
    if (!set || (set.profile_status !== 'QUEUED' && set.profile_status !== 'RUNNING')) return;
    const generation = set.generation;
    const file = files.byId(set.file_id);
    if (!file) return; // deleted: its set went with it
    store.setProfileStatus(id, generation, 'RUNNING');
    const started = clock.iso();
    let result: InferredDataSet | undefined;
    let failure: string | undefined;
    if (!file.sha256) failure = `${file.base_name} has no content.`;
    else {
      try {
        result = await infer(blobs.pathOf(file.sha256), file.name, {
          ...options.infer,
          // a profile under way steps aside, slice by slice, for the requests that arrive while it runs
          ...(gate ? { between: () => gate.gap() } : {}),
        });
        if (!result) failure = `${file.base_name} has no table the catalog can read.`;
      } catch (error) {
        failure =
          error instanceof UnreadableContent
            ? `${file.base_name} ${error.reason}`
            : `The schema of ${file.base_name} could not be inferred: ${(error as Error).message}`;
      }
    }
    if (!writable()) return;
    const current = store.setById(id);
    if (!current || current.generation !== generation) return; // changed or deleted meanwhile: stale result
    const now = clock.iso();
    const properties = {
      ...(JSON.parse(current.properties) as Record<string, unknown>),
      ModifiedByProfileService: true,
    };
    const connectionId = current.connection_id ?? undefined;
    if (result) {
      const profile: DataSetProfile = {
        ...result.profile,
        meta: {
          ...result.profile.meta,
          dataSetId: id,
          connectionId,
          lastLoadTime: current.content_updated ?? undefined,
        },
      };
      // what users gave the fields (aliases, descriptions, flags…) stays with the fields of the same name
      const previous = current.schema_json ? (JSON.parse(current.schema_json) as Schema) : undefined;
      const previousMore = current.additional_schemas_json
        ? (JSON.parse(current.additional_schemas_json) as Schema[])
        : [];
      db.transaction(() => {
        const saved = store.saveInference({
          id,
          generation,
          status: 'FINISHED',
          rowCount: result.rowCount,
          schema: carryFieldMetadata(previous, result.schema),
          additionalSchemas: result.additionalSchemas.map((s, i) =>
            carryFieldMetadata(previousMore.find((p) => p.schemaName === s.schemaName) ?? previousMore[i], s),
          ),
          profile,
          properties,
          now,
        });
        // the file's owner is whoever uploaded this content (a replace makes the uploader the owner)
        if (saved) {
          store.addSchemaVersion({
            setId: id,
            generation,
            createdBy: file.owner_id,
            createdTime: current.content_updated ?? current.created_time,
            rowCount: result.rowCount,
            size: current.size,
            fields: result.schema.dataFields.map((f) => ({ name: f.name, type: f.dataType.type })),
          });
        }
      })();
    } else {
      const profile: DataSetProfile = {
        meta: {
          dataSetId: id,
          connectionId,
          status: 'FAILED',
          resultType: 'BASIC',
          computationStartTime: started,
          computationEndTime: now,
          messages: [failure ?? 'Profiling failed.'],
        },
        profiles: [],
        samples: [],
      };
      store.saveInference({
        id,
        generation,
        status: 'FAILED',
        rowCount: null,
        schema: undefined,
        additionalSchemas: undefined,
        profile,
        properties,
        now,
      });
    }
  };

  /** DataFiles connection ids per space while reconciling many files at once. */
  const connectionCache = new Map<string, string | null>();
  /**
   * Brings the file's data set in step with the file row: creates, moves/renames or deletes it; content changes
   * (`force` for a replace with identical bytes) and type changes queue a new inference. Returns the set to profile.
   */
  const syncInTransaction = (
    file: DataFileRow,
    force: boolean,
    now: string,
    cached: boolean,
  ): string | undefined => {
    const existing = store.setByFile(file.id);
    if (!hasDataSet(file)) {
      if (existing) store.deleteSet(existing.id);
      return undefined;
    }
    const personalUser = personalUserOf(file.space_key);
    const asset = file.space_id
      ? store.assetOfSpace(file.space_id)
      : personalUser
        ? store.ensurePersonalAsset(personalUser, now)
        : undefined;
    if (!asset) return undefined;
    const type = fileType(file.name);
    const placement = {
      data_asset_id: asset.id,
      space_key: file.space_key,
      space_id: file.space_id,
      name: file.base_name,
      technical_name: file.name,
      type,
      connection_id: cached
        ? (connectionCache.get(file.space_key) ??
          connectionCache.set(file.space_key, connectionIdOf(file)).get(file.space_key)!)
        : connectionIdOf(file),
      sha256: file.sha256,
      size: file.size,
      content_updated: file.content_updated_date,
    };
    if (!existing) {
      const row: StoredDataSet = {
        id: ids.objectId(),
        item_id: ids.objectId(),
        file_id: file.id,
        ...placement,
        description: '',
        tags: '[]',
        properties: JSON.stringify({ ModifiedByProfileService: false }),
        created_by: file.owner_id,
        created_time: now,
        last_modified_by: file.owner_id,
        last_modified_time: now,
        version: 1,
        generation: 1,
        profile_status: 'QUEUED',
        row_count: null,
        schema_json: null,
        additional_schemas_json: null,
        profile_json: null,
        inferred_time: null,
      };
      store.insertSet(row);
      return row.id;
    }
    const contentChanged = force || existing.sha256 !== file.sha256;
    const reinfer = contentChanged || existing.type !== type;
    const moved =
      existing.space_key !== file.space_key ||
      existing.technical_name !== file.name ||
      existing.data_asset_id !== asset.id ||
      existing.connection_id !== placement.connection_id;
    if (!reinfer && !moved) return undefined;
    store.updateSet({
      ...existing,
      ...placement,
      version: existing.version + 1,
      last_modified_by: file.owner_id,
      last_modified_time: now,
      ...(reinfer ? { generation: existing.generation + 1, profile_status: 'QUEUED' as const } : {}),
    });
    return reinfer ? existing.id : undefined;
  };

  const sync = (file: DataFileRow, force = false) => {
    const requeue = db.transaction(() => syncInTransaction(file, force, clock.iso(), false))();
    if (requeue) enqueue(requeue);
  };

  const onChange = (event: DataFileChange) => {
    if (!writable()) return;
    if (event.kind === 'deleted') {
      // the row is usually gone already (ON DELETE CASCADE); a queued job then finds nothing and is skipped
      store.deleteSetOfFile(event.file.id);
      return;
    }
    sync(event.file, event.kind === 'replaced');
  };

  // Reconcile first, then listen: files seeded or changed while no listener ran get their sets now.
  // Batched: a large tenant seeded with 100,000 rows reconciles in a few transactions.
  const { files: outOfStep, orphanSetIds } = store.outOfStep();
  const startedAt = clock.iso();
  for (let i = 0; i < outOfStep.length; i += 5000) {
    db.transaction(() => {
      for (const file of outOfStep.slice(i, i + 5000)) syncInTransaction(file, false, startedAt, true);
    })();
  }
  connectionCache.clear();
  db.transaction(() => orphanSetIds.forEach((id) => store.deleteSet(id)))();
  const unsubscribe = onDataFileChange(onChange, db);
  for (const { id } of store.pending()) enqueue(id);

  const lifecycle: DataSetLifecycle = {
    idle: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      }),
    pause: () => {
      paused = true;
    },
    resume: () => {
      paused = false;
      kick();
      settleIdle();
    },
    stop: async () => {
      stopped = true;
      unsubscribe();
      queue.clear();
      gate?.close();
      // a huge file may still be streaming: its result is dropped, and closing does not wait for it for long
      if (running) await Promise.race([running, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      settleIdle();
    },
  };
  lifecycles.set(db, lifecycle);
  app.addHook('onClose', async () => {
    await lifecycle.stop();
    lifecycles.delete(db);
  });
  return lifecycle;
}
