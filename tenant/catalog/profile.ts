import type {
  DataField,
  DataSetProfile,
  FieldDataType,
  FieldProfile,
  Schema,
  TableSample,
} from '@qlik/api/data-sets';
import {
  type Cell,
  type Notation,
  type QlikType,
  TypeInference,
  parseNumber,
  systemTags,
} from './field-types';

/**
 * Bounded-memory profiling. Everything is exact and O(1) per field except:
 * - distinct values and most frequent values: an exact map of value → count while a field has at most
 *   `distinctCap` distinct values (10,000 for tables up to 20 fields; the total across fields is held near
 *   200,000 entries, never below 100 per field). Past the cap the distinct count becomes a HyperLogLog estimate
 *   (4,096 registers, ~1.6 % standard error) and the map keeps only the most frequent half each time it fills
 *   up, so frequencies of the most frequent values are lower bounds;
 * - median and fractiles: from a uniform reservoir sample of numeric values (8,192 per field for tables up to
 *   120 fields, at least 256), exact while a field has no more numeric values than the reservoir holds.
 * Numeric statistics cover numbers only (dates, timestamps and booleans are reported through the string and
 * frequency statistics). Distinctness is by text: `1.0` and `1` are two values. String lengths are measured on
 * the text of every non-empty value. The standard deviation is the sample one (n − 1, like Qlik's Stdev);
 * skewness and kurtosis (excess) are population moments.
 */
export interface ProfileLimits {
  distinctCap: number;
  reservoirSize: number;
}

export function limitsFor(fieldCount: number): ProfileLimits {
  const fields = Math.max(1, fieldCount);
  return {
    distinctCap: Math.min(10_000, Math.max(100, Math.floor(200_000 / fields))),
    reservoirSize: Math.min(8_192, Math.max(256, Math.floor(1_000_000 / fields))),
  };
}

const MOST_FREQUENT = 10;
const SAMPLE_VALUES = 5;
const FRACTILES = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

/** Deterministic PRNG (mulberry32) so two runs over the same file give the same approximate figures. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // murmur3 finalizer: FNV alone leaves the high bits (the register index) poorly mixed
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class HyperLogLog {
  private static readonly P = 12;
  private readonly registers = new Uint8Array(1 << HyperLogLog.P);

  add(value: string): void {
    const h = hash32(value);
    const index = h >>> (32 - HyperLogLog.P);
    const rest = (h << HyperLogLog.P) >>> 0;
    const rank = rest === 0 ? 32 - HyperLogLog.P + 1 : Math.clz32(rest) + 1;
    if (rank > (this.registers[index] ?? 0)) this.registers[index] = rank;
  }

  estimate(): number {
    const m = this.registers.length;
    let sum = 0;
    let zeros = 0;
    for (const r of this.registers) {
      sum += 2 ** -r;
      if (r === 0) zeros++;
    }
    const alpha = 0.7213 / (1 + 1.079 / m);
    const e = (alpha * m * m) / sum;
    if (e <= 2.5 * m && zeros > 0) return Math.round(m * Math.log(m / zeros));
    return Math.round(e);
  }
}

/** Streaming moments (Welford/Terriberry) plus a reservoir for the order statistics. */
class NumericStats {
  count = 0;
  zero = 0;
  positive = 0;
  negative = 0;
  min = Infinity;
  max = -Infinity;
  sum = 0;
  sumSquares = 0;
  private mean = 0;
  private m2 = 0;
  private m3 = 0;
  private m4 = 0;
  private readonly reservoir: Float64Array;
  private readonly random: () => number;

  constructor(reservoirSize: number, seed: number) {
    this.reservoir = new Float64Array(reservoirSize);
    this.random = prng(seed);
  }

