import { describe, expect, it } from 'vitest';
import type { Space } from '@qlik/api/spaces';
import {
  canCreateType,
  createSpaceSchema,
  fieldOfError,
  listParamsOf,
  spaceNameSchema,
  spaceRights,
  spacesSearchSchema,
  type Caller,
} from './model';
import { patchOf, scimString } from './api/spaces';

/** The shape of @qlik/api's InvokeFetchError. */
function httpError(status: number, data: unknown) {
  return Object.assign(new Error(`HTTP ${status}`), { status, data });
}

describe('space name rules (mirror the tenant)', () => {
  it('accepts ordinary names and trims them', () => {
    expect(spaceNameSchema.parse('  Finance 2026 — Q1 (EU) ')).toBe('Finance 2026 — Q1 (EU)');
    expect(spaceNameSchema.safeParse('x'.repeat(256)).success).toBe(true);
  });

  it('refuses blank and over-long names', () => {
    expect(spaceNameSchema.safeParse('   ').error?.issues[0]?.message).toBe('Enter a name.');
    expect(spaceNameSchema.safeParse('x'.repeat(257)).error?.issues[0]?.message).toMatch(/256/);
  });

  it.each(['"', '*', '?', '<', '>', '/', '|', '\\', ':'])('refuses names containing %s', (char) => {
    const result = spaceNameSchema.safeParse(`Sales ${char} EU`);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('cannot contain');
  });

  it('validates the whole create form, type included', () => {
    const bad = createSpaceSchema.safeParse({ type: 'personal', name: 'a/b', description: 'x'.repeat(1025) });
    expect(bad.error?.issues.map((i) => i.path[0]).sort()).toEqual(['description', 'name', 'type']);
    expect(createSpaceSchema.parse({ type: 'data', name: ' Lake ', description: '' })).toEqual({
      type: 'data',
      name: 'Lake',
      description: '',
    });
  });
});

describe('spaces search params', () => {
  it('defaults an empty URL to the table sorted by name', () => {
    expect(spacesSearchSchema.parse({})).toEqual({ view: 'table', sort: 'name', selected: [] });
  });

  it('keeps valid values', () => {
    const search = spacesSearchSchema.parse({
      view: 'tree',
      q: 'fin',
      type: 'managed',
      ownerId: 'u1',
      sort: '-createdAt',
    });
    expect(search).toEqual({
      view: 'tree',
      q: 'fin',
      type: 'managed',
      ownerId: 'u1',
      sort: '-createdAt',
      selected: [],
    });
    expect(listParamsOf(search)).toEqual({ name: 'fin', type: 'managed', ownerId: 'u1', sort: '-createdAt' });
  });

  it('falls back instead of failing on hand-edited URLs', () => {
    expect(
      spacesSearchSchema.parse({ view: 'grid', type: 'personal', sort: 'updatedAt', q: 42, ownerId: '' }),
    ).toEqual({
      view: 'table',
      sort: 'name',
      q: undefined,
      type: undefined,
      ownerId: undefined,
      selected: [],
    });
  });

  it('keeps the tree state and the selection, and drops what does not parse', () => {
    const search = spacesSearchSchema.parse({
      view: 'tree',
      expanded: ['tenant', 'type:shared', 'space:s1'],
      node: 'space:s1',
      selected: ['s1', 's2'],
      all: true,
    });
    expect(search).toMatchObject({
      expanded: ['tenant', 'type:shared', 'space:s1'],
      node: 'space:s1',
      all: true,
    });
    expect(spacesSearchSchema.parse({ expanded: 'tenant', node: '', all: 'yes' })).toMatchObject({
      expanded: undefined,
      node: undefined,
      all: undefined,
    });
  });

  it('leaves the view out of the data deps, so table and tree share a cache entry', () => {
    const table = listParamsOf(spacesSearchSchema.parse({ view: 'table', q: 'x' }));
    const tree = listParamsOf(spacesSearchSchema.parse({ view: 'tree', q: 'x' }));
    expect(tree).toEqual(table);
  });
});

