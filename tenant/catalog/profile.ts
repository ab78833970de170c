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
  DATE_FORMATS,
  type Notation,
  type QlikType,
  TypeInference,
  dateDays,
  parseNumber,
  systemTags,
  timestampDays,
} from './field-types';
import { CalendarHistogram, NumericHistogram, daysFromCivil } from './histogram';
import { statedError } from './hyperloglog';
import { DistinctBudget, ValueCounts, detach } from './value-counts';

/**
 * Bounded-memory profiling, in one pass. Exact, whatever the size: row, null, empty, numeric and text counts; min,
 * max, sum, mean, standard deviation (the sample one, n − 1, like Qlik's Stdev), skewness and kurtosis (excess;
 * population moments); string lengths; first and last sorted values; and the histograms of numeric and date fields
 * (`frequencyDistribution`, see histogram.ts). Exact while the table fits the memory budget of value-counts.ts (64
 * MiB of value maps, 200,000 distinct values per field; 500 rows × 1,000 fields fit): distinct counts and most
 * frequent values. Past it, the largest fields' distinct counts become HyperLogLog estimates (within ±statedError,
 * 2.4 % with 16,384 registers, and never above the field's value count) and their most frequent values lower
 * bounds. Median and fractiles come from a uniform reservoir sample of each field's numbers (8,192 per field for
 * tables up to 120 fields, at least 256): exact while a field has no more numbers than that. Every figure that is
 * an estimate is named in the field profile's tags (ESTIMATE_TAGS) and in the profile's messages, with its error.
 *
 * Numeric statistics and histograms cover numbers only; dates and timestamps get a calendar histogram, and
 * booleans and text their most frequent values. Distinctness is by text: `1.0` and `1` are two values. String
 * lengths are measured on the text of every non-empty value.
 */
export interface ProfileLimits {
  /** Numbers kept per field for median and fractiles. */
  reservoirSize: number;
  /** Candidates a field whose distinct count is estimated keeps for its most frequent values. */
  topCap: number;
  /** HyperLogLog precision (registers = 2^precision) of a field whose distinct count is estimated. */
  precision: number;
  /** Fine bins of a numeric histogram. */
  histogramResolution: number;
}

export function limitsFor(fieldCount: number): ProfileLimits {
  const fields = Math.max(1, fieldCount);
  return {
    reservoirSize: Math.min(8_192, Math.max(256, Math.floor(1_000_000 / fields))),
    topCap: Math.min(2_000, Math.max(64, Math.floor(200_000 / fields))),
    precision: fields <= 500 ? 14 : 12,
    histogramResolution: Math.min(400, Math.max(100, Math.floor(200_000 / fields))),
  };
}

/** Tags of a field profile that name its estimated figures (Qlik's profile carries no such flag of its own). */
export const ESTIMATE_TAGS = {
  distinct: '$estimated-distinct-count',
  frequencies: '$estimated-frequencies',
  fractiles: '$estimated-median-fractiles',
} as const;

/** What a table's fields share: the limits for its width and the budget of its exact value counts. */
export interface TableContext {
  limits: ProfileLimits;
  budget: DistinctBudget;
}

