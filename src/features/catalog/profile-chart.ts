import type { FieldProfile } from '@qlik/api/data-sets';

export interface ChartBar {
  label: string;
  /** Rows in this bar. */
  count: number;
  /** Bar length against the longest bar, 0–1. */
  relative: number;
  /** Share of all profiled rows, 0–1, when the row count is known. */
  ofRows?: number;
}

export interface FieldChart {
  kind: 'histogram' | 'top-values';
  title: string;
  bars: ChartBar[];
  /** The bars' counts are lower bounds (the tenant kept only the most frequent candidates). */
  estimate?: boolean;
}

export const TOP_VALUES = 10;

/**
 * Tags the local tenant puts on a field profile to name its estimated figures (Qlik's profile has no such flag;
 * against Qlik Cloud no figure is marked).
 */
export const ESTIMATE_TAGS = {
  distinct: '$estimated-distinct-count',
  frequencies: '$estimated-frequencies',
  fractiles: '$estimated-median-fractiles',
} as const;

export const isEstimated = (field: FieldProfile, tag: keyof typeof ESTIMATE_TAGS) =>
  (field.tags ?? []).includes(ESTIMATE_TAGS[tag]);

const DATE_TYPES = new Set(['DATE', 'TIMESTAMP', 'DATETIME']);
export const isDateField = (field: FieldProfile) => DATE_TYPES.has(field.dataType ?? '');
const NUMERIC_TYPES = new Set(['INTEGER', 'DOUBLE', 'DECIMAL']);
export const isNumericField = (field: FieldProfile) => NUMERIC_TYPES.has(field.dataType ?? '');

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });
const count = new Intl.NumberFormat('en-US');
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

/** Labels stay readable for huge or tiny numbers; the full figure is in the statistics beside the chart. */
export function formatFigure(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e12 || magnitude < 1e-4)) return value.toExponential(3);
  return number.format(value);
}

/** A share as people read it: "12.5%", and "<0.1%" rather than "0%" for a few rows out of many. */
export function formatShare(share: number): string {
  if (share > 0 && share < 0.001) return '<0.1%';
  return percent.format(share);
}

function withShares(
  entries: Array<{ label: string; count: number }>,
  rowCount: number | undefined,
): ChartBar[] {
  const longest = Math.max(0, ...entries.map((e) => e.count));
  return entries.map(({ label, count }) => ({
    label,
    count,
    relative: longest > 0 ? count / longest : 0,
    ...(rowCount && rowCount > 0 ? { ofRows: count / rowCount } : {}),
  }));
}

// ---------------------------------------------------------------------------------------------- date bins

