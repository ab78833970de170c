import { describe, expect, it } from 'vitest';
import type { FieldProfile } from '@qlik/api/data-sets';
import { fieldChart, fieldStatistics, formatFigure, TOP_VALUES } from './profile-chart';

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