  add(x: number): void {
    const n1 = this.count;
    const n = ++this.count;
    if (x === 0) this.zero++;
    else if (x > 0) this.positive++;
    else this.negative++;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    this.sum += x;
    this.sumSquares += x * x;
    const delta = x - this.mean;
    const deltaN = delta / n;
    const deltaN2 = deltaN * deltaN;
    const term1 = delta * deltaN * n1;
    this.mean += deltaN;
    this.m4 += term1 * deltaN2 * (n * n - 3 * n + 3) + 6 * deltaN2 * this.m2 - 4 * deltaN * this.m3;
    this.m3 += term1 * deltaN * (n - 2) - 3 * deltaN * this.m2;
    this.m2 += term1;
    const size = this.reservoir.length;
    if (n1 < size) this.reservoir[n1] = x;
    else {
      const j = Math.floor(this.random() * n);
      if (j < size) this.reservoir[j] = x;
    }
  }

  get exactOrderStatistics(): boolean {
    return this.count <= this.reservoir.length;
  }

  write(p: FieldProfile): void {
    p.numericValueCount = this.count;
    p.zeroValueCount = this.zero;
    p.positiveValueCount = this.positive;
    p.negativeValueCount = this.negative;
    if (this.count === 0) return;
    p.minNumericValue = this.min;
    p.maxNumericValue = this.max;
    p.sumNumericValues = this.sum;
    p.sumSquaredNumericValues = this.sumSquares;
    p.average = this.mean;
    if (this.count > 1) p.standardDeviation = Math.sqrt(this.m2 / (this.count - 1));
    if (this.m2 > 0) {
      p.skewness = (Math.sqrt(this.count) * this.m3) / this.m2 ** 1.5;
      p.kurtosis = (this.count * this.m4) / (this.m2 * this.m2) - 3;
    }
    const sorted = this.reservoir.slice(0, Math.min(this.count, this.reservoir.length)).sort();
    const at = (q: number): number => {
      const pos = q * (sorted.length - 1);
      const lo = Math.floor(pos);
      const hi = Math.ceil(pos);
      return (sorted[lo] ?? 0) + ((sorted[hi] ?? 0) - (sorted[lo] ?? 0)) * (pos - lo);
    };
    p.median = at(0.5);
    p.fractiles = FRACTILES.map(at);
  }
}

/** Exact value counts up to a cap, then HyperLogLog for the distinct count and a pruned map for the top values. */
class ValueCounts {
  private readonly counts = new Map<string, number>();
  private hll: HyperLogLog | undefined;

  constructor(private readonly cap: number) {}

  add(value: string): void {
    this.hll?.add(value);
    this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
    if (this.counts.size > this.cap) {
      if (!this.hll) {
        this.hll = new HyperLogLog();
        for (const key of this.counts.keys()) this.hll.add(key);
      }
      this.prune();
    }
  }

  get approximate(): boolean {
    return this.hll !== undefined;
  }

  distinct(): number {
    return this.hll ? Math.max(this.hll.estimate(), this.counts.size) : this.counts.size;
  }

  mostFrequent(limit: number): { value: string; frequency: number }[] {
    return [...this.counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, limit)
      .map(([value, frequency]) => ({ value, frequency }));
  }

  private prune(): void {
    const keep = Math.max(1, Math.floor(this.cap / 2));
    const threshold = [...this.counts.values()].sort((a, b) => b - a)[keep - 1] ?? 0;
    let kept = 0;
    for (const [key, count] of this.counts) {
      if (count > threshold || (count === threshold && kept < keep)) kept++;
      else this.counts.delete(key);
    }
  }
}

export function cellText(value: Cell): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    const iso = value.toISOString();
    return value.getTime() % 86_400_000 === 0 ? iso.slice(0, 10) : iso;
  }
  return String(value);
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

export interface FieldResult {
  field: DataField;
  profile: FieldProfile;
  approximate: boolean;
}

/** Everything known about one field, fed one cell at a time. */
export class FieldAccumulator {
  private rows = 0;
  private nulls = 0;
  private empties = 0;
  private allAscii = true;
  private minLength = Infinity;
  private maxLength = 0;
  private sumLength = 0;
  private first: string | undefined;
  private last: string | undefined;
  private readonly samples: string[] = [];
  private readonly inference: TypeInference;
  private readonly dot: NumericStats;
  private readonly comma: NumericStats;
  private readonly values: ValueCounts;

