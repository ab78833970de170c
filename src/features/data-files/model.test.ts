import { describe, expect, it } from 'vitest';
import type { Space } from '@qlik/api/spaces';
import {
  actionErrorOf,
  ancestorsOf,
  breadcrumbOf,
  changeSpaceRight,
  copyName,
  displayPath,
  itemRights,
  batchItemResults,
  normaliseFolderPath,
  parentOf,
  relativeName,
  toWildcard,
  typeOf,
  writeInSpace,
  type DataFile,
} from './model';

const file = (over: Partial<DataFile>): DataFile =>
  ({
    id: 'f1',
    name: 'raw/orders.csv',
    baseName: 'orders.csv',
    folder: false,
    folderId: 'd1',
    size: 10,
    ownerId: 'u1',
    spaceId: 's1',
    createdDate: '',
    modifiedDate: '',
    actions: ['list', 'read'],
    ...over,
  }) as DataFile;

const httpError = (status: number, data: unknown) =>
  Object.assign(new Error(`HTTP ${status}`), { status, data });

describe('paths and breadcrumbs', () => {
  it('normalises folder paths the way the tenant writes them', () => {
    expect(normaliseFolderPath('/raw//2024/ ')).toBe('raw/2024');
    expect(normaliseFolderPath(undefined)).toBe('');
  });

  it('walks up and down a path', () => {
    expect(parentOf('a/b/c.csv')).toBe('a/b');
    expect(parentOf('c.csv')).toBe('');
    expect(ancestorsOf('a/b/c')).toEqual(['a', 'a/b', 'a/b/c']);
    expect(ancestorsOf('')).toEqual([]);
  });

  it('builds a breadcrumb from the root to the open folder', () => {
    expect(breadcrumbOf('Sales data', 'raw/2024')).toEqual([
      { label: 'Sales data', folder: '' },
      { label: 'raw', folder: 'raw' },
      { label: '2024', folder: 'raw/2024' },
    ]);
    expect(breadcrumbOf('Personal space', '')).toEqual([{ label: 'Personal space', folder: '' }]);
  });

  it('shows names relative to the open folder, and space-first paths tenant-wide', () => {
    expect(relativeName('raw/2024/orders.csv', 'raw')).toBe('2024/orders.csv');
    expect(relativeName('rawdata/orders.csv', 'raw')).toBe('rawdata/orders.csv');
    const names = (id: string) => (id === 's1' ? 'Sales data' : id);
    expect(displayPath({ name: 'raw/orders.csv', spaceId: 's1' }, names)).toBe(
      'Sales data / raw / orders.csv',
    );
    expect(displayPath({ name: 'scratch.csv', spaceId: null }, names)).toBe('Personal / scratch.csv');
  });

  it('turns a plain search into a contains-wildcard and keeps explicit wildcards', () => {
    expect(toWildcard(' orders ')).toBe('*orders*');
    expect(toWildcard('ord?rs*.csv')).toBe('ord?rs*.csv');
    expect(toWildcard('  ')).toBeUndefined();
  });

  it('names types and copies', () => {
    expect(typeOf(file({}))).toBe('CSV');
    expect(typeOf(file({ folder: true, baseName: 'raw' }))).toBe('Folder');
    expect(copyName('orders.csv')).toBe('orders - copy.csv');
    expect(copyName('README')).toBe('README - copy');
  });
});

describe('rights', () => {
  const caller = { userId: 'rita', managesAllSpaces: false, mayListUsers: false };
  const space = (over: Partial<Space>): Space =>
    ({ id: 's1', name: 'Sales', type: 'shared', ownerId: 'ada', meta: { roles: [] }, ...over }) as Space;

  it('lets owners, writers and tenant-wide managers add files, and says why others may not', () => {
    expect(writeInSpace(undefined, caller).allowed).toBe(true);
    expect(writeInSpace(space({ ownerId: 'rita' }), caller).allowed).toBe(true);
    expect(writeInSpace(space({ meta: { roles: ['producer'] } } as Partial<Space>), caller).allowed).toBe(
      true,
    );
    expect(
      writeInSpace(space({ type: 'managed', meta: { roles: ['producer'] } } as Partial<Space>), caller)
        .allowed,
    ).toBe(false);
    expect(writeInSpace(space({}), { ...caller, managesAllSpaces: true }).allowed).toBe(true);
    const denied = writeInSpace(space({ meta: { roles: ['consumer'] } } as Partial<Space>), caller);
    expect(denied).toEqual({ allowed: false, reason: expect.stringContaining('only view') });
  });

  it("reads an item's rights from its actions, case-insensitively", () => {
    const readOnly = itemRights(file({}));
    expect(Object.values(readOnly).every((p) => !p.allowed && p.reason)).toBe(true);
    const writer = itemRights(file({ actions: ['Read', 'Update', 'Delete', 'change_space'] as never }));
    expect(writer.rename.allowed && writer.delete.allowed && writer.move.allowed).toBe(true);
    expect(writer.changeOwner.allowed).toBe(false);
    expect(itemRights(file({ folder: true, actions: ['update'] })).duplicate.allowed).toBe(false);
  });

  it('moves only root items to another space', () => {
    expect(changeSpaceRight(file({})).allowed).toBe(false);
    expect(changeSpaceRight(file({ name: 'orders.csv', folderId: null })).allowed).toBe(true);
  });
});

describe('errors', () => {
  it('puts a taken name and name rules on the name field', () => {
    expect(actionErrorOf(httpError(409, { errors: [{ code: 'HTTP-409' }] }))).toEqual({
      field: 'name',
      message: expect.stringContaining('already exists'),
    });
    expect(actionErrorOf(httpError(400, { errors: [{ code: 'DF-011' }] })).field).toBe('name');
    expect(actionErrorOf(httpError(400, { errors: [{ code: 'DF-015' }] })).field).toBe('name');
  });

  it('explains quota and other DF codes without a field', () => {
    expect(actionErrorOf(httpError(413, { errors: [{ code: 'DF-016' }] }))).toEqual({
      message: expect.stringContaining('quota'),
    });
    expect(actionErrorOf(httpError(400, { errors: [{ code: 'DF-019' }] })).message).toMatch(/into itself/);
    expect(actionErrorOf(httpError(403, { errors: [{ code: 'HTTP-403', detail: 'No' }] })).message).toMatch(
      /No/,
    );
  });
});

describe('207 results', () => {
  it('gives each requested item its outcome; one the tenant left out failed', () => {
    const results = batchItemResults(
      ['a', 'b', 'c', 'd', 'e'],
      [
        { id: 'c', status: 409, code: 'HTTP-409', title: 'Conflict' },
        { id: 'a', status: 204, code: 'HTTP-204', title: 'No Content' },
        { id: 'b', status: 400, code: 'HTTP-400', detail: 'raw/b.csv is inside a folder' },
        { id: 'e', status: 403, code: 'DF-013' },
      ],
    );
    expect(Object.fromEntries(results)).toEqual({
      a: { status: 'done' },
      b: { status: 'failed', message: 'raw/b.csv is inside a folder' },
      c: { status: 'failed', message: expect.stringContaining('already exists') },
      d: { status: 'failed', message: expect.stringContaining('did not report') },
      e: { status: 'failed', message: 'You do not have access to that space.' },
    });
  });
});
