import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { addInterceptor } from '@qlik/api/interceptors';
import { createSpace, createSpaceAssignment, deleteSpace, getSpaces } from '@qlik/api/spaces';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { startConsoleTenant } from '@/test/tenant';
import type { TestTenant } from '../../../../tenant/test/harness';
import { fieldOfError, spaceContentOf } from '../model';
import {
  memberCountQuery,
  principalSearchQuery,
  spaceFileStatsQuery,
  spacesQuery,
  usersByIdsQuery,
} from './spaces';

let t: TestTenant;
let target: TenantTarget;
const requests: string[] = [];

beforeAll(async () => {
  ({ tenant: t, target } = await startConsoleTenant({
    scope: 'user_default admin_classic',
    targetId: 'spaces-integration',
  }));
  addInterceptor(async (request, proceed) => {
    requests.push(`${request.method} ${request.pathTemplate}`);
    return proceed(request);
  });
});

afterAll(async () => {
  await t?.stop();
});

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('spaces through the console query layer', () => {
  it('filters and sorts on the tenant, with the total in meta.count', async () => {
    const client = new QueryClient();
    const sales = await client.fetchInfiniteQuery(spacesQuery(target, { name: 'sales', sort: '-name' }));
    expect(sales.pages[0]!.data!.map((s) => s.name)).toEqual(['Sales data', 'Sales analytics']);
    expect(sales.pages[0]!.meta?.count).toBe(2);
    const data = await client.fetchInfiniteQuery(spacesQuery(target, { type: 'data', sort: 'name' }));
    expect(data.pages[0]!.data!.every((s) => s.type === 'data')).toBe(true);
    expect(data.pages[0]!.data!.length).toBeGreaterThan(0);
  });

  it('follows the next cursor until every space is loaded', async () => {
    for (let i = 0; i < 101; i++) {
      await createSpace({ type: 'shared', name: `Paging ${String(i).padStart(3, '0')}` }, apiOptions(target));
    }
    const client = new QueryClient();
    const params = { name: 'Paging', sort: 'name' } as const;
    await client.fetchInfiniteQuery(spacesQuery(target, params));
    const first = client.getQueryData(spacesQuery(target, params).queryKey)!;
    expect(first.pages[0]!.data).toHaveLength(100);
    expect(first.pages[0]!.meta?.count).toBe(101);
    const all = await client.fetchInfiniteQuery({ ...spacesQuery(target, params), pages: 2 });
    expect(all.pages.flatMap((p) => p.data!.map((s) => s.name)).at(-1)).toBe('Paging 100');
    expect(new Set(all.pages.flatMap((p) => p.data!.map((s) => s.id))).size).toBe(101);
  });

  it('resolves every owner of a page in one users request', async () => {
    const client = new QueryClient();
    const spaces = (await getSpaces({ limit: 100 }, apiOptions(target))).data.data ?? [];
    const owners = spaces.map((s) => s.ownerId!);
    requests.length = 0;
    const users = await client.fetchQuery(usersByIdsQuery(target, owners, true));
    expect(requests.filter((r) => r.includes('/users'))).toHaveLength(1);
    expect(new Set(Object.values(users).map((u) => u.name))).toEqual(new Set(['Ada Admin', 'Max Member']));
  });

  it('finds users by name or email and groups by name for the pickers', async () => {
    const client = new QueryClient();
    const max = await client.fetchQuery(principalSearchQuery(target, 'max@', ['user', 'group']));
    expect(max.map((p) => p.name)).toEqual(['Max Member']);
    const fin = await client.fetchQuery(principalSearchQuery(target, 'finance', ['user', 'group']));
    expect(fin).toContainEqual(expect.objectContaining({ type: 'group', name: 'Finance analysts' }));
    const quoted = await client.fetchQuery(
      principalSearchQuery(target, 'x" or name pr or name eq "', ['user']),
    );
    expect(quoted).toEqual([]);
  });

  it('maps a duplicate name, a repeated member and a foreign role to their form fields', async () => {
    const duplicate = await caught(createSpace({ type: 'shared', name: 'Finance' }, apiOptions(target)));
    expect(fieldOfError(duplicate, ['name', 'description', 'type'])?.field).toBe('name');

    const space = (await createSpace({ type: 'shared', name: 'Members check' }, apiOptions(target))).data;
    const maxId = (await new QueryClient().fetchQuery(principalSearchQuery(target, 'max@', ['user'])))[0]!.id;
    await createSpaceAssignment(
      space.id,
      { type: 'user', assigneeId: maxId, roles: ['producer'] },
      apiOptions(target),
    );
    expect(await new QueryClient().fetchQuery(memberCountQuery(target, space.id))).toBe(1);

    const again = await caught(
      createSpaceAssignment(
        space.id,
        { type: 'user', assigneeId: maxId, roles: ['consumer'] },
        apiOptions(target),
      ),
    );
    expect(fieldOfError(again, ['assigneeId', 'roles'])).toEqual({
      field: 'assigneeId',
      message: expect.stringMatching(/Already a member/),
    });
    const group = (
      await new QueryClient().fetchQuery(principalSearchQuery(target, 'Data engineers', ['group']))
    )[0]!;
    const badRole = await caught(
      createSpaceAssignment(
        space.id,
        { type: 'group', assigneeId: group.id, roles: ['publisher'] },
        apiOptions(target),
      ),
    );
    expect(fieldOfError(badRole, ['assigneeId', 'roles'])?.field).toBe('roles');
  });

  it('explains a 412 on a space that holds content, with what it holds', async () => {
    const sales = (await getSpaces({ name: 'Sales analytics' }, apiOptions(target))).data.data![0]!;
    const stats = await new QueryClient().fetchQuery(spaceFileStatsQuery(target, sales.id));
    expect(stats.files).toBeGreaterThan(0);
    const error = await caught(deleteSpace(sales.id, apiOptions(target)));
    const content = spaceContentOf(error)!;
    expect(content['data connections']).toBe(1);
    expect(content['data files']).toBeGreaterThanOrEqual(stats.files!);
    expect(
      spaceContentOf(await caught(deleteSpace('000000000000000000000000', apiOptions(target)))),
    ).toBeUndefined();
  });
});
