// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DataField, DataSet, JsonPatch, Schema } from '@qlik/api/data-sets';
import { ApiError } from '../http/errors';
import { PERSONAL_DATA, carryFieldMetadata, patchMetadata } from './data-set-edit';

const field = (name: string, index: number, type: DataField['dataType']['type'] = 'STRING'): DataField => ({
  name,
  index,
  dataType: { type, properties: {} },
  nullable: false,
  primaryKey: false,
  encrypted: false,
  sensitive: false,
  orphan: false,
  tags: ['$text'],
});

const dataSet = (): DataSet => ({
  id: '65f0c0ffee0000000000abcd',
  name: 'customers.csv',
  description: '',
  tags: [],
  qri: 'qdf:qix-datafiles:t:sid@s:customers.csv',
  secureQri: 'qri:qdf:space://a#b',
  technicalName: 'customers.csv',
  version: 3,
  dataAssetInfo: { id: 'asset' },
  schema: {
    dataFields: [field('id', 0, 'INTEGER'), field('name', 1), field('email', 2)],
    schemaName: 'customers',
  },
  additionalSchemas: [{ dataFields: [field('code', 0)], schemaName: 'Sheet2' }],
});

/** The refusal of a patch: status, the operation it names and the path of the value. */
function refusal(ops: JsonPatch[], set = dataSet()) {
  try {
    patchMetadata(set, ops);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const item = error.items[0]!;
    return {
      status: error.status,
      operation: item.meta?.operation,
      path: item.meta?.path,
      detail: item.detail,
    };
  }
  throw new Error('the patch was accepted');
}

