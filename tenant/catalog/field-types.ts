import type { FieldDataType } from '@qlik/api/data-sets';

/** One cell as the format readers hand it over: text formats give strings, typed formats give typed values. */
export type Cell = string | number | bigint | boolean | Date | null | undefined;

export type QlikType = FieldDataType['type'];

/**
 * Number notations. `dot` is `1234.5` / `1,234.5`; `comma` is the European `1234,5` / `1.234,5`. A value such as
 * `1,234` fits both (1234 vs 1.234), so both readings are tracked until the end and the caller's hint (a `;`
 * delimited file suggests European notation) breaks the tie.
 */
export type Notation = 'dot' | 'comma';

export interface ParsedNumber {
  value: number;
  /** Digits after the decimal separator (0 for integers). */
  scale: number;
  /** Digits before the decimal separator, without grouping separators and sign. */
  intDigits: number;
  /** Written with an exponent: never a fixed-decimal value. */
  exponent: boolean;
}

const DOT_NUMBER = /^([+-])?(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
const COMMA_NUMBER = /^([+-])?(\d{1,3}(?:\.\d{3})+|\d+)?(?:,(\d+))?$/;

function startsLikeNumber(s: string): boolean {
  const c = s.charCodeAt(0);
  return (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 44;
}

export function parseNumber(s: string, notation: Notation): ParsedNumber | undefined {
  if (s.length === 0 || s.length > 40 || !startsLikeNumber(s)) return undefined;
  const m = (notation === 'dot' ? DOT_NUMBER : COMMA_NUMBER).exec(s);
  if (!m) return undefined;
  const intPart = m[2] ?? '';
  const frac = m[3] ?? '';
  if (intPart === '' && frac === '') return undefined;
  const group = notation === 'dot' ? /,/g : /\./g;
  const digits = intPart.replace(group, '');
  const exp = notation === 'dot' ? m[4] : undefined;
  const text = `${m[1] ?? ''}${digits || '0'}${frac ? `.${frac}` : ''}${exp !== undefined ? `e${exp}` : ''}`;
  const value = Number(text);
  if (!Number.isFinite(value)) return undefined;
  return {
    value,
    scale: frac.length,
    intDigits: digits.replace(/^0+(?=\d)/, '').length || 1,
    exponent: exp !== undefined,
  };
}

/** Date notations recognised in text (bit flags, so a column keeps the notations every value agrees with). */
export const DATE_FORMATS = [
  { bit: 1, name: 'YYYY-MM-DD' },
  { bit: 2, name: 'MM/DD/YYYY' },
  { bit: 4, name: 'DD/MM/YYYY' },
  { bit: 8, name: 'DD.MM.YYYY' },
] as const;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const SLASH_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const DOT_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/;

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [
    31,
    y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  return d <= (days[m - 1] ?? 0);
}

/** Bit mask of the date notations `s` is valid in (0 when it is no date). */
export function dateMask(s: string): number {
  const c = s.charCodeAt(0);
  if (s.length < 8 || s.length > 10 || c < 48 || c > 57) return 0;
  let m = ISO_DATE.exec(s);
  if (m) return validDate(Number(m[1]), Number(m[2]), Number(m[3])) ? 1 : 0;
  m = SLASH_DATE.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = Number(m[3]);
    return (validDate(y, a, b) ? 2 : 0) | (validDate(y, b, a) ? 4 : 0);
  }
  m = DOT_DATE.exec(s);
  if (m) return validDate(Number(m[3]), Number(m[2]), Number(m[1])) ? 8 : 0;
  return 0;
}

/**
 * The day each date notation reads `s` as, for the calendar histogram: returns the notation mask (as
 * `dateMask`) and writes days since 1970-01-01 into `days[i]` for every bit `1 << i` of it.
 */
export function dateDays(
  s: string,
  days: number[],
  toDays: (y: number, m: number, d: number) => number,
): number {
  const mask = dateMask(s);
  if (mask === 0) return 0;
  let m = ISO_DATE.exec(s);
  if (m) {
    days[0] = toDays(Number(m[1]), Number(m[2]), Number(m[3]));
    return mask;
  }
  m = SLASH_DATE.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = Number(m[3]);
    if (mask & 2) days[1] = toDays(y, a, b);
    if (mask & 4) days[2] = toDays(y, b, a);
    return mask;
  }
  m = DOT_DATE.exec(s);
  if (m) days[3] = toDays(Number(m[3]), Number(m[2]), Number(m[1]));
  return mask;
}

