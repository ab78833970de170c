import type { BinnedFrequency } from '@qlik/api/data-sets';

/**
 * Exact histograms in one pass with bounded memory, for Qlik's `frequencyDistribution` (`[{binEdge,
 * frequency}]`: each bin counts the values from its edge up to the next bin's edge; the last bin ends at the
 * maximum). The frequencies of a field always add up to its values.
 *
 * Numbers: bins of a "nice" width (1, 2 or 5 × 10^k) aligned on multiples of it. The range is not known in
 * advance, so the first values are buffered to choose a fine width, and every later value that would widen the
 * range past `resolution` bins merges neighbouring bins (2 or 5 at a time, which keeps the counts exact).
 * At the end the fine bins are merged again into at most `MAX_NUMERIC_BINS` display bins.
 *
 * Dates: counts per day, coarsened to months and then years when a field has too many distinct days to keep;
 * shown by day, month or year (or several years) depending on the span. Bin edges of dates are Qlik date
 * serials (days since 1899-12-30), as Qlik gives dates as numbers.
 */

export const MAX_NUMERIC_BINS = 30;
const BUFFERED_VALUES = 1024;
const MAX_SAFE_INDEX = 2 ** 52;

/** A bin width `mantissa × 10^exponent`. */
interface Step {
  mantissa: 1 | 2 | 5;
  exponent: number;
}

const pow10 = (e: number) => 10 ** e;
const widthOf = (s: Step) => s.mantissa * pow10(s.exponent);

/** The next finer-to-coarser width of the fine bins: 1 → 2 → 10 → 20 → 100…, each a multiple of the one before. */
function nextStep(s: Step): Step {
  return s.mantissa === 1 ? { mantissa: 2, exponent: s.exponent } : { mantissa: 1, exponent: s.exponent + 1 };
}

/** The smallest fine width (1 or 2 × 10^k) at least `width`. */
function stepAtLeast(width: number): Step {
  const exponent = Math.min(306, Math.floor(Math.log10(width)));
  for (const s of [
    { mantissa: 1, exponent },
    { mantissa: 2, exponent },
    { mantissa: 1, exponent: exponent + 1 },
  ] as Step[]) {
    if (widthOf(s) >= width) return s;
  }
  return { mantissa: 2, exponent: exponent + 1 };
}

/** The lower edge of bin `index` as a number, computed so that decimal widths print as decimals (0.3, not 0.30…04). */
function edgeOf(index: number, s: Step): number {
  return s.exponent >= 0 ? index * widthOf(s) : (index * s.mantissa) / pow10(-s.exponent);
}

/**
 * The bin of `x`. In floating point 0.3 / 0.1 is 2.9999…: a quotient within rounding error below an integer is
 * taken as that integer when the bin's printed edge is not above `x`, so every value is at or above its edge.
 */
function binOf(x: number, s: Step): number {
  const v = s.exponent >= 0 ? x / widthOf(s) : (x * pow10(-s.exponent)) / s.mantissa;
  // a negative value too small for the width underflows to −0, yet lies below the edge 0
  if (v === 0 && x < 0) return -1;
  const r = Math.round(v);
  if (r > v && r - v <= Math.abs(v) * 1e-12 && edgeOf(r, s) <= x) return r;
  const index = Math.floor(v);
  // the quotient may round up onto an integer (−8.500000000000001e307 / 5e306 is −17): the edge is then above x
  return edgeOf(index, s) > x ? index - 1 : index;
}

export class NumericHistogram {
  private buffer: number[] | undefined = [];
  private step: Step = { mantissa: 1, exponent: 0 };
  private bins = new Map<number, number>();
  private low = Infinity;
  private high = -Infinity;
  private min = Infinity;
  private max = -Infinity;
  count = 0;

  /** `resolution`: fine bins kept while reading (memory per field, and how finely display bins can be chosen). */
  constructor(private readonly resolution = 400) {}

