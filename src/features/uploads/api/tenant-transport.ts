import type { DetailedError } from 'tus-js-client';
import { parseRetryAfter, type HttpError } from '@/lib/api-error';
import { baseNameOf, type Quota, type UploadDestination } from '../model';
import type { SendEvents, SendJob, UploadTransport } from '../queue';

/** Where the token comes from: the console's OAuth session, asked afresh for every request. */
export interface UploadAuth {
  /** The current access token (renewed first when about to lapse). */
  accessToken(): Promise<string>;
  /** After a 401: renew if possible; true when a retry makes sense. */
  recoverFromUnauthorized(): Promise<boolean>;
}

export interface TenantTransportOptions {
  /** Tenant origin, e.g. `https://acme.eu.qlikcloud.com`. */
  host: string;
  auth: UploadAuth;
  /** tus PATCH size for every file (tests); by default it follows the file's size (chunkSizeFor). */
  chunkSize?: number;
  /** tus retry schedule for transient failures (409/423/5xx/network while online). */
  retryDelays?: number[];
}

const MiB = 1024 ** 2;
const MIN_CHUNK = MiB;
const MAX_CHUNK = 64 * MiB;
const CHUNKS_PER_FILE = 16;

/**
 * The tus PATCH size for a file: about 16 chunks per file, a power of two between 1 and 64 MiB (20 MB → 2 MiB,
 * 200 MB → 16 MiB, 1 GiB and up → 64 MiB). Each PATCH is a File.slice, read lazily by the browser, so a big chunk
 * costs no memory; big chunks are what fast links need (measured on a 1 GiB upload to the local tenant: 8 MiB chunks
 * reached 95-140 MB/s, 64 MiB 190-225, close to what Chromium sends with plain XHRs). Small files get small chunks so
 * that progress moves on slow links and a server that drops a PATCH cut half-way (the tus protocol allows it) costs
 * one small chunk. The local tenant keeps what arrived of a cut PATCH and resumes from the offset HEAD reports.
 */
export function chunkSizeFor(size: number): number {
  const wanted = Math.max(1, size / CHUNKS_PER_FILE);
  const power = 2 ** Math.ceil(Math.log2(wanted));
  return Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, power));
}

/** From this many names in one folder, one listing of the folder (1,000 per page) beats a look-up per name. */
const LIST_FOLDER_FROM = 8;
/** Folder look-ups running at once for a big drop (the tenant's read limit is per minute, not per request). */
const LOOKUP_CONCURRENCY = 4;

const TEMP_TTL_SECONDS = 24 * 3600;

function httpError(status: number, body: string, headers: Headers, fallback: string): HttpError {
  let data: unknown;
  try {
    data = body ? JSON.parse(body) : undefined;
  } catch {
    data = undefined;
  }
  const error = new Error(fallback) as HttpError;
  error.status = status;
  error.headers = headers;
  error.data = data;
  return error;
}

// describeError recognises this wording as a network failure.
const networkError = () => new TypeError('Network request failed');

const abortError = () => new DOMException('The upload was stopped.', 'AbortError');

interface XhrResult {
  status: number;
  body: string;
  headers: Headers;
}

function parseHeaders(raw: string): Headers {
  const headers = new Headers();
  for (const line of raw.trim().split(/[\r\n]+/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return headers;
}

/** XHR rather than fetch: only XHR reports upload progress. The FormData streams the File from disk. */
function xhr(
  method: string,
  url: string,
  token: string,
  body: FormData | undefined,
  signal: AbortSignal,
  onProgress?: (loaded: number) => void,
): Promise<XhrResult> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError());
    const request = new XMLHttpRequest();
    request.open(method, url);
    request.setRequestHeader('Authorization', `Bearer ${token}`);
    request.setRequestHeader('Accept', 'application/json');
    if (onProgress) request.upload.onprogress = (event) => onProgress(event.loaded);
    const onAbort = () => request.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    const done = () => signal.removeEventListener('abort', onAbort);
    request.onload = () => {
      done();
      resolve({
        status: request.status,
        body: request.responseText,
        headers: parseHeaders(request.getAllResponseHeaders()),
      });
    };
    request.onerror = () => {
      done();
      reject(networkError());
    };
    request.ontimeout = request.onerror;
    request.onabort = () => {
      done();
      reject(abortError());
    };
    request.send(body ?? null);
  });
}

