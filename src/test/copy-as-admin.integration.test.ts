import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSpace, getSpace } from '@qlik/api/spaces';
import { deleteUser, getUser, patchUser } from '@qlik/api/users';
import { getGroup, patchGroup } from '@qlik/api/groups';
import {
  createOAuthClient,
  createOAuthClientSecret,
  deleteOAuthClient,
  deleteOAuthClientSecret,
  getOAuthClient,
  patchOAuthClient,
} from '@qlik/api/oauth-clients';
import { createApiKey, deleteApiKey, getApiKeysConfig, patchApiKeysConfig } from '@qlik/api/api-keys';
import { apiCallForms, type ApiCall } from '@/lib/api-call';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { startFilesTenant } from '@/test/tenant';
import {
  copiedRuns,
  eventTypesAbout,
  expectSameEvent as expectSameEventIn,
  ordersCsvIn,
  snippetTypeErrors,
  userIdOf,
} from '@/test/copy-as';
import type { TestTenant } from '../../tenant/test/harness';
import {
  changeFileOwnerCall,
  createFolderCall,
  duplicateFileCall,
} from '@/features/data-files/api/api-calls';
import { changeOwner, createFolder, duplicateItem, getItem } from '@/features/data-files/api/data-files';
import type { DataFile } from '@/features/data-files/model';
import { duplicateConnectionCall } from '@/features/connections/api/api-calls';
import { createConnection, duplicateConnection, getConnection } from '@/features/connections/api/connections';
import { emptyFormValues } from '@/features/connections/model';
import { deleteUserCall, handOverCalls, patchGroupCall, patchUserCall } from '@/features/users/api/api-calls';
import { rolesPatch, statusPatch, transferOwnedContent } from '@/features/users/api/users';
import { groupRolesPatch } from '@/features/users/api/groups';
import {
  createClientCall,
  deleteClientCall,
  deleteSecretCall,
  createSecretCall,
  patchClientCall,
  rotateSecretCalls,
  confirmDeleteHeaders,
} from '@/features/oauth-clients/api/api-calls';
import { toCreateRequest } from '@/features/oauth-clients/model';
import { DEFAULT_CLIENT_SCOPES } from '@/features/oauth-clients/scopes';
import { createKeyCall, deleteKeyCall, patchKeysConfigCall } from '@/features/api-keys/api/api-calls';
import { configPatch } from '@/features/api-keys/api/api-keys';
import { scaledTimeout } from '../../tenant/test/timeouts';

/**
 * "Copy as…" for the actions added after the first round (data-file folders, copies and owners, connection
 * copies, users, groups, OAuth clients, API keys; batches are in copy-as-batches.integration.test.ts): the copied curl runs against the local tenant next to the
 * console's own call on a twin resource, and both must come out the same, down to the audit event they record.
 * Actions made of several calls (a content hand-over, a secret rotation) are copied as a script and run whole.
 */
let t: TestTenant;
let target: TenantTarget;
let token = '';
let spaceIds: Record<string, string> = {};
let stop = async () => {};
const { copied, scripts, curl, curlScript } = copiedRuns(() => ({ token, target }));

beforeAll(async () => {
  ({ tenant: t, token, target, spaceIds, stop } = await startFilesTenant());
});

afterAll(() => stop());