  constructor(
    readonly name: string,
    readonly index: number,
    limits: ProfileLimits,
    preferred: Notation = 'dot',
  ) {
    this.inference = new TypeInference(preferred);
    this.dot = new NumericStats(limits.reservoirSize, 0x9e3779b9 ^ index);
    this.comma = new NumericStats(limits.reservoirSize, 0x85ebca6b ^ index);
    this.values = new ValueCounts(limits.distinctCap);
  }

  addNulls(count: number): void {
    this.rows += count;
    this.nulls += count;
  }

  add(value: Cell): void {
    this.rows++;
    const text = cellText(value);
    if (text === null || text.length === 0) {
      this.nulls++;
      return;
    }
    const trimmed = typeof value === 'string' ? text.trim() : text;
    if (trimmed.length === 0) {
      this.empties++;
      return;
    }
    this.inference.add(trimmed, value);
    if (typeof value === 'number' || typeof value === 'bigint') {
      const x = Number(value);
      if (Number.isFinite(x)) {
        this.dot.add(x);
        this.comma.add(x);
      }
    } else if (typeof value === 'string') {
      const d = parseNumber(trimmed, 'dot');
      if (d) this.dot.add(d.value);
      const c = parseNumber(trimmed, 'comma');
      if (c) this.comma.add(c.value);
    }
    if (this.allAscii && !isAscii(text)) this.allAscii = false;
    const length = text.length;
    if (length < this.minLength) this.minLength = length;
    if (length > this.maxLength) this.maxLength = length;
    this.sumLength += length;
    if (this.first === undefined || text < this.first) this.first = text;
    if (this.last === undefined || text > this.last) this.last = text;
    this.values.add(text);
    if (this.samples.length < SAMPLE_VALUES && !this.samples.includes(text)) this.samples.push(text);
  }

  /** `declared` (Parquet, QVD) wins over the inferred type; `nullable` likewise. */
  finish(declared?: { dataType: FieldDataType; nullable?: boolean }): FieldResult {
    const decision = this.inference.decide();
    const dataType = declared?.dataType ?? decision.dataType;
    const type: QlikType = dataType.type;
    const nullable = declared?.nullable ?? this.nulls + this.empties > 0;
    const tags = systemTags(type, this.allAscii);
    const field: DataField = {
      name: this.name,
      index: this.index,
      dataType,
      nullable,
      primaryKey: false,
      encrypted: false,
      sensitive: false,
      orphan: false,
      tags,
    };
    const valueCount = this.rows - this.nulls - this.empties;
    const profile: FieldProfile = {
      name: this.name,
      technicalName: this.name,
      index: this.index,
      dataType: type,
      tags,
      sampleValues: [...this.samples],
      distinctValueCount: this.values.distinct(),
      nullValueCount: this.nulls,
      emptyStringCount: this.empties,
    };
    const numericType = type === 'INTEGER' || type === 'DOUBLE' || type === 'DECIMAL' || type === 'STRING';
    const stats = decision.notation === 'dot' ? this.dot : this.comma;
    if (numericType && stats.count > 0) stats.write(profile);
    else profile.numericValueCount = 0;
    profile.textValueCount = valueCount - (profile.numericValueCount ?? 0);
    if (valueCount > 0) {
      profile.minStringLength = this.minLength;
      profile.maxStringLength = this.maxLength;
      profile.sumStringLength = this.sumLength;
      profile.averageStringLength = this.sumLength / valueCount;
      profile.firstSortedStringValue = this.first;
      profile.lastSortedStringValue = this.last;
    }
    profile.mostFrequentValues = this.values.mostFrequent(MOST_FREQUENT);
    return {
      field,
      profile,
      approximate: this.values.approximate || (numericType && !stats.exactOrderStatistics),
    };
  }
}

/** A table being read: accumulators, the first rows as samples, the row count. */
export class TableProfiler {
  readonly fields: FieldAccumulator[];
  readonly sampleRows: string[][] = [];
  rowCount = 0;
  profiledRows = 0;

