import { describe, expect, it } from 'vitest';
import { apiKeysSearchSchema, describeDuration, durationMs, lifetimesUpTo } from './model';

describe('API key lifetimes', () => {
  it('reads ISO 8601 durations as the tenant writes them', () => {
    expect(durationMs('PT24H')).toBe(86_400_000);
    expect(durationMs('P1W2D')).toBe(9 * 86_400_000);
    expect(durationMs('P')).toBeUndefined();
    expect(durationMs('PT')).toBeUndefined();
    expect(durationMs('30 days')).toBeUndefined();
  });

  it("offers lifetimes up to the tenant's maximum, and the maximum itself when it is no preset", () => {
    expect(lifetimesUpTo('PT24H').map((l) => l.value)).toEqual(['PT1H', 'PT24H']);
    expect(lifetimesUpTo('P10D').map((l) => l.value)).toEqual(['PT1H', 'PT24H', 'P7D', 'P10D']);
    expect(lifetimesUpTo('P10D').at(-1)!.label).toBe('10 days (the most allowed)');
    expect(describeDuration('PT1H')).toBe('1 hour');
    expect(describeDuration('PT36H')).toBe('36 hours');
  });

  it('keeps only valid filters from the URL', () => {
    expect(apiKeysSearchSchema.parse({ view: 'all', status: 'revoked', owner: 'u1' })).toEqual({ view: 'all', status: 'revoked', owner: 'u1' });
    expect(apiKeysSearchSchema.parse({ view: 'nope', status: 'gone' })).toEqual({});
  });
});