export function tableContext(fieldCount: number, budgetBytes?: number): TableContext {
  return { limits: limitsFor(fieldCount), budget: new DistinctBudget(budgetBytes) };
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

/** Streaming moments (Welford/Terriberry), a reservoir for the order statistics, and the histogram. */
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
  readonly histogram: NumericHistogram;

  constructor(limits: ProfileLimits, seed: number) {
    this.reservoir = new Float64Array(limits.reservoirSize);
    this.random = prng(seed);
    this.histogram = new NumericHistogram(limits.histogramResolution);
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
    this.histogram.add(x);
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

const percent = (x: number) => `${(x * 100).toFixed(1)} %`;

/** Which figures of a field are estimates, and how far off they can be. */
export interface FieldEstimates {
  /** HyperLogLog: the stated relative error (three standard errors). */
  distinct?: { statedError: number };
  /** Most frequent values from pruned candidates: frequencies are lower bounds. */
  frequencies?: true;
  /** Median and fractiles from a reservoir of this many numbers. */
  fractiles?: { sample: number };
}

export interface FieldResult {
  field: DataField;
  profile: FieldProfile;
  estimates: FieldEstimates;
}

const MS_PER_DAY = 86_400_000;

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
  /** Calendar histograms per date notation (DATE_FORMATS order), made when the first date arrives. */
  private calendars: CalendarHistogram[] | undefined;
  private readonly days: number[] = [0, 0, 0, 0];

  constructor(
    readonly name: string,
    readonly index: number,
    private readonly table: TableContext,
    preferred: Notation = 'dot',
  ) {
    this.inference = new TypeInference(preferred);
    this.dot = new NumericStats(table.limits, 0x9e3779b9 ^ index);
    this.comma = new NumericStats(table.limits, 0x85ebca6b ^ index);
    this.values = new ValueCounts(table.budget, table.limits.topCap, table.limits.precision);
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
    const kind = this.inference.add(trimmed, value);
    if (typeof value === 'number' || typeof value === 'bigint') {
      const x = Number(value);
      if (Number.isFinite(x)) {
        this.dot.add(x);
        this.comma.add(x);
      }
    } else if (kind === 'number') {
      const d = parseNumber(trimmed, 'dot');
      if (d) this.dot.add(d.value);
      const c = parseNumber(trimmed, 'comma');
      if (c) this.comma.add(c.value);
    } else if (kind === 'date') {
      const mask = dateDays(trimmed, this.days, daysFromCivil);
      const calendars = this.calendarsOf();
      for (let i = 0; i < calendars.length; i++) if (mask & (1 << i)) calendars[i]!.add(this.days[i]!);
    } else if (kind === 'timestamp' || kind === 'typed-date') {
      const day =
        value instanceof Date
          ? Math.floor(value.getTime() / MS_PER_DAY)
          : timestampDays(trimmed, daysFromCivil);
      if (day !== undefined) for (const calendar of this.calendarsOf()) calendar.add(day);
    }
    if (this.allAscii && !isAscii(text)) this.allAscii = false;
    const length = text.length;
    if (length < this.minLength) this.minLength = length;
    if (length > this.maxLength) this.maxLength = length;
    this.sumLength += length;
    if (this.first === undefined || text < this.first) this.first = detach(text);
    if (this.last === undefined || text > this.last) this.last = detach(text);
    this.values.add(text);
    if (this.samples.length < SAMPLE_VALUES && !this.samples.includes(text)) this.samples.push(detach(text));
  }

  private calendarsOf(): CalendarHistogram[] {
    this.calendars ??= DATE_FORMATS.map(() => new CalendarHistogram());
    return this.calendars;
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
    const estimates: FieldEstimates = {};
    const profile: FieldProfile = {
      name: this.name,
      technicalName: this.name,
      index: this.index,
      dataType: type,
      tags,
      sampleValues: [...this.samples],
      distinctValueCount: this.values.distinct(valueCount),
      nullValueCount: this.nulls,
      emptyStringCount: this.empties,
    };
    if (!this.values.exact) {
      estimates.distinct = { statedError: statedError(this.table.limits.precision) };
      estimates.frequencies = true;
    }
    const numeric = type === 'INTEGER' || type === 'DOUBLE' || type === 'DECIMAL';
    const stats = decision.notation === 'dot' ? this.dot : this.comma;
    if ((numeric || type === 'STRING') && stats.count > 0) {
      stats.write(profile);
      if (!stats.exactOrderStatistics) estimates.fractiles = { sample: this.table.limits.reservoirSize };
    } else profile.numericValueCount = 0;
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
    const histogram = numeric
      ? stats.histogram
      : type === 'DATE' || type === 'TIMESTAMP' || type === 'DATETIME'
        ? this.calendarOf(decision.dateBit)
        : undefined;
    // every value in a bin, or no histogram: a field whose values are not all of its type has none
    if (histogram && valueCount > 0 && histogram.count === valueCount) {
      profile.frequencyDistribution = histogram.frequencies();
    }
    const estimateTags = [
      ...(estimates.distinct ? [ESTIMATE_TAGS.distinct] : []),
      ...(estimates.frequencies ? [ESTIMATE_TAGS.frequencies] : []),
      ...(estimates.fractiles ? [ESTIMATE_TAGS.fractiles] : []),
    ];
    if (estimateTags.length > 0) profile.tags = [...tags, ...estimateTags];
    return { field, profile, estimates };
  }

  /** The calendar of the field's date notation (typed dates and ISO date-times are in all four). */
  private calendarOf(dateBit: number | undefined): CalendarHistogram | undefined {
    if (!this.calendars) return undefined;
    const index = DATE_FORMATS.findIndex((f) => f.bit === (dateBit ?? 1));
    return this.calendars[index];
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
    private readonly options: Pick<ReadOptions, 'sampleRows' | 'maxProfileRows'> & {
      notation?: Notation;
      exactBudgetBytes?: number;
    },
  ) {
    const table = tableContext(fieldNames.length, options.exactBudgetBytes);
    this.fields = fieldNames.map((n, i) => new FieldAccumulator(n, i, table, options.notation));
  }

  addRow(cells: readonly Cell[]): void {
    this.rowCount++;
    if (this.sampleRows.length < this.options.sampleRows) {
      this.sampleRows.push(this.fields.map((_, i) => detach(cellText(cells[i]) ?? '')));
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

/** The profile's notes on estimated figures, one line per kind of estimate, naming the fields. */
function estimateMessages(table: string, results: FieldResult[]): string[] {
  const names = (pick: (e: FieldEstimates) => unknown) =>
    results.filter((r) => pick(r.estimates)).map((r) => r.field.name);
  const messages: string[] = [];
  const distinct = results.find((r) => r.estimates.distinct)?.estimates.distinct;
  if (distinct) {
    messages.push(
      `${table}: distinct counts are estimates (HyperLogLog, within ±${percent(distinct.statedError)}, and never above the field's values) for: ${names((e) => e.distinct).join(', ')}`,
    );
  }
  const frequencies = names((e) => e.frequencies);
  if (frequencies.length > 0) {
    messages.push(
      `${table}: most frequent values are estimates (their counts are lower bounds) for: ${frequencies.join(', ')}`,
    );
  }
  const fractiles = results.find((r) => r.estimates.fractiles)?.estimates.fractiles;
  if (fractiles) {
    messages.push(
      `${table}: median and fractiles are estimates from a uniform sample of ${fractiles.sample.toLocaleString('en-US')} values for: ${names((e) => e.fractiles).join(', ')}`,
    );
  }
  return messages;
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
  const messages = estimateMessages(table.name, results);
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