const folderMissing = (error: unknown) =>
  (error as HttpError).status === 400 &&
  ((error as HttpError).data as { errors?: { code?: string }[] } | undefined)?.errors?.[0]?.code === 'DF-005';

/** The path and query of a `links.next.href` (absolute, on the tenant's host). */
function pathOf(href: string): string {
  const url = new URL(href);
  return `${url.pathname}${url.search}`;
}

/** Runs the tasks with at most `limit` at once; rejects with the first failure. */
async function runLimited(tasks: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}

/**
 * The uploads' path to the tenant: quotas and name lookups with fetch, small files as one multipart
 * POST/PUT /data-files, large ones through tus (temp-contents) and then an import by tempContentFileId.
 */
export function createTenantTransport(options: TenantTransportOptions): UploadTransport {
  const host = options.host.replace(/\/+$/, '');
  const { auth } = options;
  const connections = new Map<string, Promise<string>>();

  /** One request with a fresh token; after a 401 the session renews and the request runs once more. */
  async function call(
    method: string,
    path: string,
    body: () => FormData | undefined,
    signal: AbortSignal,
    onProgress?: (loaded: number) => void,
  ): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const result = await xhr(
        method,
        `${host}${path}`,
        await auth.accessToken(),
        body(),
        signal,
        onProgress,
      );
      if (result.status === 401 && attempt === 0 && (await auth.recoverFromUnauthorized())) continue;
      if (result.status === 429 && method === 'GET' && attempt < 3) {
        // Look-ups wait out the rate limit themselves; uploads let the queue wait (and say so).
        const seconds = parseRetryAfter(result.headers.get('retry-after')) ?? 5;
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        continue;
      }
      if (result.status >= 300) {
        throw httpError(result.status, result.body, result.headers, `HTTP ${result.status} from ${path}`);
      }
      return result.body ? (JSON.parse(result.body) as unknown) : undefined;
    }
  }

  const get = (path: string) => call('GET', path, () => undefined, new AbortController().signal);

  /** The DataFiles connection of a space (uploads name the space through it); personal space: none. */
  function connectionOf(destination: UploadDestination): Promise<string | undefined> {
    const spaceId = destination.spaceId;
    if (!spaceId) return Promise.resolve(undefined);
    let found = connections.get(spaceId);
    if (!found) {
      found = (
        get(`/api/v1/data-files/connections?spaceId=${encodeURIComponent(spaceId)}&limit=1`) as Promise<{
          data?: { id: string }[];
        }>
      ).then((page) => {
        const id = page.data?.[0]?.id;
        if (!id) throw new Error(`The space ${spaceId} has no DataFiles connection`);
        return id;
      });
      found.catch(() => connections.delete(spaceId));
      connections.set(spaceId, found);
    }
    return found;
  }

  function sendForm(
    job: SendJob,
    json: Record<string, unknown>,
    withFile: boolean,
    signal: AbortSignal,
    onProgress?: (loaded: number) => void,
  ) {
    const form = () => {
      const data = new FormData();
      data.append('Json', JSON.stringify(json));
      if (withFile) data.append('File', job.file, baseNameOf(job.name));
      return data;
    };
    return job.replaceId
      ? call('PUT', `/api/v1/data-files/${encodeURIComponent(job.replaceId)}`, form, signal, onProgress)
      : call('POST', '/api/v1/data-files', form, signal, onProgress);
  }

  async function sendMultipart(job: SendJob, events: SendEvents, signal: AbortSignal) {
    const connectionId = await connectionOf(job.destination);
    // A replace keeps the file where it is; a new file is named with its folders, created on the way.
    const json = job.replaceId ? {} : { name: job.name, ...(connectionId ? { connectionId } : {}) };
    await sendForm(job, json, true, signal, (loaded) => {
      // multipart overhead makes loaded overshoot the file size by a few hundred bytes
      const capped = Math.min(loaded, job.file.size);
      events.progress(capped);
      if (loaded >= job.file.size) events.finishing();
    });
  }

  function tusError(error: Error | DetailedError): Error {
    const detailed = error as DetailedError;
    const response = detailed.originalResponse;
    const status = response?.getStatus() ?? 0;
    if (!response || status === 0) return networkError();
    const retryAfter = response.getHeader('Retry-After');
    return httpError(
      status,
      response.getBody() ?? '',
      new Headers(retryAfter ? { 'Retry-After': retryAfter } : {}),
      error.message,
    );
  }

  async function sendTus(job: SendJob, events: SendEvents, signal: AbortSignal) {
    const connectionId = await connectionOf(job.destination);
    // tus-js-client loads with the first large upload, not with the app shell that mounts the panel.
    const { Upload } = await import('tus-js-client');
    if (signal.aborted) throw abortError();
    let renewing: Promise<boolean> | undefined;
    const url = await new Promise<string>((resolve, reject) => {
      const upload = new Upload(job.file, {
        endpoint: `${host}/api/v1/temp-contents/files`,
        uploadUrl: job.tusUrl ?? null,
        chunkSize: options.chunkSize ?? chunkSizeFor(job.file.size),
        retryDelays: options.retryDelays ?? [0, 1000, 3000, 5000, 10000, 20000],
        metadata: { filename: baseNameOf(job.name), ttl: String(TEMP_TTL_SECONDS) },
        // The queue keeps the URL itself (sessionStorage, per tab); tus's localStorage store would outlive the tab.
        storeFingerprintForResuming: false,
        removeFingerprintOnSuccess: true,
        async onBeforeRequest(request) {
          if (renewing) await renewing;
          request.setHeader('Authorization', `Bearer ${await auth.accessToken()}`);
        },
        onShouldRetry(error) {
          const status = error.originalResponse?.getStatus() ?? 0;
          if (status === 401) {
            renewing = auth.recoverFromUnauthorized().finally(() => (renewing = undefined));
            return true;
          }
          // Offline: the queue waits for the `online` event instead of burning the retry schedule.
          if (typeof navigator !== 'undefined' && navigator.onLine === false) return false;
          // 429 waits Retry-After, which the queue honours; tus's schedule would not.
          if (status === 429) return false;
          return status === 0 || status >= 500 || status === 409 || status === 423;
        },
        onUploadUrlAvailable() {
          events.tusUrl(upload.url ?? undefined);
        },
        onProgress(sent) {
          events.progress(sent);
        },
        onSuccess() {
          signal.removeEventListener('abort', stop);
          resolve(upload.url!);
        },
        onError(error) {
          signal.removeEventListener('abort', stop);
          reject(tusError(error));
        },
      });
      const stop = () => {
        void upload.abort(false);
        reject(abortError());
      };
      signal.addEventListener('abort', stop, { once: true });
      upload.start();
    });
    events.finishing();
    const tempContentFileId = url.slice(url.lastIndexOf('/') + 1);
    const json = job.replaceId
      ? { tempContentFileId }
      : { name: job.name, tempContentFileId, ...(connectionId ? { connectionId } : {}) };
    try {
      await sendForm(job, json, false, signal);
    } catch (error) {
      // The temp content is complete; a failed import keeps the URL so a retry only repeats the import.
      events.tusUrl(url);
      throw error;
    }
  }

  async function findExisting(destination: UploadDestination, name: string): Promise<string | undefined> {
    const connectionId = await connectionOf(destination);
    const query = new URLSearchParams({
      name,
      limit: '1',
      includeFolders: 'true',
      allowInternalFiles: 'true',
      ...(connectionId ? { connectionId } : {}),
    });
    const page = (await get(`/api/v1/data-files?${query}`)) as { data?: { id: string; name: string }[] };
    return page.data?.find((f) => f.name.toLowerCase() === name.toLowerCase())?.id;
  }

  /** The lower-cased names (paths) of every folder in the destination's space. */
  async function folderNames(destination: UploadDestination): Promise<Set<string>> {
    const connectionId = await connectionOf(destination);
    const query = new URLSearchParams({
      excludeFiles: 'true',
      includeFolders: 'true',
      limit: '1000',
      ...(connectionId ? { connectionId } : {}),
    });
    return new Set((await listAll(`/api/v1/data-files?${query}`)).map((entry) => entry.name.toLowerCase()));
  }

  /** Every file and folder directly in a folder of the space (the root for ''); none when it does not exist. */
  async function listFolder(destination: UploadDestination, folder: string) {
    const connectionId = await connectionOf(destination);
    const query = new URLSearchParams({
      excludeSubFolders: 'true',
      includeFolders: 'true',
      allowInternalFiles: 'true',
      limit: '1000',
      ...(folder ? { folderPath: folder } : {}),
      ...(connectionId ? { connectionId } : {}),
    });
    return listAll(`/api/v1/data-files?${query}`);
  }

  /** All pages of a data-files listing, following `links.next`; none when its folder does not exist. */
  async function listAll(first: string) {
    const entries: { id: string; name: string }[] = [];
    let path: string | undefined = first;
    while (path) {
      let page: { data?: { id: string; name: string }[]; links?: { next?: { href?: string } } };
      try {
        page = (await get(path)) as typeof page;
      } catch (error) {
        // DF-005: the folder is not there yet, so nothing in it can be in the way.
        if (folderMissing(error)) return entries;
        throw error;
      }
      entries.push(...(page.data ?? []));
      const next = page.links?.next?.href;
      path = next ? pathOf(next) : undefined;
    }
    return entries;
  }

  return {
    async quota() {
      const quota = (await get('/api/v1/data-files/quotas')) as Partial<Quota>;
      const toList = (v: unknown) =>
        Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(',').map((s) => s.trim()) : [];
      return {
        size: Number(quota.size ?? 0),
        maxSize: Number(quota.maxSize ?? Number.MAX_SAFE_INTEGER),
        maxFileSize: Number(quota.maxFileSize ?? 500 * 1024 ** 2),
        maxLargeFileSize: Number(quota.maxLargeFileSize ?? quota.maxFileSize ?? 500 * 1024 ** 2),
        allowedExtensions: toList(quota.allowedExtensions),
        allowedInternalExtensions: toList(quota.allowedInternalExtensions),
      };
    },
    findExisting,
    async findExistingMany(destination, names) {
      const found = new Map<string, string>();
      const byFolder = new Map<string, string[]>();
      for (const name of names) {
        const folder = name.slice(0, Math.max(0, name.lastIndexOf('/')));
        const inFolder = byFolder.get(folder);
        if (inFolder) inFolder.push(name);
        else byFolder.set(folder, [name]);
      }
      // Listing a folder that does not exist is a 400 (DF-005, and an error in the browser's console): list only
      // the folders the space has, found with one listing of its folders.
      const listed = [...byFolder].filter(([, inFolder]) => inFolder.length >= LIST_FOLDER_FROM);
      const folders = listed.some(([folder]) => folder) ? await folderNames(destination) : new Set<string>();
      const lookups = [...byFolder].map(([folder, inFolder]) => async () => {
        if (inFolder.length >= LIST_FOLDER_FROM && folder && !folders.has(folder.toLowerCase())) return;
        if (inFolder.length < LIST_FOLDER_FROM) {
          for (const name of inFolder) {
            const id = await findExisting(destination, name);
            if (id) found.set(name.toLowerCase(), id);
          }
          return;
        }
        const wanted = new Set(inFolder.map((name) => name.toLowerCase()));
        for (const entry of await listFolder(destination, folder)) {
          const lower = entry.name.toLowerCase();
          if (wanted.has(lower)) found.set(lower, entry.id);
        }
      });
      await runLimited(lookups, LOOKUP_CONCURRENCY);
      return found;
    },
    send(job, events, signal) {
      return job.method === 'tus' ? sendTus(job, events, signal) : sendMultipart(job, events, signal);
    },
  };
}
