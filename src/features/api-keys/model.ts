import { z } from 'zod/mini';

/** Milliseconds of an ISO 8601 duration (PnW, PnD, PTnH, PTnM, PTnS, combined); undefined when not one. */
export function durationMs(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const match = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(value);
  if (!match || value === 'P' || value.endsWith('T')) return undefined;
  const [w, d, h, m, s] = match.slice(1).map((n) => Number(n ?? 0)) as [number, number, number, number, number];
  return ((((w * 7 + d) * 24 + h) * 60 + m) * 60 + s) * 1000;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Lifetimes offered for a new key; only those within the tenant's maximum are shown. */
const LIFETIMES = [
  { value: 'PT1H', label: '1 hour' },
  { value: 'PT24H', label: '1 day' },
  { value: 'P7D', label: '7 days' },
  { value: 'P30D', label: '30 days' },
  { value: 'P90D', label: '90 days' },
  { value: 'P365D', label: '1 year' },
];

/** The lifetimes a user may pick, up to the tenant's maximum (which is always offered, as itself). */
export function lifetimesUpTo(max: string | undefined): { value: string; label: string }[] {
  const maxMs = durationMs(max) ?? DAY;
  const within = LIFETIMES.filter((l) => durationMs(l.value)! <= maxMs);
  return within.some((l) => durationMs(l.value) === maxMs) ? within : [...within, { value: max!, label: `${describeDuration(max!)} (the most allowed)` }];
}

/** "30 days", "12 hours" — for a duration the tenant gives. */
export function describeDuration(value: string): string {
  const ms = durationMs(value);
  if (ms === undefined) return value;
  if (ms % DAY === 0) return `${ms / DAY} day${ms === DAY ? '' : 's'}`;
  if (ms % HOUR === 0) return `${ms / HOUR} hour${ms === HOUR ? '' : 's'}`;
  return value;
}

/** The admin view's filters, in the URL. */
export const apiKeysSearchSchema = z.object({
  view: z.catch(z.optional(z.enum(['mine', 'all', 'settings'])), undefined),
  owner: z.catch(z.optional(z.string().check(z.maxLength(200))), undefined),
  status: z.catch(z.optional(z.enum(['active', 'expired', 'revoked'])), undefined),
});
export type ApiKeysSearch = z.infer<typeof apiKeysSearchSchema>;
