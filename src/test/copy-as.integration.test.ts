import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import {
  createSpace,
  createSpaceAssignment,
  deleteSpace,
  deleteSpaceAssignment,
  patchSpace,
  updateSpaceAssignment,
} from '@qlik/api/spaces';
import { patchDataSet, type JsonPatch } from '@qlik/api/data-sets';
import { apiCallForms } from '@/lib/api-call';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { startFilesTenant } from '@/test/tenant';
import { copiedRuns, lastEventOf as lastEventIn, snippetTypeErrors, userIdOf } from '@/test/copy-as';
import type { TestTenant } from '../../tenant/test/harness';
import { auditListApiCall } from '@/features/audit/copy-as';
import { listAuditsPage } from '@/features/audit/api/audits';
import { userListCall } from '@/features/users/api/api-calls';
import { listUsersPage } from '@/features/users/api/users';
import {
  addMemberCall,
  changeMemberCall,
  createSpaceCall,
  deleteSpaceCall,
  patchSpaceCall,
  removeMemberCall,
  spaceListCall,
} from '@/features/spaces/api/api-calls';
import { listSpacesPage } from '@/features/spaces/api/spaces';
import {
  connectionListCall,
  createConnectionCall,
  deleteConnectionCall,
  SECRET_PLACEHOLDER,
  updateConnectionCall,
} from '@/features/connections/api/api-calls';
import {
  createConnection,
  deleteConnection,
  getConnection,
  listConnectionsPage,
  updateConnection,
} from '@/features/connections/api/connections';
import { emptyFormValues, toPatchOps, type ConnectionFormValues } from '@/features/connections/model';
import {
  changeFileSpaceCall,
  deleteFileCall,
  fileListCall,
  moveFileCall,
  renameFileCall,
} from '@/features/data-files/api/api-calls';
import {
  changeSpace,
  deleteItem,
  duplicateItem,
  getItem,
  listFilesPage,
  moveToFolder,
  renameItem,
  spaceConnectionQuery,
} from '@/features/data-files/api/data-files';
import { listParamsOf, dataFilesSearchSchema } from '@/features/data-files/search';
import { dataSetListCall, patchDataSetCall } from '@/features/catalog/api/api-calls';
import { dataSetQuery, dataSetsQuery } from '@/features/catalog/api/data-sets';
import { scaledTimeout } from '../../tenant/test/timeouts';

/**
 * "Copy as…" for every kind of action: the copied curl runs against the local tenant, next to the console's own
 * call on a twin resource (or the same list view), and both must come out the same, down to the audit event they
 * record. Every copied @qlik/api snippet must type-check.
 */
let t: TestTenant;
let target: TenantTarget;
let token = '';
let spaceIds: Record<string, string> = {};
let stop = async () => {};
const { copied, curl } = copiedRuns(() => ({ token, target }));

beforeAll(async () => {
  ({ tenant: t, token, target, spaceIds, stop } = await startFilesTenant());
});

afterAll(() => stop());

const ids = (items: { id?: string; qID?: string }[] | undefined) =>
  (items ?? []).map((item) => item.id ?? item.qID);

const lastEventOf = (resourceId: string) => lastEventIn(target, resourceId);
const userId = (name: string) => userIdOf(t, token, name);

describe('list views copied with their filters', () => {
  it('answer the same rows as the console shows', async () => {
    const spaces = { type: 'shared' as const, name: 'a', sort: '-name' as const };
    expect(ids((await curl(spaceListCall(spaces))).body.data)).toEqual(
      ids((await listSpacesPage(target, spaces)).data),
    );

    const connections = { type: 'postgres' as const, sort: '+qName' as const };
    const copiedConnections = await curl(connectionListCall(connections));
    expect(copiedConnections.status).toBe(200);
    expect(ids(copiedConnections.body.data)).toEqual(
      ids((await listConnectionsPage(target, connections)).data),
    );

    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const salesData = spaceIds['Sales data']!;
    const connectionId = await queryClient.fetchQuery(spaceConnectionQuery(target, salesData));
    const files = listParamsOf(dataFilesSearchSchema.parse({ space: salesData, view: 'flat', q: 'csv' }));
    const copiedFiles = await curl(fileListCall(files, connectionId));
    const shownFiles = (await listFilesPage(target, files, connectionId)).data;
    expect(shownFiles.length).toBeGreaterThan(0);
    expect(ids(copiedFiles.body.data)).toEqual(ids(shownFiles));

    // by name: profiling in the background changes lastModifiedTime between two reads
    const sets = { sort: '-name' as const, page: 1, size: 25 };
    const shownSets = await queryClient.fetchQuery(dataSetsQuery(target, sets));
    expect(shownSets.dataSets.length).toBeGreaterThan(0);
    expect(ids((await curl(dataSetListCall(sets))).body.data)).toEqual(ids(shownSets.dataSets));

    const audits = { eventType: 'com.qlik.space.created' };
    expect(ids((await curl(auditListApiCall(audits))).body.data)).toEqual(
      ids((await listAuditsPage(target, audits)).data),
    );

    const users = { role: 'TenantAdmin', status: 'active' as const, sort: '-name' as const };
    const shownUsers = (await listUsersPage(target, users, undefined)).data ?? [];
    expect(shownUsers.length).toBeGreaterThan(0);
    expect(ids((await curl(userListCall(users))).body.data)).toEqual(ids(shownUsers));
  });
});