  add(x: number): void {
    this.count++;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    if (this.buffer) {
      this.buffer.push(x);
      if (this.buffer.length >= BUFFERED_VALUES) this.settle();
      return;
    }
    this.put(x, 1);
  }

  /** The display bins, at most MAX_NUMERIC_BINS, from the bin holding the minimum to the one holding the maximum. */
  frequencies(): BinnedFrequency[] {
    if (this.count === 0) return [];
    if (this.min === this.max) return [{ binEdge: this.min, frequency: this.count }];
    if (this.buffer) this.settle();
    const { step, ratio } = this.displayStep();
    const counts = new Map<number, number>();
    for (const [index, count] of this.bins) {
      const merged = Math.floor(index / ratio);
      counts.set(merged, (counts.get(merged) ?? 0) + count);
    }
    const first = Math.floor(this.low / ratio);
    const last = Math.floor(this.high / ratio);
    const out: BinnedFrequency[] = [];
    for (let index = first; index <= last; index++) {
      out.push({ binEdge: edgeOf(index, step), frequency: counts.get(index) ?? 0 });
    }
    return out;
  }

  /** Chooses the fine width from the buffered values and bins them. */
  private settle(): void {
    const values = this.buffer ?? [];
    this.buffer = undefined;
    const span = this.max - this.min;
    const magnitude = Math.max(Math.abs(this.min), Math.abs(this.max));
    const bins = this.resolution - 2;
    // a span past the largest double (−1e308 to 1e308) is at most twice the magnitude
    const width = Number.isFinite(span)
      ? span > 0
        ? span / bins
        : magnitude > 0
          ? magnitude * 1e-6
          : 1
      : magnitude / (bins / 2);
    this.step = stepAtLeast(Math.max(width, Number.MIN_VALUE));
    for (const x of values) this.put(x, 1);
  }

  private put(x: number, count: number): void {
    let index = binOf(x, this.step);
    while (
      !Number.isFinite(index) ||
      Math.abs(index) > MAX_SAFE_INDEX ||
      Math.max(this.high, index) - Math.min(this.low, index) + 1 > this.resolution
    ) {
      this.coarsen();
      index = binOf(x, this.step);
    }
    this.bins.set(index, (this.bins.get(index) ?? 0) + count);
    if (index < this.low) this.low = index;
    if (index > this.high) this.high = index;
  }

  /** Doubles or quintuples the fine width, merging the bins (exactly: the new width is a multiple of the old). */
  private coarsen(): void {
    const next = nextStep(this.step);
    const ratio = Math.round(widthOf(next) / widthOf(this.step));
    const merged = new Map<number, number>();
    for (const [index, count] of this.bins) {
      const m = Math.floor(index / ratio);
      merged.set(m, (merged.get(m) ?? 0) + count);
    }
    this.bins = merged;
    if (this.bins.size > 0) {
      this.low = Math.floor(this.low / ratio);
      this.high = Math.floor(this.high / ratio);
    }
    this.step = next;
  }

  /** The narrowest nice width (1, 2 or 5 × 10^k, a multiple of the fine width) that needs at most MAX_NUMERIC_BINS. */
  private displayStep(): { step: Step; ratio: number } {
    const fine = this.step;
    // the fine bins span at most `resolution`, so a width a few powers of ten up always fits
    for (let exponent = fine.exponent; exponent <= fine.exponent + 30; exponent++) {
      for (const mantissa of [1, 2, 5] as const) {
        const step: Step = { mantissa, exponent };
        const ratio = (mantissa * pow10(exponent - fine.exponent)) / fine.mantissa;
        if (ratio < 1 || !Number.isInteger(ratio)) continue;
        if (Math.floor(this.high / ratio) - Math.floor(this.low / ratio) + 1 <= MAX_NUMERIC_BINS) {
          return { step, ratio };
        }
      }
    }
    return { step: fine, ratio: 1 };
  }
}

// ---------------------------------------------------------------------------------------------------- dates

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The date of a day number (inverse of daysFromCivil). */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Qlik's date serial of a day number: days since 1899-12-30. */
export const QLIK_EPOCH_OFFSET = 25569;

