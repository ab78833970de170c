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
}

export const TOP_VALUES = 10;

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });

/** Labels stay readable for huge or tiny numbers; the full figure is in the statistics beside the chart. */
export function formatFigure(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e12 || magnitude < 1e-4)) return value.toExponential(3);
  return number.format(value);
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

/**
 * What to draw for a field: a histogram when the profile has binned frequencies (Qlik sends them for numeric
 * fields), otherwise the most frequent values, most frequent first. Nothing when the profile has neither, or
 * when no value repeats.
 */
export function fieldChart(field: FieldProfile, rowCount?: number): FieldChart | undefined {
  const bins = (field.frequencyDistribution ?? [])
    .filter(
      (b): b is { binEdge: number; frequency: number } =>
        typeof b.binEdge === 'number' && typeof b.frequency === 'number',
    )
    .sort((a, b) => a.binEdge - b.binEdge);
  if (bins.length > 0) {
    const entries = bins.map((bin, index) => {
      const upper = bins[index + 1]?.binEdge;
      const label =
        upper === undefined
          ? `≥ ${formatFigure(bin.binEdge)}`
          : `${formatFigure(bin.binEdge)} – ${formatFigure(upper)}`;
      return { label, count: bin.frequency };
    });
    return { kind: 'histogram', title: 'Distribution', bars: withShares(entries, rowCount) };
  }

  const top = (field.mostFrequentValues ?? [])
    .filter((v): v is { value?: string; frequency: number } => typeof v.frequency === 'number')
    .sort((a, b) => b.frequency - a.frequency)
    .slice(0, TOP_VALUES);
  // When the most frequent value occurs once, every value is unique: ten equal bars would say nothing.
  if (top.length > 0 && top[0]!.frequency > 1) {
    const entries = top.map((v) => ({
      label: v.value === undefined || v.value === '' ? '(empty)' : v.value,
      count: v.frequency,
    }));
    return {
      kind: 'top-values',
      title: top.length === 1 ? 'Most frequent value' : `Top ${top.length} values`,
      bars: withShares(entries, rowCount),
    };
  }
  return undefined;
}

export interface FieldStatistic {
  label: string;
  value: string;
}

const count = new Intl.NumberFormat('en-US');

/** Per-field figures in reading order; a figure the profile lacks is left out rather than shown as 0. */
export function fieldStatistics(field: FieldProfile): FieldStatistic[] {
  const stats: FieldStatistic[] = [];
  const add = (label: string, value: number | undefined, format = formatFigure) => {
    if (typeof value === 'number') stats.push({ label, value: format(value) });
  };
  add('Distinct', field.distinctValueCount, (v) => count.format(v));
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
  add('Median', field.median);
  add('Std dev', field.standardDeviation);
  return stats;
}
