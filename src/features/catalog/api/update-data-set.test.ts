import { describe, expect, it } from 'vitest';
import type { DataField } from '@qlik/api/data-sets';
import { PERSONAL_DATA, aliasProblem, fieldDraftOf, fieldPatch, refusedPath } from './update-data-set';

const email: DataField = {
  name: 'email',
  index: 2,
  dataType: { type: 'STRING' },
  alias: 'Mail',
  primaryKey: true,
  ordinalPositionInKey: 1,
  userTags: [{ id: 't1', name: 'pii' }],
};
const fields: DataField[] = [
  { name: 'id', dataType: { type: 'INTEGER' } },
  { name: 'name', dataType: { type: 'STRING' }, alias: 'Who' },
  email,
];

describe('field edits as JSON Patch', () => {
  it('sends only what changed: add for a value, remove for one cleared, ids kept on tags that stay', () => {
    const draft = {
      ...fieldDraftOf(email),
      alias: '',
      description: 'Work address',
      tags: ['pii', 'contact'],
      primaryKey: false,
      personal: true,
    };
    expect(fieldPatch(email, 2, draft)).toEqual([
      { op: 'remove', path: '/schema/dataFields/2/alias' },
      { op: 'add', path: '/schema/dataFields/2/description', value: 'Work address' },
      {
        op: 'add',
        path: '/schema/dataFields/2/userTags',
        value: [{ id: 't1', name: 'pii' }, { name: 'contact' }],
      },
      { op: 'add', path: '/schema/dataFields/2/primaryKey', value: false },
      { op: 'remove', path: '/schema/dataFields/2/ordinalPositionInKey' },
      { op: 'add', path: '/schema/dataFields/2/properties', value: { [PERSONAL_DATA]: true } },
    ]);
    expect(fieldPatch(email, 2, fieldDraftOf(email))).toEqual([]);
    const withProperties = { ...email, properties: { other: 1 } };
    expect(fieldPatch(withProperties, 2, { ...fieldDraftOf(withProperties), personal: true })).toEqual([
      { op: 'add', path: `/schema/dataFields/2/properties/${PERSONAL_DATA}`, value: true },
    ]);
  });

  it('checks Qlik’s alias rules before sending', () => {
    expect(aliasProblem('name', email, fields)).toMatch(/name of another field/);
    expect(aliasProblem('Who', email, fields)).toMatch(/already the alias of name/);
    expect(aliasProblem('email', email, fields)).toBeUndefined();
    expect(aliasProblem(' ', email, fields)).toBeUndefined();
    expect(aliasProblem('x'.repeat(257), email, fields)).toMatch(/At most 256/);
  });

  it('finds the path a refusal is about: the tenant’s meta.path, else the operation it names', () => {
    const ops = [
      { op: 'test' as const, path: '/version', value: 1 },
      { op: 'add' as const, path: '/description', value: 'x' },
    ];
    const error = (meta: Record<string, unknown>) =>
      Object.assign(new Error('400'), { status: 400, data: { errors: [{ meta }] } });
    expect(refusedPath(error({ path: '/schema/dataFields/0/alias' }), ops)).toBe(
      '/schema/dataFields/0/alias',
    );
    expect(refusedPath(error({ operation: 1 }), ops)).toBe('/description');
    expect(refusedPath(error({ source: { pointer: '/0' } }), ops)).toBe('/version');
    expect(refusedPath(new Error('network'), ops)).toBeUndefined();
  });
});