describe('server errors land on the right field', () => {
  it('maps a 409 duplicate name to the name field', () => {
    const error = httpError(409, {
      errors: [
        {
          code: 'HTTP-409',
          title: 'Conflict',
          detail: 'Spaces names must be unique',
          source: { pointer: '/name' },
        },
      ],
    });
    expect(fieldOfError(error, ['name', 'description'])).toEqual({
      field: 'name',
      message: 'A space with this name already exists. Choose another name.',
    });
  });

  it('maps a PATCH operation pointer back to the field of that operation', () => {
    const error = httpError(400, {
      errors: [
        {
          code: 'HTTP-400',
          title: 'Bad request',
          detail: 'The description is too long',
          source: { pointer: '/1/value' },
        },
      ],
    });
    expect(fieldOfError(error, ['name', 'description'], ['name', 'description'])).toEqual({
      field: 'description',
      message: 'The description is too long',
    });
  });

  it('reads the pointer from meta.source too (Qlik spaces mirror)', () => {
    const error = httpError(400, {
      code: 'X',
      detail: 'Role(s) owner cannot be assigned',
      meta: { source: { pointer: '/roles' } },
    });
    expect(fieldOfError(error, ['assigneeId', 'roles'])?.field).toBe('roles');
  });

  it('says "already a member" for a 409 on the assignee', () => {
    const error = httpError(409, {
      errors: [
        {
          detail: 'Assignment already exists. assigneeId must be unique.',
          source: { pointer: '/assigneeId' },
        },
      ],
    });
    expect(fieldOfError(error, ['assigneeId', 'roles'])?.message).toMatch(/Already a member/);
  });

  it('leaves errors about no field to the form-level surface', () => {
    expect(fieldOfError(httpError(403, { errors: [{ detail: 'nope' }] }), ['name'])).toBeUndefined();
    expect(fieldOfError(new TypeError('Failed to fetch'), ['name'])).toBeUndefined();
  });
});

describe('what the caller may do', () => {
  const caller = (scopes: string[], roles: string[] = []): Caller => ({
    has: (s) => scopes.includes(s) || scopes.includes(s.split(':')[0]!),
    roles,
    isTenantAdmin: roles.includes('TenantAdmin'),
  });
  const space = (actions: string[]): Pick<Space, 'type' | 'meta'> =>
    ({ type: 'shared', meta: { actions, roles: [], assignableRoles: ['consumer'] } }) as Pick<
      Space,
      'type' | 'meta'
    >;

  it('needs both the scope and the space action', () => {
    const member = spaceRights(caller(['spaces.shared']), space(['read']));
    expect(member.delete).toEqual({ allowed: false, reason: expect.stringMatching(/Only the owner/) });
    expect(member.changeOwner.allowed).toBe(false);
    const owner = spaceRights(caller(['spaces.shared']), space(['change_owner', 'delete', 'read', 'update']));
    expect(
      owner.delete.allowed && owner.edit.allowed && owner.changeOwner.allowed && owner.manageMembers.allowed,
    ).toBe(true);
    const readOnlyToken = spaceRights(caller(['spaces.shared:read']), space(['delete', 'update']));
    expect(readOnlyToken.edit.reason).toMatch(/spaces\.shared scope/);
  });

  it('creating needs the create scope and the creator role', () => {
    expect(canCreateType(caller(['spaces.shared:create'], ['SharedSpaceCreator']), 'shared').allowed).toBe(
      true,
    );
    expect(canCreateType(caller(['spaces.shared:create']), 'shared').reason).toMatch(/SharedSpaceCreator/);
    expect(canCreateType(caller([], ['SharedSpaceCreator']), 'shared').reason).toMatch(/scope/);
  });
});

describe('request building', () => {
  it('patches only what changed', () => {
    const current = { name: 'A', description: '', ownerId: 'u1' };
    expect(patchOf(current, { name: 'A', description: '' })).toEqual([]);
    expect(patchOf(current, { name: 'B', description: 'd' })).toEqual([
      { op: 'replace', path: '/name', value: 'B' },
      { op: 'replace', path: '/description', value: 'd' },
    ]);
  });

  it('escapes SCIM strings so typed text cannot change a filter', () => {
    expect(scimString('a" or name pr or name eq "b\\')).toBe('"a\\" or name pr or name eq \\"b\\\\"');
  });
});