describe('patching a data set’s metadata', () => {
  it('applies the digest’s worked payload: alias, sensitive, primary key, user tags', () => {
    const { next, changed } = patchMetadata(dataSet(), [
      { op: 'add', path: '/schema/dataFields/2/alias', value: 'Email' },
      { op: 'replace', path: '/schema/dataFields/2/sensitive', value: true },
      { op: 'replace', path: '/schema/dataFields/0/primaryKey', value: true },
      { op: 'add', path: '/schema/dataFields/2/userTags', value: [{ name: 'pii' }] },
    ]);
    expect(changed).toBe(true);
    expect(next.schema.dataFields[2]).toMatchObject({
      name: 'email',
      alias: 'Email',
      sensitive: true,
      userTags: [{ name: 'pii' }],
    });
    expect(next.schema.dataFields[0]).toMatchObject({ name: 'id', primaryKey: true });
  });

  it('sets the description, the personal-data flag and a key position, in additional schemas too', () => {
    const { next } = patchMetadata(dataSet(), [
      { op: 'test', path: '/version', value: 3 },
      { op: 'add', path: '/schema/dataFields/1/description', value: 'Full name, as typed' },
      { op: 'add', path: '/schema/dataFields/1/properties', value: { [PERSONAL_DATA]: true } },
      { op: 'replace', path: '/schema/dataFields/0/primaryKey', value: true },
      { op: 'add', path: '/schema/dataFields/0/ordinalPositionInKey', value: 1 },
      { op: 'add', path: '/additionalSchemas/0/dataFields/0/alias', value: 'Code' },
      { op: 'add', path: '/tags/-', value: 'crm' },
    ]);
    expect(next.schema.dataFields[1]).toMatchObject({
      description: 'Full name, as typed',
      properties: { [PERSONAL_DATA]: true },
    });
    expect(next.schema.dataFields[0]).toMatchObject({ primaryKey: true, ordinalPositionInKey: 1 });
    expect(next.additionalSchemas[0]!.dataFields[0]!.alias).toBe('Code');
    expect(next.tags).toEqual(['crm']);
  });

  it('lets an alias equal its own field’s name, and moves an alias between fields', () => {
    expect(
      patchMetadata(dataSet(), [{ op: 'add', path: '/schema/dataFields/1/alias', value: 'name' }]).changed,
    ).toBe(true);
    const set = dataSet();
    set.schema!.dataFields[1]!.alias = 'Customer';
    const { next } = patchMetadata(set, [
      { op: 'move', from: '/schema/dataFields/1/alias', path: '/schema/dataFields/2/alias' },
    ]);
    expect(next.schema.dataFields.map((f) => f.alias)).toEqual([undefined, undefined, 'Customer']);
  });

  it('refuses an alias that is another field’s name or alias (400, on that field’s alias)', () => {
    expect(
      refusal([
        { op: 'add', path: '/schema/dataFields/1/alias', value: 'Customer' },
        { op: 'add', path: '/schema/dataFields/2/alias', value: 'id' },
      ]),
    ).toMatchObject({
      status: 400,
      operation: 1,
      path: '/schema/dataFields/2/alias',
      detail: expect.stringMatching(/name of another field/),
    });
    expect(
      refusal([
        { op: 'add', path: '/schema/dataFields/1/alias', value: 'Customer' },
        { op: 'add', path: '/schema/dataFields/2/alias', value: 'Customer' },
      ]),
    ).toMatchObject({
      status: 400,
      operation: 1,
      path: '/schema/dataFields/2/alias',
      detail: expect.stringMatching(/already the alias of 'name'/),
    });
    // an alias in another table may repeat one of this table's names
    expect(
      patchMetadata(dataSet(), [
        { op: 'add', path: '/additionalSchemas/0/dataFields/0/alias', value: 'email' },
      ]).changed,
    ).toBe(true);
  });

  it('refuses a stale edit: a failed test of /version is a 409 that says so', () => {
    expect(
      refusal([
        { op: 'test', path: '/version', value: 2 },
        { op: 'replace', path: '/description', value: 'x' },
      ]),
    ).toMatchObject({
      status: 409,
      operation: 0,
      path: '/version',
      detail: expect.stringMatching(/changed since it was read: it is at version 3/),
    });
    expect(refusal([{ op: 'test', path: '/schema/dataFields/0/alias', value: 'Id' }])).toMatchObject({
      status: 409,
    });
  });

  it.each<[string, JsonPatch[], RegExp]>([
    [
      'a field’s name',
      [{ op: 'replace', path: '/schema/dataFields/0/name', value: 'x' }],
      /cannot be changed/,
    ],
    [
      'a field’s type',
      [{ op: 'replace', path: '/schema/dataFields/0/dataType/type', value: 'DATE' }],
      /cannot be changed/,
    ],
    ['the field list', [{ op: 'remove', path: '/schema/dataFields/0' }], /cannot be changed/],
    ['the set’s name', [{ op: 'replace', path: '/name', value: 'x' }], /cannot be changed/],
    ['the version', [{ op: 'replace', path: '/version', value: 9 }], /cannot be changed/],
    [
      'a move out of a read-only path',
      [{ op: 'move', from: '/name', path: '/description' }],
      /cannot be changed/,
    ],
    [
      'a field that is not there',
      [{ op: 'add', path: '/schema/dataFields/7/alias', value: 'x' }],
      /Nothing at/,
    ],
    ['a blank alias', [{ op: 'add', path: '/schema/dataFields/0/alias', value: '  ' }], /must not be blank/],
    [
      'an alias with a line break',
      [{ op: 'add', path: '/schema/dataFields/0/alias', value: 'a\nb' }],
      /control characters/,
    ],
    [
      'a flag that is no boolean',
      [{ op: 'replace', path: '/schema/dataFields/0/sensitive', value: 'yes' }],
      /true or false/,
    ],
    [
      'a personal flag that is no boolean',
      [{ op: 'add', path: `/schema/dataFields/0/properties`, value: { [PERSONAL_DATA]: 1 } }],
      /true or false/,
    ],
    [
      'a key position without a key',
      [{ op: 'add', path: '/schema/dataFields/1/ordinalPositionInKey', value: 1 }],
      /Only a primary-key field/,
    ],
    [
      'a user tag without a name',
      [{ op: 'add', path: '/schema/dataFields/0/userTags', value: [{ id: 'x' }] }],
      /non-empty string/,
    ],
    [
      'a user tag twice',
      [{ op: 'add', path: '/schema/dataFields/0/userTags', value: [{ name: 'a' }, { name: 'a' }] }],
      /twice/,
    ],
    [
      'a reserved property name',
      [
        { op: 'add', path: '/schema/dataFields/0/properties', value: {} },
        { op: 'add', path: '/schema/dataFields/0/properties/__proto__', value: 1 },
      ],
      /cannot be a property name/,
    ],
    [
      'a long description',
      [{ op: 'add', path: '/schema/dataFields/0/description', value: 'x'.repeat(1025) }],
      /at most 1024/,
    ],
  ])('refuses %s with 400', (_, ops, detail) => {
    const refused = refusal(ops);
    expect(refused.status).toBe(400);
    expect(refused.detail).toMatch(detail);
  });

  it('changes nothing (no new version) for tests only, or for values set to what they are', () => {
    expect(patchMetadata(dataSet(), [{ op: 'test', path: '/version', value: 3 }]).changed).toBe(false);
    expect(
      patchMetadata(dataSet(), [{ op: 'replace', path: '/schema/dataFields/0/sensitive', value: false }])
        .changed,
    ).toBe(false);
  });

  it('whatever the patch, either refuses it or keeps the fields and Qlik’s alias rules (property)', () => {
    const paths = fc.constantFrom(
      '/description',
      '/tags',
      '/tags/0',
      '/tags/-',
      '/name',
      '/version',
      '/schema',
      '/schema/dataFields/0',
      '/schema/dataFields/1/name',
      ...[0, 1, 2, 3].flatMap((i) =>
        [
          'alias',
          'description',
          'sensitive',
          'primaryKey',
          'userTags',
          'userTags/-',
          'properties',
          `properties/${PERSONAL_DATA}`,
        ].map((a) => `/schema/dataFields/${i}/${a}`),
      ),
    );
    const value = fc.oneof(
      fc.constantFrom(
        'id',
        'name',
        'email',
        'Email',
        'E',
        '',
        true,
        false,
        1,
        null,
        [],
        {},
        [{ name: 'pii' }],
        { [PERSONAL_DATA]: true },
      ),
      fc.jsonValue({ maxDepth: 2 }),
    );
    const op = fc.record({
      op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test') as fc.Arbitrary<
        JsonPatch['op']
      >,
      path: paths,
      from: paths,
      value,
    });
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 6 }), (ops) => {
        const before = dataSet();
        let next: ReturnType<typeof patchMetadata>['next'];
        try {
          next = patchMetadata(before, ops).next;
        } catch (error) {
          expect(error).toBeInstanceOf(ApiError);
          expect([400, 409]).toContain((error as ApiError).status);
          return;
        }
        const shape = (s: Schema) =>
          s.dataFields.map((f) => [f.name, f.index, f.dataType, f.tags, f.nullable]);
        expect(shape(next.schema)).toEqual(shape(before.schema!));
        const names = next.schema.dataFields.map((f) => f.name);
        const aliases = next.schema.dataFields.flatMap((f) =>
          f.alias === undefined ? [] : [[f.name, f.alias] as const],
        );
        expect(new Set(aliases.map(([, a]) => a)).size).toBe(aliases.length);
        for (const [own, alias] of aliases) expect(alias === own || !names.includes(alias)).toBe(true);
        for (const f of next.schema.dataFields) {
          expect(typeof f.sensitive).toBe('boolean');
          expect(typeof f.primaryKey).toBe('boolean');
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('carrying field metadata to a new inference', () => {
  it('keeps what users gave fields of the same name, and drops an alias that now clashes', () => {
    const previous: Schema = {
      dataFields: [
        { ...field('id', 0), alias: 'Key', primaryKey: true, ordinalPositionInKey: 1 },
        {
          ...field('email', 1),
          alias: 'mail',
          sensitive: true,
          description: 'Work address',
          userTags: [{ name: 'pii' }],
        },
        { ...field('gone', 2), alias: 'Old' },
      ],
    };
    const next: Schema = { dataFields: [field('email', 0), field('mail', 1), field('id', 2)] };
    const carried = carryFieldMetadata(previous, next);
    expect(carried.dataFields[0]).toMatchObject({
      name: 'email',
      sensitive: true,
      description: 'Work address',
      userTags: [{ name: 'pii' }],
    });
    expect(carried.dataFields[0]!.alias).toBeUndefined(); // 'mail' is a field's name now
    expect(carried.dataFields[1]).toEqual(field('mail', 1));
    expect(carried.dataFields[2]).toMatchObject({
      name: 'id',
      index: 2,
      alias: 'Key',
      primaryKey: true,
      ordinalPositionInKey: 1,
    });
    expect(carryFieldMetadata(undefined, next)).toBe(next);
  });
});
