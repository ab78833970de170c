import ExcelJS from 'exceljs';
import type { FileDataFormat } from '@qlik/api/qix';
import type { Cell } from './field-types';
import { type ReadOptions, TableProfiler, type TableResult, finishTable, uniqueNames } from './profile';

/** Rows of a sheet profiled between two chances for the tenant's requests (see ReadOptions.between). */
const XLSX_SLICE_ROWS = 1000;

/** A cell value as ExcelJS gives it: plain values, or objects for rich text, formulas, hyperlinks and errors. */
function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as {
      richText?: { text?: string }[];
      result?: unknown;
      formula?: string;
      text?: unknown;
      error?: string;
    };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text ?? '').join('');
    if ('formula' in v || 'sharedFormula' in v) return toCell(v.result);
    if (v.error !== undefined) return v.error;
    if (v.text !== undefined) return toCell(v.text);
  }
  return String(value);
}

function rowCells(row: ExcelJS.Row): Cell[] {
  // Row.values is 1-based and sparse
  const values = row.values as unknown[];
  const cells: Cell[] = [];
  for (let i = 1; i < values.length; i++) cells.push(toCell(values[i]));
  return cells;
}

/**
 * Every worksheet, in workbook order, through ExcelJS's streaming reader: rows are profiled as they are parsed
 * and dropped. The shared-strings table is held in memory (ExcelJS needs it to resolve cells). The first
 * non-empty row of a sheet is its header.
 */
export async function readXlsx(
  filePath: string,
  options: ReadOptions,
  sizeInBytes: number,
): Promise<TableResult[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(filePath, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const results: { order: number; result: TableResult }[] = [];
  let position = 0;
  for await (const worksheet of reader) {
    const sheet = worksheet as unknown as ExcelJS.stream.xlsx.WorksheetReader & {
      name?: string;
      id?: number;
    };
    const name = sheet.name ?? `Sheet${position + 1}`;
    let profiler: TableProfiler | undefined;
    let width = 0;
    let ragged = false;
    for await (const row of sheet) {
      const cells = rowCells(row);
      if (!profiler) {
        width = cells.length;
        profiler = new TableProfiler(
          name,
          uniqueNames(cells.map((c) => (c === null ? undefined : String(c)))),
          options,
        );
        continue;
      }
      if (cells.length > width) ragged = true;
      profiler.addRow(cells);
      if (profiler.rowCount % XLSX_SLICE_ROWS === 0) await options.between();
    }
    profiler ??= new TableProfiler(name, [], options);
    const qDataFormat: FileDataFormat = { qType: 'EXCEL_OOXML', qLabel: 'embedded labels', qHeaderSize: 0 };
    const result = finishTable(profiler, {
      loadOptions: { qDataFormat },
      sizeInBytes,
      anomalies: ragged ? ['$warning-inconsistent-field-count'] : [],
    });
    results.push({ order: sheet.id ?? position, result });
    position++;
  }
  // Worksheet parts arrive in zip order; the workbook's sheet list holds the tab order.
  const tabs = (reader as unknown as { model?: { sheets?: { id?: number }[] } }).model?.sheets ?? [];
  const rank = (id: number): number => {
    const i = tabs.findIndex((t) => t.id === id);
    return i === -1 ? tabs.length + id : i;
  };
  return results.sort((a, b) => rank(a.order) - rank(b.order)).map((r) => r.result);
}
