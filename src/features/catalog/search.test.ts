import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { catalogSearchSchema, dataSetSearchSchema, nextSort } from './search';

describe('catalog search params', () => {
  it('fills every default from an empty URL', () => {
    expect(catalogSearchSchema.parse({})).toEqual({ type: 'data-sets', q: '', sort: 'name', page: 1, size: 50 });
  });

  it('keeps valid values, coercing numbers written as strings', () => {
    expect(
      catalogSearchSchema.parse({
        type: 'apps',
        store: 'store-1',
        asset: 'asset-2',
        q: 'orders',
        sort: '-lastModifiedTime',
        page: '3',
        size: '100',
      }),
    ).toEqual({
      type: 'apps',
      store: 'store-1',
      asset: 'asset-2',
      q: 'orders',
      sort: '-lastModifiedTime',
      page: 3,
      size: 100,
    });
  });

  it('replaces each bad value by its default instead of failing', () => {
    expect(
      catalogSearchSchema.parse({
        type: 'spreadsheets',
        store: '*',
        asset: 'a,b',
        q: 42,
        sort: 'rowCount',
        page: '-1',
        size: '7',
      }),
    ).toEqual({ type: 'data-sets', q: '', sort: 'name', page: 1, size: 50 });
    expect(catalogSearchSchema.parse({ page: 'two', size: 'all' })).toMatchObject({ page: 1, size: 50 });
  });

  it('never throws, whatever the URL holds', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('store', 'asset', 'q', 'sort', 'page', 'size', 'x'), fc.anything()),
        (raw) => {
          const parsed = catalogSearchSchema.parse(raw);
          expect(parsed.page).toBeGreaterThanOrEqual(1);
          expect([25, 50, 100]).toContain(parsed.size);
        },
      ),
    );
  });

  it('flips the direction of the sorted column and starts a new column ascending', () => {
    expect(nextSort('name', 'name')).toBe('-name');
    expect(nextSort('-name', 'name')).toBe('name');
    expect(nextSort('-name', 'lastModifiedTime')).toBe('lastModifiedTime');
  });
});

describe('data set search params', () => {
  it('opens the schema tab by default and falls back to it for an unknown tab', () => {
    expect(dataSetSearchSchema.parse({})).toEqual({ tab: 'schema', filter: '', field: '' });
    expect(dataSetSearchSchema.parse({ tab: 'history', field: 'age', filter: 'a' })).toEqual({
      tab: 'schema',
      filter: 'a',
      field: 'age',
    });
    expect(dataSetSearchSchema.parse({ field: 42, filter: ['x'] })).toEqual({
      tab: 'schema',
      filter: '',
      field: '',
    });
    expect(dataSetSearchSchema.parse({ tab: 'profile' }).tab).toBe('profile');
  });
});