/** How finely a calendar histogram counts: by day, month or year. */
const Level = { Day: 0, Month: 1, Year: 2 } as const;
type Level = (typeof Level)[keyof typeof Level];

/** Distinct keys kept at the day and month levels before coarsening (about 4 years of days, 125 of months). */
const MAX_CALENDAR_KEYS = 1500;
const MAX_DAY_BINS = 92;
const MAX_MONTH_BINS = 72;
const MAX_YEAR_BINS = 60;

const monthOf = (days: number) => {
  const { year, month } = civilFromDays(days);
  return year * 12 + month - 1;
};

export class CalendarHistogram {
  private level: Level = Level.Day;
  private counts = new Map<number, number>();
  private minDay = Infinity;
  private maxDay = -Infinity;
  count = 0;

  /** One value on the given day (days since 1970-01-01). */
  add(days: number): void {
    this.count++;
    if (days < this.minDay) this.minDay = days;
    if (days > this.maxDay) this.maxDay = days;
    const key = this.keyOf(days, this.level);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (this.level !== Level.Year && this.counts.size > MAX_CALENDAR_KEYS) this.coarsen();
  }

  frequencies(): BinnedFrequency[] {
    if (this.count === 0) return [];
    const serial = (days: number) => days + QLIK_EPOCH_OFFSET;
    if (this.level === Level.Day && this.maxDay - this.minDay < MAX_DAY_BINS) {
      const out: BinnedFrequency[] = [];
      for (let d = this.minDay; d <= this.maxDay; d++) {
        out.push({ binEdge: serial(d), frequency: this.counts.get(d) ?? 0 });
      }
      return out;
    }
    const firstMonth = monthOf(this.minDay);
    const lastMonth = monthOf(this.maxDay);
    if (this.level !== Level.Year && lastMonth - firstMonth < MAX_MONTH_BINS) {
      const months = this.regroup(Level.Month);
      const out: BinnedFrequency[] = [];
      for (let m = firstMonth; m <= lastMonth; m++) {
        const start = daysFromCivil(Math.floor(m / 12), (m % 12) + 1, 1);
        out.push({ binEdge: serial(start), frequency: months.get(m) ?? 0 });
      }
      return out;
    }
    const years = this.regroup(Level.Year);
    const firstYear = civilFromDays(this.minDay).year;
    const lastYear = civilFromDays(this.maxDay).year;
    let group = 1;
    for (const candidate of [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000]) {
      group = candidate;
      if (Math.floor(lastYear / group) - Math.floor(firstYear / group) < MAX_YEAR_BINS) break;
    }
    const grouped = new Map<number, number>();
    for (const [year, count] of years) {
      const g = Math.floor(year / group);
      grouped.set(g, (grouped.get(g) ?? 0) + count);
    }
    const out: BinnedFrequency[] = [];
    for (let g = Math.floor(firstYear / group); g <= Math.floor(lastYear / group); g++) {
      out.push({ binEdge: serial(daysFromCivil(g * group, 1, 1)), frequency: grouped.get(g) ?? 0 });
    }
    return out;
  }

  private keyOf(days: number, level: Level): number {
    if (level === Level.Day) return days;
    return level === Level.Month ? monthOf(days) : civilFromDays(days).year;
  }

  /** The counts re-keyed to a coarser level (a month key's year is floor(key / 12)). */
  private regroup(level: Level): Map<number, number> {
    if (level === this.level) return this.counts;
    const out = new Map<number, number>();
    for (const [key, count] of this.counts) {
      let target: number;
      if (this.level === Level.Day) target = this.keyOf(key, level);
      else target = Math.floor(key / 12); // months to years
      out.set(target, (out.get(target) ?? 0) + count);
    }
    return out;
  }

  private coarsen(): void {
    const next = this.level === Level.Day ? Level.Month : Level.Year;
    this.counts = this.regroup(next);
    this.level = next;
  }
}