async function read<T>(path: string): Promise<T> {
  const response = await fetch(`${t.url}/api/v1/${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

const expectSameEvent = (copiedId: string, shownId: string) => expectSameEventIn(target, copiedId, shownId);
const salesFiles = () => ordersCsvIn(target, spaceIds['Sales data']!);

describe('data-file and connection actions copied from their dialogs', () => {
  it('new folder, duplicate and change of owner do what the console did', async () => {
    const { connectionId, source } = await salesFiles();

    const folder = await curl(createFolderCall({ connectionId, folder: 'raw', name: 'copied-folder' }));
    expect(folder.status).toBe(201);
    const shownFolder = await createFolder(target, { connectionId, folder: 'raw', name: 'console-folder' });
    expect([folder.body.name, folder.body.folder]).toEqual(['raw/copied-folder', true]);
    expect([shownFolder.name, shownFolder.folder]).toEqual(['raw/console-folder', true]);
    await expectSameEvent(folder.body.id, shownFolder.id);

    const copy = await curl(duplicateFileCall(source, { connectionId, name: 'raw/copied-copy.csv' }));
    expect(copy.status).toBe(201);
    const twin = await duplicateItem(target, source, { connectionId, name: 'raw/console-copy.csv' });
    expect([copy.body.size, copy.body.folderId]).toEqual([twin.size, twin.folderId]);
    await expectSameEvent(copy.body.id, twin.id);

    const max = await userIdOf(t, token, 'max');
    expect((await curl(changeFileOwnerCall(copy.body.id, max))).status).toBeLessThan(300);
    await changeOwner(target, twin.id, max);
    expect([(await getItem(target, copy.body.id)).ownerId, (await getItem(target, twin.id)).ownerId]).toEqual(
      [max, max],
    );
    await expectSameEvent(copy.body.id, twin.id);
  });

  it('connection duplicate does what the console did', async () => {
    const made = await createConnection(target, {
      ...emptyFormValues('postgres', spaceIds['Sales data']!),
      qName: 'Warehouse to copy',
      host: 'db.example.com',
      database: 'analytics',
      username: 'reporter',
      password: 'typed-secret',
    });
    const copy = await curl(duplicateConnectionCall({ id: made.qID }));
    expect(copy.status).toBe(201);
    const twin = await duplicateConnection(target, { id: made.qID });
    const [copied, shown] = [
      await getConnection(target, copy.body.qID),
      await getConnection(target, twin.qID),
    ];
    expect([copied.space, copied.qConnectStatement]).toEqual([shown.space, shown.qConnectStatement]);
    await expectSameEvent(copy.body.qID, twin.qID);
  });
});

describe('user and group actions copied from their pages and dialogs', () => {
  const newUser = async (name: string) =>
    (await (
      await fetch(`${t.url}/api/v1/users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ subject: `copy-as|${name}`, name, email: `${name}@example.com` }),
      })
    ).json()) as { id: string };

  it('roles edit, disable, enable and delete do what the console did', async () => {
    const roles = (await read<{ data: { id: string; name: string }[] }>('roles?limit=100')).data;
    const picked = roles.filter((r) => ['DataAdmin', 'AuditAdmin'].includes(r.name)).map((r) => r.id);
    expect(picked).toHaveLength(2);
    const [copiedUser, twin] = [await newUser('copied-user'), await newUser('console-user')];

    expect((await curl(patchUserCall(copiedUser.id, rolesPatch(picked)))).status).toBe(204);
    await patchUser(twin.id, rolesPatch(picked), apiOptions(target));
    const roleNames = async (id: string) =>
      ((await getUser(id, {}, apiOptions(target))).data.assignedRoles ?? []).map((r) => r.name).sort();
    expect(await roleNames(copiedUser.id)).toEqual(['AuditAdmin', 'DataAdmin']);
    expect(await roleNames(twin.id)).toEqual(await roleNames(copiedUser.id));
    expect(await eventTypesAbout(target, copiedUser.id)).toEqual(await eventTypesAbout(target, twin.id));

    for (const status of ['disabled', 'active'] as const) {
      expect((await curl(patchUserCall(copiedUser.id, statusPatch(status)))).status).toBe(204);
      await patchUser(twin.id, statusPatch(status), apiOptions(target));
      expect((await getUser(copiedUser.id, {}, apiOptions(target))).data.status).toBe(status);
      expect((await getUser(twin.id, {}, apiOptions(target))).data.status).toBe(status);
    }

    expect((await curl(deleteUserCall(copiedUser.id))).status).toBe(204);
    await deleteUser(twin.id, apiOptions(target));
    expect(await eventTypesAbout(target, copiedUser.id)).toEqual(['com.qlik.v1.user.deleted']);
    expect(await eventTypesAbout(target, twin.id)).toEqual(['com.qlik.v1.user.deleted']);
  });

  it('the copied hand-over script gives the content away as the console does', async () => {
    const { connectionId, source } = await salesFiles();
    const salesData = spaceIds['Sales data']!;
    const owned = async (label: string) => {
      const space = (
        await createSpace({ type: 'shared', name: `${label} hand-over`, description: '' }, apiOptions(target))
      ).data;
      const connection = await createConnection(target, {
        ...emptyFormValues('postgres', salesData),
        qName: `${label} hand-over`,
        host: 'db.example.com',
        database: 'analytics',
        username: 'reporter',
        password: 'typed-secret',
      });
      const file: DataFile = await duplicateItem(target, source, {
        connectionId,
        name: `raw/${label}-handover.csv`,
      });
      return {
        spaces: [{ id: space.id, name: space.name }],
        dataConnections: [{ id: connection.qID, name: connection.qName }],
        dataFiles: [{ id: file.id, name: file.name }],
      };
    };
    const [viaScript, viaConsole] = [await owned('copied'), await owned('console')];
    const max = await userIdOf(t, token, 'max');

    const calls = handOverCalls(viaScript, max);
    expect(calls.map((c) => `${c.method} ${c.path.split('/')[0]}`)).toEqual([
      'PATCH spaces',
      'POST data-connections',
      'POST data-files',
    ]);
    expect(await curlScript(calls)).toBe(0);
    await transferOwnedContent(target, viaConsole, max);

    for (const content of [viaScript, viaConsole]) {
      expect((await getSpace(content.spaces[0]!.id, apiOptions(target))).data.ownerId).toBe(max);
      expect((await getConnection(target, content.dataConnections[0]!.id)).user).toBe(max);
      expect((await getItem(target, content.dataFiles[0]!.id)).ownerId).toBe(max);
    }
    for (const kind of ['spaces', 'dataConnections', 'dataFiles'] as const)
      expect(await eventTypesAbout(target, viaScript[kind][0]!.id)).toEqual(
        await eventTypesAbout(target, viaConsole[kind][0]!.id),
      );
  });

  it('a copied script stops at the first refused call', async () => {
    const refused = handOverCalls(
      {
        spaces: [{ id: 'no-such-space', name: 'x' }],
        dataConnections: [],
        dataFiles: [{ id: 'never', name: 'y' }],
      },
      'nobody',
    );
    expect(await curlScript(refused)).not.toBe(0);
  });

  it('group roles edit does what the console did', async () => {
    const groups = (await read<{ data: { id: string; name: string }[] }>('groups?limit=100')).data;
    expect(groups.length).toBeGreaterThanOrEqual(2);
    const [a, b] = groups;
    const roles = (await read<{ data: { id: string; name: string }[] }>('roles?limit=100')).data;
    const picked = roles
      .filter((r) => r.name === 'AnalyticsAdmin' || r.name === 'DataAdmin')
      .map((r) => r.id);
    expect((await curl(patchGroupCall(a!.id, groupRolesPatch(picked)))).status).toBe(204);
    await patchGroup(b!.id, groupRolesPatch(picked), apiOptions(target));
    const roleNames = async (id: string) =>
      ((await getGroup(id, apiOptions(target))).data.assignedRoles ?? []).map((r) => r.name).sort();
    expect(await roleNames(a!.id)).toEqual(
      roles
        .filter((r) => picked.includes(r.id))
        .map((r) => r.name)
        .sort(),
    );
    expect(await roleNames(b!.id)).toEqual(await roleNames(a!.id));
    expect(await eventTypesAbout(target, a!.id)).toEqual(await eventTypesAbout(target, b!.id));
  });
});

