/** One column of an export: its header and how a row gives its cell. */
export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => string | number | boolean | null | undefined;
}

/** Rows formatted between two yields to the page, so 100,000 rows never hold the main thread for long. */
export const ROWS_PER_SLICE = 1000;

/**
 * One CSV cell (RFC 4180 quoting). A text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or
 * carriage return before one) gets a leading `'`, so an exported name like `=HYPERLINK(…)` stays text (OWASP's
 * CSV-injection advice).
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: readonly string[]) => `${cells.join(',')}\r\n`;

/** Lets the page paint and take input between two slices of work. */
const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export interface CsvProgress {
  rows: number;
  /** When the API says how many there are. */
  total?: number;
}

/** A page of rows from a cursor-paged list, with the list's total when it tells one. */
export interface RowPage<Row> {
  rows: Row[];
  total?: number;
}

/**
 * Every page of a list, one request after another (never all at once), starting over from the first:
 * `fetchPage(cursor)` answers a page and the cursor of the next one.
 */
export async function* cursorPages<Row>(
  fetchPage: (cursor: string | undefined) => Promise<RowPage<Row> & { next?: string }>,
): AsyncGenerator<RowPage<Row>> {
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    yield page;
    cursor = page.next;
  } while (cursor);
}

/**
 * A CSV file of every row the pages give: read page by page, formatted in slices that yield to the page, and
 * kept as Blob parts (one small Blob per slice, never one giant string). Stops with an AbortError when `signal` aborts.
 */
export async function exportCsv<Row>({
  columns,
  pages,
  signal,
  onProgress,
}: {
  columns: readonly CsvColumn<Row>[];
  pages: AsyncIterable<RowPage<Row>>;
  signal?: AbortSignal;
  onProgress?: (progress: CsvProgress) => void;
}): Promise<Blob> {
  // A byte-order mark, so spreadsheet apps read the file as UTF-8.
  const parts: BlobPart[] = ['\uFEFF', csvLine(columns.map((column) => csvCell(column.header)))];
  let rows = 0;
  let total: number | undefined;
  for await (const page of pages) {
    signal?.throwIfAborted();
    total = page.total ?? total;
    for (let start = 0; start < page.rows.length; start += ROWS_PER_SLICE) {
      let slice = '';
      for (const row of page.rows.slice(start, start + ROWS_PER_SLICE)) {
        slice += csvLine(columns.map((column) => csvCell(column.value(row))));
      }
      // A Blob per slice: the text is encoded now, a slice at a time, not all at once when the file is made
      // (one Blob over 100,000 rows of strings held the main thread 1.4 s).
      parts.push(new Blob([slice]));
      rows += Math.min(ROWS_PER_SLICE, page.rows.length - start);
      onProgress?.({ rows, total });
      await yieldToPage();
      signal?.throwIfAborted();
    }
  }
  return new Blob(parts, { type: 'text/csv;charset=utf-8' });
}

/** Hands a file to the browser's download. */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Chromium reads the URL after click() returns; revoke once it has.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** `spaces-2026-12-04.csv`: what it is and when it was taken. */
export const exportFileName = (what: string, now = new Date()) =>
  `${what}-${now.toISOString().slice(0, 10)}.csv`;
