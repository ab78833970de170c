import { describe, expect, it } from 'vitest';
import type { FieldProfile } from '@qlik/api/data-sets';
import {
  ESTIMATE_TAGS,
  TOP_VALUES,
  allDistinct,
  dateGranularity,
  fieldChart,
  fieldStatistics,
  formatFigure,
  formatShare,
  histogramChart,
} from './profile-chart';

describe('fieldChart', () => {
  it('draws a histogram from binned frequencies, in bin order, with the last bin open-ended', () => {
    const chart = fieldChart(
      {
        frequencyDistribution: [
          { binEdge: 20, frequency: 2 },
          { binEdge: 0, frequency: 4 },
          { binEdge: 10, frequency: 1 },
        ],
      },
      8,
    );
    expect(chart?.kind).toBe('histogram');
    expect(chart?.bars).toEqual([
      { label: '0 – 10', count: 4, relative: 1, ofRows: 0.5 },
      { label: '10 – 20', count: 1, relative: 0.25, ofRows: 0.125 },
      { label: '≥ 20', count: 2, relative: 0.5, ofRows: 0.25 },
    ]);
  });

  it('falls back to the most frequent values, most frequent first, at most ten', () => {
    const values = Array.from({ length: 14 }, (_, i) => ({ value: `v${i}`, frequency: i + 1 }));
    const chart = fieldChart({ mostFrequentValues: values });
    expect(chart?.kind).toBe('top-values');
    expect(chart?.title).toBe(`Top ${TOP_VALUES} values`);
    expect(chart?.bars).toHaveLength(TOP_VALUES);
    expect(chart?.bars.map((b) => b.label).slice(0, 3)).toEqual(['v13', 'v12', 'v11']);
    expect(chart?.bars[0]).toEqual({ label: 'v13', count: 14, relative: 1 });
    expect(chart?.bars[9]?.relative).toBeCloseTo(5 / 14);
  });

  it('names an empty value, keeps markup as plain text and skips entries without a count', () => {
    const chart = fieldChart(
      {
        mostFrequentValues: [
          { value: '', frequency: 3 },
          { value: '<b>x</b>', frequency: 1 },
          { value: 'no count' },
        ],
      },
      4,
    );
    expect(chart?.bars.map((b) => b.label)).toEqual(['(empty)', '<b>x</b>']);
    expect(chart?.bars[0]?.ofRows).toBe(0.75);
  });

  it('has nothing to draw without frequencies, or when no value repeats', () => {
    expect(fieldChart({ name: 'id', distinctValueCount: 3 })).toBeUndefined();
    expect(
      fieldChart({
        mostFrequentValues: [
          { value: '1', frequency: 1 },
          { value: '2', frequency: 1 },
        ],
      }),
    ).toBeUndefined();
    expect(fieldChart({ frequencyDistribution: [], mostFrequentValues: [] })).toBeUndefined();
  });
});

describe('fieldStatistics', () => {
  it('lists the numeric figures of a numeric field in reading order', () => {
    const field: FieldProfile = {
      distinctValueCount: 1234,
      nullValueCount: 2,
      emptyStringCount: 0,
      minNumericValue: -1.5,
      maxNumericValue: 90,
      average: 10.123456,
      median: 9,
      standardDeviation: 3.25,
    };
    expect(fieldStatistics(field)).toEqual([
      { label: 'Distinct', value: '1,234' },
      { label: 'Nulls', value: '2' },
      { label: 'Empty', value: '0' },
      { label: 'Min', value: '-1.5' },
      { label: 'Max', value: '90' },
      { label: 'Mean', value: '10.1235' },
      { label: 'Median', value: '9' },
      { label: 'Std dev', value: '3.25' },
    ]);
  });

  it('uses the first and last sorted strings as min and max of a text field, and omits what is missing', () => {
    expect(
      fieldStatistics({ distinctValueCount: 3, firstSortedStringValue: 'Ann', lastSortedStringValue: 'Eve' }),
    ).toEqual([
      { label: 'Distinct', value: '3' },
      { label: 'Min', value: 'Ann' },
      { label: 'Max', value: 'Eve' },
    ]);
  });

  it('writes huge and tiny figures in exponent form', () => {
    expect(formatFigure(1.5e15)).toBe('1.500e+15');
    expect(formatFigure(0.00001)).toBe('1.000e-5');
    expect(formatFigure(0)).toBe('0');
  });
});

describe('histograms people read', () => {
  const serial = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000 + 25569;

  it('ends the last numeric bin at the maximum', () => {
    const chart = histogramChart({
      maxNumericValue: 27.5,
      frequencyDistribution: [
        { binEdge: 0, frequency: 1 },
        { binEdge: 20, frequency: 1 },
      ],
    });
    expect(chart?.bars.map((b) => b.label)).toEqual(['0 – 20', '20 – 27.5']);
  });

  it('reads date bins as days, months or years from their edges', () => {
    expect(dateGranularity([serial(2024, 2, 27), serial(2024, 2, 28)])).toBe('day');
    expect(dateGranularity([serial(2024, 1, 1), serial(2024, 2, 1)])).toBe('month');
    expect(dateGranularity([serial(1990, 1, 1), serial(1995, 1, 1)])).toBe('year');
    expect(dateGranularity([serial(2024, 1, 1)])).toBe('day');
    const years = histogramChart({
      dataType: 'TIMESTAMP',
      frequencyDistribution: [
        { binEdge: serial(1990, 1, 1), frequency: 2 },
        { binEdge: serial(1995, 1, 1), frequency: 3 },
      ],
    });
    expect(years?.title).toBe('Values by year');
    expect(years?.bars.map((b) => b.label)).toEqual(['1990–1994', '1995–1999']);
    const days = histogramChart({
      dataType: 'DATE',
      frequencyDistribution: [{ binEdge: serial(2024, 2, 29), frequency: 1 }],
    });
    expect(days?.bars[0]?.label).toBe('29 Feb 2024');
  });

  it('writes a share of a few rows among many as <0.1%, not 0%', () => {
    expect(formatShare(20 / 200_000)).toBe('<0.1%');
    expect(formatShare(0)).toBe('0%');
    expect(formatShare(0.125)).toBe('12.5%');
  });

  it('calls a field all distinct only on an exact count equal to its values', () => {
    expect(allDistinct({ distinctValueCount: 4, numericValueCount: 4, textValueCount: 0 })).toBe(true);
    expect(allDistinct({ distinctValueCount: 3, numericValueCount: 4, textValueCount: 0 })).toBe(false);
    expect(
      allDistinct({
        distinctValueCount: 4,
        numericValueCount: 4,
        textValueCount: 0,
        tags: [ESTIMATE_TAGS.distinct],
      }),
    ).toBe(false);
  });

  it('marks estimated figures', () => {
    expect(
      fieldStatistics({
        distinctValueCount: 48_900,
        median: 3,
        tags: [ESTIMATE_TAGS.distinct, ESTIMATE_TAGS.fractiles],
      }),
    ).toEqual([
      { label: 'Distinct', value: '≈ 48,900', estimate: true },
      { label: 'Median', value: '≈ 3', estimate: true },
    ]);
  });
});
