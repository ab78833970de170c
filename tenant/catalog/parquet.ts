import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet';
import type { SchemaElement, SchemaTree } from 'hyparquet';
import type { FieldDataType } from '@qlik/api/data-sets';
import type { FileDataFormat } from '@qlik/api/qix';
import type { Cell } from './field-types';
import { type ReadOptions, TableProfiler, type TableResult, cellText, finishTable } from './profile';

/** Parquet physical + logical (or legacy converted) type → Qlik catalog type. */
export function qlikTypeOf(tree: SchemaTree): FieldDataType {
  const e: SchemaElement = tree.element;
  const originalType =
    tree.children.length > 0 ? (e.logical_type?.type ?? e.converted_type ?? 'GROUP') : (e.type ?? 'GROUP');
  const t = (type: FieldDataType['type'], properties: Record<string, unknown> = {}): FieldDataType => ({
    type,
    properties,
    originalType,
  });
  if (tree.children.length > 0) return t('STRING');
  const logical = e.logical_type;
  if (logical) {
    switch (logical.type) {
      case 'STRING':
      case 'ENUM':
      case 'JSON':
      case 'UUID':
        return t('STRING');
      case 'DATE':
        return t('DATE');
      case 'TIMESTAMP':
        return t('TIMESTAMP');
      case 'TIME':
        return t('TIME');
      case 'DECIMAL':
        return t('DECIMAL', { precision: logical.precision, scale: logical.scale });
      case 'INTEGER':
        return t('INTEGER');
      case 'FLOAT16':
        return t('DOUBLE');
      default:
        break;
    }
  }
  switch (e.converted_type) {
    case 'UTF8':
    case 'ENUM':
    case 'JSON':
      return t('STRING');
    case 'DECIMAL':
      return t('DECIMAL', { precision: e.precision ?? 38, scale: e.scale ?? 0 });
    case 'DATE':
      return t('DATE');
    case 'TIMESTAMP_MILLIS':
    case 'TIMESTAMP_MICROS':
      return t('TIMESTAMP');
    case 'TIME_MILLIS':
    case 'TIME_MICROS':
      return t('TIME');
    case 'INT_8':
    case 'INT_16':
    case 'INT_32':
    case 'INT_64':
    case 'UINT_8':
    case 'UINT_16':
    case 'UINT_32':
    case 'UINT_64':
      return t('INTEGER');
    default:
      break;
  }
  switch (e.type) {
    case 'BOOLEAN':
      return t('BOOLEAN');
    case 'INT32':
    case 'INT64':
      return t('INTEGER');
    case 'INT96':
      return t('TIMESTAMP');
    case 'FLOAT':
    case 'DOUBLE':
      return t('DOUBLE');
    default:
      return t('BINARY');
  }
}

function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint' || value instanceof Date) return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/**
 * Schema and row count from the footer; the profile reads one column of one row group at a time (so memory is
 * bounded by the largest column chunk, not the file), and the sample rows separately.
 */
export async function readParquet(
  filePath: string,
  tableName: string,
  options: ReadOptions,
  sizeInBytes: number,
): Promise<TableResult> {
  const file = await asyncBufferFromFile(filePath);
  const metadata = await parquetMetadataAsync(file);
  const columns = parquetSchema(metadata).children;
  const names = columns.map((c) => c.element.name);
  const declared = columns.map((c) => ({
    dataType: qlikTypeOf(c),
    nullable: c.element.repetition_type !== 'REQUIRED',
  }));
  const profiler = new TableProfiler(tableName, names, options);
  const totalRows = Number(metadata.num_rows);
  const profileRows = Math.min(totalRows, options.maxProfileRows);

  let groupStart = 0;
  for (const group of metadata.row_groups) {
    const groupRows = Number(group.num_rows);
    const rowEnd = Math.min(groupStart + groupRows, profileRows);
    if (rowEnd > groupStart) {
      for (let c = 0; c < names.length; c++) {
        const accumulator = profiler.fields[c];
        await parquetRead({
          file,
          metadata,
          columns: [names[c] ?? ''],
          utf8: false,
          rowStart: groupStart,
          rowEnd,
          onComplete: (rows: unknown[][]) => {
            for (const r of rows) accumulator?.add(toCell(r[0]));
          },
        });
        await options.between();
      }
    }
    groupStart += groupRows;
  }
  const sampleEnd = Math.min(totalRows, options.sampleRows);
  if (sampleEnd > 0) {
    await parquetRead({
      file,
      metadata,
      rowStart: 0,
      rowEnd: sampleEnd,
      utf8: false,
      onComplete: (rows: unknown[][]) => {
        for (const r of rows) profiler.sampleRows.push(names.map((_, i) => cellText(toCell(r[i])) ?? ''));
      },
    });
  }
  const qDataFormat: FileDataFormat = { qType: 'PARQUET' };
  return finishTable(
    {
      name: tableName,
      fields: profiler.fields,
      sampleRows: profiler.sampleRows,
      rowCount: totalRows,
      profiledRows: profileRows,
    },
    { loadOptions: { qDataFormat }, sizeInBytes, declared },
  );
}