/** The calendar date of an ISO date-time, as written (the offset is not applied), in days since 1970-01-01. */
export function timestampDays(
  s: string,
  toDays: (y: number, m: number, d: number) => number,
): number | undefined {
  const m = ISO_TIMESTAMP.exec(s);
  return m ? toDays(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

export function isTimestamp(s: string): boolean {
  if (s.length < 16 || s.length > 40) return false;
  const m = ISO_TIMESTAMP.exec(s);
  return (
    m !== null &&
    validDate(Number(m[1]), Number(m[2]), Number(m[3])) &&
    Number(m[4]) < 24 &&
    Number(m[5]) < 60 &&
    Number(m[6] ?? 0) < 60
  );
}

/**
 * BOOLEAN is inferred only from the words true/false and yes/no (any case). 0/1 stay INTEGER, because a loader
 * (Qlik included) reads them as numbers, and Y/N or T/F are too often codes in a text column.
 */
const BOOLEAN_WORDS = new Set(['true', 'false', 'yes', 'no']);
export function isBooleanWord(s: string): boolean {
  return s.length <= 5 && BOOLEAN_WORDS.has(s.toLowerCase());
}

/** Qlik-style system tags for a field type (`$ascii` only when every text value was 7-bit). */
export function systemTags(type: QlikType, allAscii: boolean): string[] {
  switch (type) {
    case 'INTEGER':
      return ['$numeric', '$integer'];
    case 'DOUBLE':
    case 'DECIMAL':
      return ['$numeric'];
    case 'DATE':
      return ['$numeric', '$integer', '$timestamp', '$date'];
    case 'TIMESTAMP':
    case 'DATETIME':
      return ['$numeric', '$timestamp'];
    case 'TIME':
      return ['$numeric', '$time'];
    case 'BINARY':
      return [];
    default:
      return allAscii ? ['$text', '$ascii'] : ['$text'];
  }
}

/** Per-notation evidence, updated value by value: bounded state whatever the row count. */
interface NumericEvidence {
  count: number;
  integers: number;
  minScale: number;
  maxScale: number;
  maxIntDigits: number;
  /** A value written with an exponent, or a binary float from a typed format: rules out DECIMAL. */
  floating: boolean;
}

function newEvidence(): NumericEvidence {
  return { count: 0, integers: 0, minScale: Infinity, maxScale: 0, maxIntDigits: 0, floating: false };
}

function addEvidence(e: NumericEvidence, n: ParsedNumber): void {
  e.count++;
  if (n.scale === 0 && !n.exponent && Number.isInteger(n.value)) e.integers++;
  if (n.scale < e.minScale) e.minScale = n.scale;
  if (n.scale > e.maxScale) e.maxScale = n.scale;
  if (n.intDigits > e.maxIntDigits) e.maxIntDigits = n.intDigits;
  if (n.exponent) e.floating = true;
}

/** What one value reads as: a number, a boolean word, a date or date-time (text or typed), or text. */
export type ValueKind = 'number' | 'boolean' | 'date' | 'timestamp' | 'typed-date' | 'text';

export interface TypeDecision {
  dataType: FieldDataType;
  /** Which number notation the profile's numeric statistics should use. */
  notation: Notation;
  /** DATE and TIMESTAMP: the date notation (a DATE_FORMATS bit) every date value of the field reads in. */
  dateBit?: number;
}

/**
 * Infers a field's type from every value it is shown (the decision needs only counters, so the whole file is
 * looked at, not a sample). Rules, all over non-empty values:
 * BOOLEAN when all are true/false/yes/no words; INTEGER when all are integers; DECIMAL when all are numbers
 * written with the same number of decimals (≥ 1) and no exponent (precision = widest integer part + scale);
 * DOUBLE for other numbers; DATE when all are dates in one notation; TIMESTAMP when all are dates or ISO
 * date-times with at least one date-time; STRING otherwise, and for a column with no values at all.
 */
export class TypeInference {
  private values = 0;
  private booleans = 0;
  private dates = 0;
  private dateBits = 0b1111;
  private timestamps = 0;
  private readonly dot = newEvidence();
  private readonly comma = newEvidence();

  constructor(private readonly preferred: Notation = 'dot') {}

  /**
   * `text` is the trimmed, non-empty text of a value; `typed` the original typed value when there is one.
   * Returns what the value reads as, so the profiler parses dates only for values that are dates.
   */
  add(text: string, typed: Cell): ValueKind {
    this.values++;
    if (typeof typed === 'number' || typeof typed === 'bigint') {
      const value = Number(typed);
      const integer = typeof typed === 'bigint' || Number.isInteger(value);
      const parsed: ParsedNumber = {
        value,
        scale: 0,
        intDigits: String(Math.trunc(Math.abs(value))).length,
        exponent: !integer,
      };
      addEvidence(this.dot, parsed);
      addEvidence(this.comma, parsed);
      if (!integer) {
        this.dot.floating = true;
        this.comma.floating = true;
      }
      return 'number';
    }
    if (typeof typed === 'boolean') {
      this.booleans++;
      return 'boolean';
    }
    if (typed instanceof Date) {
      const t = typed.getTime();
      if (t % 86_400_000 === 0) this.dates++;
      else this.timestamps++;
      return 'typed-date';
    }
    if (isBooleanWord(text)) {
      this.booleans++;
      return 'boolean';
    }
    const d = parseNumber(text, 'dot');
    if (d) addEvidence(this.dot, d);
    const c = parseNumber(text, 'comma');
    if (c) addEvidence(this.comma, c);
    if (d || c) return 'number';
    const mask = dateMask(text);
    if (mask !== 0) {
      this.dates++;
      this.dateBits &= mask;
      return 'date';
    }
    if (isTimestamp(text)) {
      this.timestamps++;
      return 'timestamp';
    }
    return 'text';
  }

  decide(): TypeDecision {
    const n = this.values;
    const notation = this.numericNotation();
    if (n === 0) return { dataType: { type: 'STRING', properties: {} }, notation };
    if (this.booleans === n) return { dataType: { type: 'BOOLEAN', properties: {} }, notation };
    const e = notation === 'dot' ? this.dot : this.comma;
    if (e.count === n) {
      const properties: Record<string, unknown> = notation === 'comma' ? { decimalSeparator: ',' } : {};
      if (e.integers === n) return { dataType: { type: 'INTEGER', properties }, notation };
      if (!e.floating && e.minScale === e.maxScale && e.maxScale > 0) {
        return {
          dataType: {
            type: 'DECIMAL',
            properties: { ...properties, precision: e.maxIntDigits + e.maxScale, scale: e.maxScale },
          },
          notation,
        };
      }
      return { dataType: { type: 'DOUBLE', properties }, notation };
    }
    const format = DATE_FORMATS.find((f) => (this.dateBits & f.bit) !== 0);
    if (this.dates === n && format) {
      return {
        dataType: { type: 'DATE', properties: { format: format.name } },
        notation,
        dateBit: format.bit,
      };
    }
    if (this.timestamps > 0 && this.dates + this.timestamps === n) {
      return {
        dataType: { type: 'TIMESTAMP', properties: {} },
        notation,
        ...(format ? { dateBit: format.bit } : {}),
      };
    }
    return { dataType: { type: 'STRING', properties: {} }, notation };
  }

  /** The notation that reads the most values as numbers; the preferred one on a tie. */
  private numericNotation(): Notation {
    const other: Notation = this.preferred === 'dot' ? 'comma' : 'dot';
    const p = this.preferred === 'dot' ? this.dot : this.comma;
    const o = this.preferred === 'dot' ? this.comma : this.dot;
    return o.count > p.count ? other : this.preferred;
  }
}