describe('OAuth client and API key actions copied from their dialogs', () => {
  const serverClient = (name: string) =>
    toCreateRequest({
      kind: 'web',
      clientName: name,
      description: 'Nightly export',
      redirectUris: '',
      allowedOrigins: '',
      machineToMachine: true,
      allowedScopes: DEFAULT_CLIENT_SCOPES,
    });

  it('client create, edit, secrets (new, rotate, delete) and delete do what the console did', async () => {
    const made = await curl(createClientCall(serverClient('Copied client')));
    expect(made.status).toBe(201);
    const shown = (await createOAuthClient(serverClient('Console client'), apiOptions(target))).data;
    expect([made.body.appType, made.body.allowedScopes]).toEqual([shown.appType, shown.allowedScopes]);
    // the tenant's first secret comes in the answer to the copied call, never in the copied command
    expect(typeof made.body.clientSecret).toBe('string');
    for (const form of Object.values(apiCallForms(target.host, createClientCall(serverClient('x')))))
      expect(form).not.toContain(made.body.clientSecret);
    const [copiedId, shownId] = [made.body.clientId as string, shown.clientId];
    expect(await eventTypesAbout(target, copiedId)).toEqual(await eventTypesAbout(target, shownId));

    const changes = [{ op: 'replace' as const, path: '/description' as const, value: 'Edited' }];
    expect((await curl(patchClientCall(copiedId, changes))).status).toBeLessThan(300);
    await patchOAuthClient(shownId, changes, apiOptions(target));
    const client = async (id: string) => (await getOAuthClient(id, apiOptions(target))).data;
    expect((await client(copiedId)).description).toBe('Edited');
    expect(await eventTypesAbout(target, copiedId)).toEqual(await eventTypesAbout(target, shownId));

    const secret = await curl(createSecretCall(copiedId));
    expect(secret.status).toBe(201);
    await createOAuthClientSecret(shownId, apiOptions(target));
    const hints = async (id: string) => ((await client(id)).clientSecrets ?? []).map((s) => s.hint);
    expect(await hints(copiedId)).toHaveLength(2);
    expect(await hints(shownId)).toHaveLength(2);

    const [oldCopied, oldShown] = [(await hints(copiedId))[0]!, (await hints(shownId))[0]!];
    expect(await curlScript(rotateSecretCalls(copiedId, oldCopied))).toBe(0);
    await createOAuthClientSecret(shownId, apiOptions(target));
    await deleteOAuthClientSecret(shownId, oldShown, apiOptions(target));
    expect(await hints(copiedId)).toHaveLength(2);
    expect(await hints(copiedId)).not.toContain(oldCopied);
    expect(await hints(shownId)).not.toContain(oldShown);
    expect(await eventTypesAbout(target, copiedId, 2)).toEqual(await eventTypesAbout(target, shownId, 2));

    const [lastCopied, lastShown] = [(await hints(copiedId))[0]!, (await hints(shownId))[0]!];
    expect((await curl(deleteSecretCall(copiedId, lastCopied))).status).toBe(204);
    await deleteOAuthClientSecret(shownId, lastShown, apiOptions(target));
    expect(await hints(copiedId)).toHaveLength(1);

    const remove = deleteClientCall(copiedId);
    expect(apiCallForms(target.host, remove).curl).toContain(`'qlik-confirm-delete: ${copiedId}'`);
    expect((await curl({ ...remove, headers: {} })).status).toBe(400);
    expect((await curl(remove)).status).toBe(204);
    await deleteOAuthClient(shownId, { ...apiOptions(target), headers: confirmDeleteHeaders(shownId) });
    expect(await eventTypesAbout(target, copiedId)).toEqual(['com.qlik.v1.oauth-client.deleted']);
    expect(await eventTypesAbout(target, shownId)).toEqual(['com.qlik.v1.oauth-client.deleted']);
  });

  it('API key create, delete and the settings do what the console did', async () => {
    const body = { description: 'Copied key', expiry: 'PT12H' };
    const made = await curl(createKeyCall(body));
    expect(made.status).toBe(201);
    expect(typeof made.body.token).toBe('string');
    const shown = (await createApiKey({ ...body, description: 'Console key' }, apiOptions(target))).data;
    expect(made.body.expiry).toBeDefined();
    expect(await eventTypesAbout(target, made.body.id)).toEqual(await eventTypesAbout(target, shown.id));

    expect((await curl(deleteKeyCall(made.body.id))).status).toBe(204);
    await deleteApiKey(shown.id, apiOptions(target));
    expect(await eventTypesAbout(target, made.body.id)).toEqual(['com.qlik.api-key.deleted']);
    expect(await eventTypesAbout(target, shown.id)).toEqual(['com.qlik.api-key.deleted']);

    const tenantId = (await read<{ id: string }>('tenants/me')).id;
    const config = { max_api_key_expiry: 'P90D', max_keys_per_user: 7 };
    expect((await curl(patchKeysConfigCall(tenantId, config))).status).toBeLessThan(300);
    expect((await getApiKeysConfig(tenantId, apiOptions(target))).data).toMatchObject(config);
    const back = { max_api_key_expiry: 'PT24H', max_keys_per_user: 5 };
    await patchApiKeysConfig(tenantId, configPatch(back), apiOptions(target));
    expect((await getApiKeysConfig(tenantId, apiOptions(target))).data).toMatchObject(back);
  });
});

describe('copied @qlik/api TypeScript of these actions', () => {
  it('type-checks, scripts included', { timeout: scaledTimeout(120) }, () => {
    const kinds = new Set(copied.map((call: ApiCall) => `${call.qlikApi.module}.${call.qlikApi.fn}`));
    expect(kinds.size).toBeGreaterThanOrEqual(12);
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    expect(snippetTypeErrors(target.host, copied, scripts)).toEqual([]);
  });
});
