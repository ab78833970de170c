import { describe, expect, it } from 'vitest';
import { dataFilesSearchSchema, listParamsOf, scopeOf } from './search';

const parse = (input: Record<string, unknown>) => dataFilesSearchSchema.parse(input);

describe('data files search params', () => {
  it('defaults to the personal space, tree view, name order and no selection', () => {
    expect(parse({})).toEqual({ space: 'personal', sort: '+name', view: 'tree', selected: [] });
  });

  it('falls back to defaults on bad values instead of failing the page', () => {
    const search = parse({ space: '', sort: 'size!', view: 'grid', selected: 'abc', folder: 42, q: 7 });
    expect(search).toEqual({ space: 'personal', sort: '+name', view: 'tree', selected: [] });
  });

  it('keeps valid values and normalises the folder path', () => {
    const search = parse({
      space: 'abc123',
      folder: '/raw//2024/',
      q: 'ord',
      owner: 'u1',
      sort: '-size',
      view: 'flat',
      selected: ['x', 'y'],
    });
    expect(search).toMatchObject({
      space: 'abc123',
      folder: 'raw/2024',
      q: 'ord',
      owner: 'u1',
      sort: '-size',
      view: 'flat',
      selected: ['x', 'y'],
    });
    expect(parse({ folder: '/' }).folder).toBeUndefined();
  });

  it('reads the space as personal, all spaces or one space; a fixed space wins', () => {
    expect(scopeOf('personal')).toEqual({ kind: 'personal' });
    expect(scopeOf('all')).toEqual({ kind: 'all' });
    expect(scopeOf('s1')).toEqual({ kind: 'space', spaceId: 's1' });
    expect(scopeOf('all', 's2')).toEqual({ kind: 'space', spaceId: 's2' });
  });

  it('lists direct children in the tree view and the whole folder below in the flat view or a search', () => {
    expect(listParamsOf(parse({ folder: 'raw' }))).toMatchObject({ folder: 'raw', directOnly: true });
    expect(listParamsOf(parse({ folder: 'raw', view: 'flat' }))).toMatchObject({ directOnly: false });
    expect(listParamsOf(parse({ folder: 'raw', q: 'ord' }))).toMatchObject({
      directOnly: false,
      wildcard: '*ord*',
    });
  });

  it('ignores the folder in the tenant-wide view, which is always flat', () => {
    expect(listParamsOf(parse({ space: 'all', folder: 'raw', view: 'tree' }))).toMatchObject({
      scope: { kind: 'all' },
      folder: '',
      directOnly: false,
    });
  });
});