describe('actions copied from their dialogs and row menus', () => {
  it('space create, edit and delete do what the console did', async () => {
    const body = { type: 'shared' as const, name: 'Copied space', description: 'From curl' };
    const made = await curl(createSpaceCall(body));
    expect(made.status).toBe(201);
    const shown = (await createSpace({ ...body, name: 'Console space' }, apiOptions(target))).data;
    expect([made.body.type, made.body.description]).toEqual([shown.type, shown.description]);
    expect(await lastEventOf(made.body.id)).toEqual(await lastEventOf(shown.id));

    const patch = [{ op: 'replace' as const, path: '/description' as const, value: 'Edited' }];
    expect((await curl(patchSpaceCall(made.body.id, patch))).status).toBe(200);
    await patchSpace(shown.id, patch, apiOptions(target));
    expect(await lastEventOf(made.body.id)).toMatchObject({
      eventType: 'com.qlik.space.updated',
      changed: expect.arrayContaining(['description']),
    });
    expect(await lastEventOf(shown.id)).toEqual(await lastEventOf(made.body.id));

    const max = await userId('max');
    const member = { type: 'user' as const, assigneeId: max, roles: ['consumer' as const] };
    const added = await curl(addMemberCall(made.body.id, member));
    expect(added.status).toBe(201);
    const addedShown = (await createSpaceAssignment(shown.id, member, apiOptions(target))).data;
    expect([added.body.assigneeId, added.body.roles]).toEqual([addedShown.assigneeId, addedShown.roles]);

    const changed = await curl(changeMemberCall(made.body.id, added.body.id, ['producer']));
    expect(changed.status).toBe(200);
    const changedShown = (
      await updateSpaceAssignment(shown.id, addedShown.id!, { roles: ['producer'] }, apiOptions(target))
    ).data;
    expect(changed.body.roles).toEqual(changedShown.roles);
    expect(await lastEventOf(added.body.id)).toEqual(await lastEventOf(addedShown.id!));

    expect((await curl(removeMemberCall(made.body.id, added.body.id))).status).toBe(204);
    await deleteSpaceAssignment(shown.id, addedShown.id!, apiOptions(target));
    expect(await lastEventOf(added.body.id)).toEqual(await lastEventOf(addedShown.id!));

    expect((await curl(deleteSpaceCall(made.body.id))).status).toBe(204);
    await deleteSpace(shown.id, apiOptions(target));
    expect(await lastEventOf(made.body.id)).toEqual({ eventType: 'com.qlik.space.deleted', changed: [] });
    expect(await lastEventOf(shown.id)).toEqual(await lastEventOf(made.body.id));
  });

  it('connection create, edit and delete do what the console did; typed secrets are never copied', async () => {
    const values: ConnectionFormValues = {
      ...emptyFormValues('postgres', spaceIds['Sales data']!),
      qName: 'Copied warehouse',
      host: 'db.example.com',
      database: 'analytics',
      username: 'reporter',
      password: 'typed-secret-1',
    };
    const call = createConnectionCall(values);
    const forms = apiCallForms(target.host, call);
    for (const form of Object.values(forms)) {
      expect(form).not.toContain('typed-secret-1');
      expect(form).toContain(SECRET_PLACEHOLDER);
    }
    const made = await curl(call);
    expect(made.status).toBe(201);
    const shown = await createConnection(target, { ...values, qName: 'Console warehouse' });
    expect([made.body.space, made.body.qConnectStatement]).toEqual([shown.space, shown.qConnectStatement]);
    expect(await lastEventOf(made.body.qID)).toEqual(await lastEventOf(shown.qID));

    const edited = { ...values, host: 'db2.example.com', password: 'typed-secret-2' };
    const editCall = updateConnectionCall(made.body.qID, values, edited);
    expect(JSON.stringify(editCall)).not.toContain('typed-secret-2');
    expect((await curl(editCall)).status).toBe(204);
    await updateConnection(target, shown.qID, toPatchOps(values, edited));
    expect((await getConnection(target, made.body.qID)).qConnectStatement).toEqual(
      (await getConnection(target, shown.qID)).qConnectStatement,
    );
    expect(await lastEventOf(made.body.qID)).toEqual(await lastEventOf(shown.qID));

    expect((await curl(deleteConnectionCall(made.body.qID))).status).toBe(204);
    await deleteConnection(target, shown.qID);
    expect(await lastEventOf(made.body.qID)).toEqual({
      eventType: 'com.qlik.data-connection.deleted',
      changed: [],
    });
    expect(await lastEventOf(shown.qID)).toEqual(await lastEventOf(made.body.qID));
  });

  it('data file rename, move, change of space and delete do what the console did', async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const salesData = spaceIds['Sales data']!;
    const connectionId = await queryClient.fetchQuery(spaceConnectionQuery(target, salesData));
    const flat = listParamsOf(dataFilesSearchSchema.parse({ space: salesData, view: 'flat' }));
    const source = (await listFilesPage(target, flat, connectionId)).data.find(
      (f) => f.name === 'raw/orders.csv',
    )!;
    const copy = await duplicateItem(target, source, { connectionId, name: 'copied.csv' });
    const twin = await duplicateItem(target, source, { connectionId, name: 'console.csv' });

    const renamed = await curl(renameFileCall(copy, 'copied-renamed.csv'));
    expect(renamed.status).toBeLessThan(300);
    expect(renamed.body.name).toBe('raw/copied-renamed.csv');
    await renameItem(target, twin, 'console-renamed.csv');
    expect(await lastEventOf(copy.id)).toEqual(await lastEventOf(twin.id));

    const moved = await curl(moveFileCall(await getItem(target, copy.id), null));
    expect(moved.status).toBeLessThan(300);
    await moveToFolder(target, await getItem(target, twin.id), null);
    expect([(await getItem(target, copy.id)).name, (await getItem(target, twin.id)).name]).toEqual([
      'copied-renamed.csv',
      'console-renamed.csv',
    ]);
    expect(await lastEventOf(copy.id)).toEqual(await lastEventOf(twin.id));

    expect((await curl(changeFileSpaceCall(copy.id, null))).status).toBeLessThan(300);
    await changeSpace(target, twin.id, null);
    expect([
      (await getItem(target, copy.id)).spaceId ?? null,
      (await getItem(target, twin.id)).spaceId ?? null,
    ]).toEqual([null, null]);
    expect(await lastEventOf(copy.id)).toEqual(await lastEventOf(twin.id));

    expect((await curl(deleteFileCall(copy.id))).status).toBe(204);
    await deleteItem(target, twin.id);
    expect(await lastEventOf(copy.id)).toEqual({ eventType: 'com.qlik.datafile.deleted', changed: [] });
    expect(await lastEventOf(twin.id)).toEqual(await lastEventOf(copy.id));
  });

  it("data-set metadata edit does what the console's did", async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const [a, b] = (await queryClient.fetchQuery(dataSetsQuery(target, { sort: 'name', page: 1, size: 2 })))
      .dataSets;
    const edit = (version: number | undefined): JsonPatch[] => [
      { op: 'test', path: '/version', value: version ?? 0 },
      { op: 'replace', path: '/description', value: 'Copied edit' },
      { op: 'replace', path: '/tags', value: ['copied'] },
    ];
    expect((await curl(patchDataSetCall(a!.id!, edit(a!.version)))).status).toBeLessThan(300);
    await patchDataSet(b!.id!, edit(b!.version), apiOptions(target));
    const [after, twin] = await Promise.all([
      queryClient.fetchQuery({ ...dataSetQuery(target, a!.id!), staleTime: 0 }),
      queryClient.fetchQuery({ ...dataSetQuery(target, b!.id!), staleTime: 0 }),
    ]);
    expect([after.description, after.tags]).toEqual(['Copied edit', ['copied']]);
    expect([twin.description, twin.tags]).toEqual([after.description, after.tags]);
    expect(await lastEventOf(a!.id!)).toEqual(await lastEventOf(b!.id!));
  });
});

describe('copied @qlik/api TypeScript', () => {
  it(
    'type-checks for every kind of call copied above, and a wrong one is caught',
    { timeout: scaledTimeout(120) },
    () => {
      expect(copied.length).toBeGreaterThanOrEqual(19);
      const kinds = new Set(copied.map((call) => `${call.qlikApi.module}.${call.qlikApi.fn}`));
      expect(kinds.size).toBeGreaterThanOrEqual(18);
      expect(snippetTypeErrors(target.host, copied)).toEqual([]);
      const wrong = { ...copied[0]!, qlikApi: { ...copied[0]!.qlikApi, args: [{ limit: 'x' }] } };
      expect(snippetTypeErrors(target.host, [wrong])).not.toEqual([]);
    },
  );
});
