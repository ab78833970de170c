import { HyperLogLog } from './hyperloglog';

/**
 * Distinct values and most frequent values of every field of a table, exact while they fit a memory budget.
 *
 * Each field counts its values in a map (value → occurrences). The maps of one table share a budget (bytes,
 * estimated per entry); while the table fits, every distinct count and every frequency is exact, whatever its
 * width or length (500 rows × 1,000 fields, or a column of 200,000 distinct timestamps, are counted exactly). When
 * the budget runs out, the field with the largest map switches to a sketch, and the next largest after it if that
 * was not enough (so does a field past DEFAULT_FIELD_LIMIT distinct values, whatever the budget): its distinct
 * count becomes a HyperLogLog estimate (clamped between the distinct values it had counted exactly and its number
 * of values) and its map keeps only the most frequent candidates, so the most frequent values become estimates too
 * (their counts are lower bounds). A table never holds more than the budget in exact maps plus, per sketched
 * field, the registers and `topCap` candidates.
 */

/** V8's cost of a Map entry with a fresh one-byte string key, measured at ~90 bytes for 12 characters. */
const ENTRY_BYTES = 72;
const entryCost = (value: string) => ENTRY_BYTES + value.length;

/** Default budget of a table's exact maps. */
export const DEFAULT_EXACT_BUDGET = 64 * 1024 * 1024;

/**
 * A copy of `value` that does not keep the text it was cut from alive: a value sliced out of a 256 KiB chunk
 * of the file would otherwise hold the whole chunk in memory for as long as the map holds the value.
 */
export function detach(value: string): string {
  return value.length < 13 ? value : (' ' + value).slice(1);
}

/**
 * Most distinct values one field counts exactly (a 200,000-row column of timestamps is exact). One map much
 * larger costs more than its entries (V8 grows a Map by copying it into one twice the size): with 262,144 the
 * 200 MB file of memory.test.ts peaked 50 MB higher.
 */
export const DEFAULT_FIELD_LIMIT = 200_000;

export class DistinctBudget {
  private used = 0;
  private readonly members: ValueCounts[] = [];

  constructor(
    readonly limit = DEFAULT_EXACT_BUDGET,
    readonly fieldLimit = DEFAULT_FIELD_LIMIT,
  ) {}

  release(bytes: number): void {
    this.used -= bytes;
  }

  join(member: ValueCounts): void {
    this.members.push(member);
  }

  /** Charges new exact entries; past the limit the largest exact maps turn into sketches. */
  charge(bytes: number): void {
    this.used += bytes;
    while (this.used > this.limit) {
      let largest: ValueCounts | undefined;
      for (const m of this.members) if (m.exact && (!largest || m.cost > largest.cost)) largest = m;
      if (!largest || largest.cost === 0) return;
      this.used -= largest.toSketch();
    }
  }
}

export interface Frequency {
  value: string;
  frequency: number;
}

const byFrequency = (a: Frequency, b: Frequency) =>
  b.frequency - a.frequency || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);

export class ValueCounts {
  private counts = new Map<string, number>();
  private sketch: HyperLogLog | undefined;
  /** Distinct values counted exactly before the switch to a sketch: a lower bound ever after. */
  private exactDistinct = 0;
  /** Estimated bytes of the exact map, charged to the budget. */
  cost = 0;

  constructor(
    private readonly budget: DistinctBudget,
    /** Candidates a sketched field keeps for its most frequent values. */
    private readonly topCap: number,
    private readonly precision: number,
  ) {
    budget.join(this);
  }

  get exact(): boolean {
    return this.sketch === undefined;
  }

  add(value: string): void {
    const count = this.counts.get(value);
    if (count !== undefined) {
      this.counts.set(value, count + 1);
      this.sketch?.add(value);
      return;
    }
    const key = detach(value);
    this.counts.set(key, 1);
    if (this.sketch) {
      this.sketch.add(key);
      if (this.counts.size > this.topCap) this.prune();
      return;
    }
    const bytes = entryCost(key);
    this.cost += bytes;
    if (this.counts.size > this.budget.fieldLimit) this.budget.release(this.toSketch() - bytes);
    else this.budget.charge(bytes);
  }

  /** Turns the exact map into a sketch; returns the bytes freed from the budget. */
  toSketch(): number {
    const sketch = new HyperLogLog(this.precision);
    for (const key of this.counts.keys()) sketch.add(key);
    this.sketch = sketch;
    this.exactDistinct = this.counts.size;
    this.prune();
    const freed = this.cost;
    this.cost = 0;
    return freed;
  }

  /** Distinct values; an estimate once sketched, never above `values` (the values counted). */
  distinct(values: number): number {
    if (!this.sketch) return this.counts.size;
    const lower = Math.max(this.exactDistinct, this.counts.size);
    return Math.min(values, Math.max(lower, Math.round(this.sketch.estimate())));
  }

  /** The most frequent values, most frequent first (ties by value); exact while the field is. */
  mostFrequent(limit: number): Frequency[] {
    const top: Frequency[] = [];
    for (const [value, frequency] of this.counts) {
      if (top.length === limit && byFrequency({ value, frequency }, top[limit - 1]!) >= 0) continue;
      const entry = { value, frequency };
      let i = Math.min(top.length, limit - 1);
      top[i] = entry;
      while (i > 0 && byFrequency(top[i]!, top[i - 1]!) < 0) {
        [top[i - 1], top[i]] = [top[i]!, top[i - 1]!];
        i--;
      }
    }
    return top;
  }

  /**
   * Keeps about the most frequent half of the candidates: those above the frequency of the `keep`-th, and as
   * many at it as fit. Counts only are sorted, so a map of 262,144 values is pruned without an object per value.
   */
  private prune(): void {
    const keep = Math.max(1, Math.floor(this.topCap / 2));
    if (this.counts.size <= keep) return;
    const frequencies = Float64Array.from(this.counts.values()).sort();
    const threshold = frequencies[frequencies.length - keep]!;
    let room = keep - frequencies.filter((f) => f > threshold).length;
    const kept = new Map<string, number>();
    for (const [value, frequency] of this.counts) {
      if (frequency > threshold || (frequency === threshold && room-- > 0)) kept.set(value, frequency);
    }
    this.counts = kept;
  }
}