  constructor(
    readonly name: string,
    fieldNames: string[],
    private readonly options: Pick<ReadOptions, 'sampleRows' | 'maxProfileRows'> & { notation?: Notation },
  ) {
    const limits = limitsFor(fieldNames.length);
    this.fields = fieldNames.map((n, i) => new FieldAccumulator(n, i, limits, options.notation));
  }

  addRow(cells: readonly Cell[]): void {
    this.rowCount++;
    if (this.sampleRows.length < this.options.sampleRows) {
      this.sampleRows.push(this.fields.map((_, i) => cellText(cells[i]) ?? ''));
    }
    if (this.profiledRows >= this.options.maxProfileRows) return;
    this.profiledRows++;
    const fields = this.fields;
    for (let i = 0; i < fields.length; i++) fields[i]?.add(cells[i]);
  }
}

/**
 * Bytes of text read, parsed and profiled in one slice: about 20 ms of work on a busy 2-core machine, which is how
 * long a request that arrives mid-profile may wait (slices of 256 KiB held requests up by up to a second).
 */
export const READ_CHUNK = 64 * 1024;

/** How a reader reads a table: how many rows it samples and profiles, and where it lets other work in. */
export interface ReadOptions {
  sampleRows: number;
  maxProfileRows: number;
  /**
   * Awaited between two slices of the read (a chunk of text, a batch of rows, a column of a row group): the
   * tenant answers its requests there, so a long profile never holds one up by more than a slice.
   */
  between: () => Promise<void>;
}

export interface TableResult {
  schema: Schema;
  rowCount: number;
  profile: { name: string; numberOfRows: number; sizeInBytes: number; fieldProfiles: FieldProfile[] };
  sample: TableSample;
  messages: string[];
}

export function finishTable(
  table: {
    name: string;
    fields: FieldAccumulator[];
    sampleRows: string[][];
    rowCount: number;
    profiledRows: number;
  },
  extra: {
    loadOptions: Record<string, unknown>;
    sizeInBytes: number;
    anomalies?: string[];
    declared?: ({ dataType: FieldDataType; nullable?: boolean } | undefined)[];
  },
): TableResult {
  const results = table.fields.map((f, i) => f.finish(extra.declared?.[i]));
  const messages: string[] = [];
  const approximate = results.filter((r) => r.approximate).map((r) => r.field.name);
  if (approximate.length > 0) {
    messages.push(
      `${table.name}: distinct counts, most frequent values, median and fractiles are approximate for: ${approximate.join(', ')}`,
    );
  }
  if (table.profiledRows < table.rowCount) {
    messages.push(`${table.name}: profiled the first ${table.profiledRows} of ${table.rowCount} rows`);
  }
  return {
    schema: {
      dataFields: results.map((r) => r.field),
      loadOptions: extra.loadOptions,
      effectiveDate: new Date().toISOString(),
      anomalies: extra.anomalies ?? [],
      schemaName: table.name,
    },
    rowCount: table.rowCount,
    profile: {
      name: table.name,
      numberOfRows: table.rowCount,
      sizeInBytes: extra.sizeInBytes,
      fieldProfiles: results.map((r) => r.profile),
    },
    sample: {
      name: table.name,
      fieldNames: table.fields.map((f) => f.name),
      records: table.sampleRows.map((values) => ({ values })),
    },
    messages,
  };
}

export function profileOf(
  tables: TableResult[],
  started: Date,
  resultType: 'NORMAL' | 'BASIC',
): DataSetProfile {
  return {
    meta: {
      status: 'FINISHED',
      resultType,
      computationStartTime: started.toISOString(),
      computationEndTime: new Date().toISOString(),
      messages: tables.flatMap((t) => t.messages),
    },
    profiles: tables.map((t) => t.profile),
    samples: tables.map((t) => t.sample),
  };
}

/** Field names as a loader would use them: blanks become `@n`, repeats get ` (2)`, ` (3)`… */
export function uniqueNames(raw: readonly (string | undefined)[]): string[] {
  const used = new Set<string>();
  return raw.map((r, i) => {
    const base = r?.trim() || `@${i + 1}`;
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base} (${k})`;
    used.add(name);
    return name;
  });
}
