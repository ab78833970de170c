import { describe, expect, it } from 'vitest';
import { namesTarget, readReferences } from './dependents';

const refs = readReferences([
  { discriminator: '[lib://Sales:DataFiles/raw/orders.csv]', statement: '' },
  { discriminator: '[lib://DataFiles/pipeline/a.csv]', statement: '' },
  { discriminator: 'STORE - [lib://Sales:DataFiles/out.qvd]', statement: '' },
  { discriminator: 'Sales:Warehouse', statement: "LIB CONNECT TO 'Sales:Warehouse'" },
  { discriminator: 'INLINE', statement: '' },
]);

describe('readReferences', () => {
  it('keeps what a script reads (loads and LIB CONNECTs), not what it only stores', () => {
    expect(refs).toEqual([
      { spaceName: 'Sales', connection: 'DataFiles', path: 'raw/orders.csv', text: 'lib://Sales:DataFiles/raw/orders.csv' },
      { spaceName: null, connection: 'DataFiles', path: 'pipeline/a.csv', text: 'lib://DataFiles/pipeline/a.csv' },
      { spaceName: 'Sales', connection: 'Warehouse', path: null, text: 'Sales:Warehouse' },
    ]);
  });
});

describe('namesTarget', () => {
  const [qualified, unqualified, connection] = refs as [never, never, never];
  it('matches a file by space name and path, whatever the case', () => {
    expect(namesTarget(qualified, 'other', { kind: 'file', spaceId: 's1', path: 'RAW/orders.csv' }, 'sales')).toBe(true);
    expect(namesTarget(qualified, 'other', { kind: 'file', spaceId: 's1', path: 'raw/orders.csv' }, 'Finance')).toBe(false);
    expect(namesTarget(qualified, 'other', { kind: 'file', spaceId: 's1', path: 'raw/orders.json' }, 'Sales')).toBe(false);
  });

  it("takes an unqualified reference as the app's own space", () => {
    expect(namesTarget(unqualified, 's2', { kind: 'folder', spaceId: 's2', path: 'pipeline' }, 'Ops')).toBe(true);
    expect(namesTarget(unqualified, 's3', { kind: 'folder', spaceId: 's2', path: 'pipeline' }, 'Ops')).toBe(false);
    expect(namesTarget(unqualified, 's2', { kind: 'folder', spaceId: 's2', path: 'pipe' }, 'Ops')).toBe(false);
    expect(namesTarget(unqualified, undefined, { kind: 'file', spaceId: null, path: 'pipeline/a.csv' }, null)).toBe(true);
  });

  it('matches connections by name and spaces by any reference into them', () => {
    expect(namesTarget(connection, 'x', { kind: 'connection', spaceId: 's1', name: 'warehouse' }, 'Sales')).toBe(true);
    expect(namesTarget(connection, 'x', { kind: 'connection', spaceId: 's1', name: 'DataFiles' }, 'Sales')).toBe(false);
    expect(namesTarget(connection, 'x', { kind: 'space', spaceId: 's1' }, 'Sales')).toBe(true);
  });
});
