import { describe, expect, it } from 'vitest';
import { diffSchemas, type SchemaField } from './diff';

const f = (name: string, type = 'STRING'): SchemaField => ({ name, type });

describe('diffSchemas', () => {
  it('finds an added field', () => {
    const d = diffSchemas([f('id', 'INTEGER')], [f('id', 'INTEGER'), f('email')]);
    expect(d).toMatchObject({ added: [f('email')], removed: [], typeChanged: [], renamedLikely: [] });
    expect(d.identical).toBe(false);
    expect(d.unchanged).toBe(1);
  });

  it('finds a removed field', () => {
    const d = diffSchemas([f('id', 'INTEGER'), f('email')], [f('id', 'INTEGER')]);
    expect(d).toMatchObject({ added: [], removed: [f('email')], typeChanged: [], renamedLikely: [] });
  });

  it('finds a changed type', () => {
    const d = diffSchemas([f('id', 'INTEGER'), f('at', 'DATE')], [f('id', 'STRING'), f('at', 'DATE')]);
    expect(d.typeChanged).toEqual([{ name: 'id', from: 'INTEGER', to: 'STRING' }]);
    expect(d).toMatchObject({ added: [], removed: [], renamedLikely: [], unchanged: 1, identical: false });
  });

  it('calls a field gone and a field new at the same position with the same type a likely rename', () => {
    const d = diffSchemas(
      [f('id', 'INTEGER'), f('email'), f('city')],
      [f('id', 'INTEGER'), f('email'), f('town'), f('country')],
    );
    expect(d.renamedLikely).toEqual([{ from: 'city', to: 'town', type: 'STRING', position: 2 }]);
    expect(d.added).toEqual([f('country')]);
    expect(d.removed).toEqual([]);
  });

  it('shows a rename to another type or another position as one removed and one added field', () => {
    const otherType = diffSchemas(
      [f('id', 'INTEGER'), f('n', 'INTEGER')],
      [f('id', 'INTEGER'), f('m', 'DOUBLE')],
    );
    expect(otherType).toMatchObject({
      added: [f('m', 'DOUBLE')],
      removed: [f('n', 'INTEGER')],
      renamedLikely: [],
    });
    const moved = diffSchemas([f('a'), f('b'), f('c')], [f('c'), f('a'), f('x')]);
    expect(moved).toMatchObject({ added: [f('x')], removed: [f('b')], renamedLikely: [] });
  });

  it('says identical when the same fields come back, even in another order', () => {
    const fields = [f('id', 'INTEGER'), f('name')];
    expect(diffSchemas(fields, [...fields].reverse())).toEqual({
      added: [],
      removed: [],
      typeChanged: [],
      renamedLikely: [],
      unchanged: 2,
      identical: true,
    });
  });

  it('handles empty schemas on either side', () => {
    expect(diffSchemas([], [])).toMatchObject({ identical: true, unchanged: 0 });
    expect(diffSchemas([], [f('a'), f('b')])).toMatchObject({ added: [f('a'), f('b')], renamedLikely: [] });
    expect(diffSchemas([f('a')], [])).toMatchObject({ removed: [f('a')], added: [], identical: false });
  });
});
