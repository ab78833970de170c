/** Qlik's data-file quotas, as the tenant enforces them; `GET /data-files/quotas` publishes them. */
export interface DataFileLimits {
  /** Largest direct (multipart) upload, bytes. */
  maxFileSize: number;
  /** Aggregate bytes a user's uploads may hold. */
  maxSize: number;
  /** Largest temp-contents (tus) upload and import, bytes. */
  maxLargeFileSize: number;
}

/** Data-file limits as options: each one left out takes Qlik's default. */
export type DataFilesOptions = Partial<DataFileLimits>;

export const DEFAULT_MAX_FILE_SIZE = 500 * 1024 ** 2;
/** Qlik's "no aggregate cap" value (2^63, as its JSON example renders it). */
export const DEFAULT_MAX_SIZE = 2 ** 63;
export const DEFAULT_MAX_LARGE_FILE_SIZE = 6 * 1024 ** 3;

export function dataFileLimits(options: DataFilesOptions = {}): DataFileLimits {
  return {
    maxFileSize: options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    maxSize: options.maxSize ?? DEFAULT_MAX_SIZE,
    maxLargeFileSize: options.maxLargeFileSize ?? DEFAULT_MAX_LARGE_FILE_SIZE,
  };
}