/** Qlik gives dates as serial numbers: days since 1899-12-30. */
const QLIK_EPOCH_OFFSET = 25569;
const dateOfSerial = (serial: number) => new Date(Math.round((serial - QLIK_EPOCH_OFFSET) * 86_400_000));
const utc = (options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' });
const dayLabel = utc({ day: 'numeric', month: 'short', year: 'numeric' });
const monthLabel = utc({ month: 'short', year: 'numeric' });

export type DateGranularity = 'day' | 'month' | 'year';

/**
 * Whether date bins are days, months or (groups of) years, from their edges: all on 1 January → years, all on
 * the first of a month → months, else days. One bin is a single day (a span of one value).
 */
export function dateGranularity(edges: readonly number[]): DateGranularity {
  if (edges.length < 2) return 'day';
  const dates = edges.map(dateOfSerial);
  if (dates.every((d) => d.getUTCDate() === 1 && d.getUTCMonth() === 0)) return 'year';
  if (dates.every((d) => d.getUTCDate() === 1)) return 'month';
  return 'day';
}

function dateBinLabels(edges: readonly number[]): { granularity: DateGranularity; labels: string[] } {
  const granularity = dateGranularity(edges);
  const dates = edges.map(dateOfSerial);
  if (granularity === 'day') return { granularity, labels: dates.map((d) => dayLabel.format(d)) };
  if (granularity === 'month') return { granularity, labels: dates.map((d) => monthLabel.format(d)) };
  const years = dates.map((d) => d.getUTCFullYear());
  const step = years.length > 1 ? years[1]! - years[0]! : 1;
  return {
    granularity,
    labels: years.map((y) => (step > 1 ? `${y}–${y + step - 1}` : String(y))),
  };
}

// ------------------------------------------------------------------------------------------------ charts

/**
 * The histogram of a numeric or date field from its binned frequencies (`frequencyDistribution`): each bin from
 * its edge to the next one's; the last one ends at the maximum (open-ended when the profile has none). Date bins
 * are read as days, months or years.
 */
export function histogramChart(field: FieldProfile, rowCount?: number): FieldChart | undefined {
  const bins = (field.frequencyDistribution ?? [])
    .filter(
      (b): b is { binEdge: number; frequency: number } =>
        typeof b.binEdge === 'number' && typeof b.frequency === 'number',
    )
    .sort((a, b) => a.binEdge - b.binEdge);
  if (bins.length === 0) return undefined;
  if (isDateField(field)) {
    const { granularity, labels } = dateBinLabels(bins.map((b) => b.binEdge));
    return {
      kind: 'histogram',
      title: `Values by ${granularity}`,
      bars: withShares(
        bins.map((bin, i) => ({ label: labels[i]!, count: bin.frequency })),
        rowCount,
      ),
    };
  }
  const max = field.maxNumericValue;
  const entries = bins.map((bin, index) => {
    const upper =
      bins[index + 1]?.binEdge ?? (typeof max === 'number' && max > bin.binEdge ? max : undefined);
    const label =
      upper === undefined
        ? bins.length === 1 && max === bin.binEdge
          ? formatFigure(bin.binEdge)
          : `≥ ${formatFigure(bin.binEdge)}`
        : `${formatFigure(bin.binEdge)} – ${formatFigure(upper)}`;
    return { label, count: bin.frequency };
  });
  return { kind: 'histogram', title: 'Distribution', bars: withShares(entries, rowCount) };
}

/** The most frequent values, most frequent first; nothing when none repeats (ten bars of 1 say nothing). */
export function topValuesChart(field: FieldProfile, rowCount?: number): FieldChart | undefined {
  const top = (field.mostFrequentValues ?? [])
    .filter((v): v is { value?: string; frequency: number } => typeof v.frequency === 'number')
    .sort((a, b) => b.frequency - a.frequency)
    .slice(0, TOP_VALUES);
  if (top.length === 0 || top[0]!.frequency <= 1) return undefined;
  const entries = top.map((v) => ({
    label: v.value === undefined || v.value === '' ? '(empty)' : v.value,
    count: v.frequency,
  }));
  return {
    kind: 'top-values',
    title: top.length === 1 ? 'Most frequent value' : `Top ${top.length} values`,
    bars: withShares(entries, rowCount),
    ...(isEstimated(field, 'frequencies') ? { estimate: true } : {}),
  };
}

/**
 * What a field's card draws: the histogram when the profile has binned frequencies (numeric and date fields),
 * otherwise the most frequent values (categorical fields). Nothing when the profile has neither, or no value
 * repeats.
 */
export function fieldChart(field: FieldProfile, rowCount?: number): FieldChart | undefined {
  return histogramChart(field, rowCount) ?? topValuesChart(field, rowCount);
}

// -------------------------------------------------------------------------------------------- statistics

export interface FieldStatistic {
  label: string;
  value: string;
  /** The figure is an estimate (see the profile's notes for how close). */
  estimate?: boolean;
}

/** Values that are neither null nor blank, when the profile says. */
export function valueCount(field: FieldProfile): number | undefined {
  const numeric = field.numericValueCount;
  const text = field.textValueCount;
  return typeof numeric === 'number' && typeof text === 'number' ? numeric + text : undefined;
}

/** Every value of the field occurs once, by an exact count: as many distinct values as values. */
export function allDistinct(field: FieldProfile): boolean {
  const values = valueCount(field);
  return (
    values !== undefined &&
    values > 0 &&
    field.distinctValueCount === values &&
    !isEstimated(field, 'distinct')
  );
}

/** Per-field figures in reading order; a figure the profile lacks is left out rather than shown as 0. */
export function fieldStatistics(field: FieldProfile): FieldStatistic[] {
  const stats: FieldStatistic[] = [];
  const add = (label: string, value: number | undefined, format = formatFigure, estimate = false) => {
    if (typeof value !== 'number') return;
    stats.push({
      label,
      value: `${estimate ? '≈ ' : ''}${format(value)}`,
      ...(estimate ? { estimate } : {}),
    });
  };
  add('Distinct', field.distinctValueCount, (v) => count.format(v), isEstimated(field, 'distinct'));
  add('Nulls', field.nullValueCount, (v) => count.format(v));
  add('Empty', field.emptyStringCount, (v) => count.format(v));
  const numeric = typeof field.minNumericValue === 'number' || typeof field.maxNumericValue === 'number';
  if (numeric) {
    add('Min', field.minNumericValue);
    add('Max', field.maxNumericValue);
  } else {
    if (field.firstSortedStringValue !== undefined)
      stats.push({ label: 'Min', value: field.firstSortedStringValue });
    if (field.lastSortedStringValue !== undefined)
      stats.push({ label: 'Max', value: field.lastSortedStringValue });
  }
  add('Mean', field.average);
  add('Median', field.median, formatFigure, isEstimated(field, 'fractiles'));
  add('Std dev', field.standardDeviation);
  return stats;
}
