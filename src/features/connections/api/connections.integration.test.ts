import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInterceptor } from '@qlik/api/interceptors';
import type { TenantTarget } from '@/lib/qlik-host';
import { startConsoleTenant } from '@/test/tenant';
import type { TestTenant } from '../../../../tenant/test/harness';
import { emptyFormValues, type ConnectionFormValues } from '../model';
import {
  createConnection,
  deleteConnections,
  duplicateConnection,
  getConnection,
  listConnectionsPage,
  updateConnection,
} from './connections';

const PASSWORD = 'pg-integration-S3cret-5521';
const ROTATED = 'pg-integration-rotated-7730';

let t: TestTenant;
let target: TenantTarget;
let token = '';
/** Every response body the console's api functions received; none may carry a secret. */
const received: string[] = [];

beforeAll(async () => {
  ({ tenant: t, token, target } = await startConsoleTenant({ scope: 'user_default admin_classic' }));
  addInterceptor(async (request, proceed) => {
    const response = await proceed(request);
    received.push(JSON.stringify(response.data ?? null));
    return response;
  });
});

afterAll(async () => {
  await t?.stop();
});

describe('data connections through the console api functions', () => {
  it('creates, lists, edits, duplicates and batch-deletes, never receiving a secret', async () => {
    const spaces = await (
      await fetch(`${t.url}/api/v1/spaces?limit=100`, { headers: { authorization: `Bearer ${token}` } })
    ).json();
    const sales = (spaces.data as { id: string; name: string }[]).find((s) => s.name === 'Sales analytics')!;

    const values: ConnectionFormValues = {
      ...emptyFormValues('postgres', sales.id),
      qName: 'Integration warehouse',
      host: 'db.example.com',
      database: 'analytics',
      username: 'reporter',
      password: PASSWORD,
    };
    const created = await createConnection(target, values);
    expect(created.qName).toBe('Integration warehouse');
    expect(created.space).toBe(sales.id);
    expect(created.qConnectStatement).toContain('host=db.example.com');

    const listed = await listConnectionsPage(target, { spaceId: sales.id, sort: '+qName' });
    expect(listed.data?.map((c) => c.qName)).toContain('Integration warehouse');

    const filtered = await listConnectionsPage(target, {
      type: 'postgres',
      q: 'integration',
      sort: '+qName',
    });
    expect(filtered.data?.map((c) => c.qName)).toEqual(['Integration warehouse']);

    // Editing the host without the password is refused by the tenant; with it, the statement follows.
    await expect(
      updateConnection(target, created.qID, [
        { op: 'replace', path: '/connectionProperties/host', value: 'db2.example.com' },
      ]),
    ).rejects.toMatchObject({ status: 400 });
    await updateConnection(target, created.qID, [
      { op: 'replace', path: '/connectionProperties/host', value: 'db2.example.com' },
      { op: 'replace', path: '/connectionProperties/password', value: ROTATED },
    ]);
    const detail = await getConnection(target, created.qID);
    expect(detail.qConnectStatement).toContain('host=db2.example.com');
    expect(detail.connectionProperties).toMatchObject({ host: 'db2.example.com', username: 'reporter' });

    const copy = await duplicateConnection(target, { id: created.qID });
    expect(copy.qName).toBe('Integration warehouse - Copy');
    expect(copy.space).toBe(sales.id);

    const dataFiles = listed.data!.find((c) => c.qName === 'DataFiles')!;
    const results = await deleteConnections(target, [
      { id: created.qID },
      { id: copy.qID },
      { id: dataFiles.qID },
    ]);
    expect(results.map((r) => [r.id, r.status])).toEqual([
      [created.qID, 204],
      [copy.qID, 204],
      [dataFiles.qID, 403],
    ]);
    expect(results[2]!.error?.detail).toMatch(/DataFiles/);

    const after = await listConnectionsPage(target, { spaceId: sales.id, sort: '+qName' });
    expect(after.data?.map((c) => c.qID)).not.toContain(created.qID);
    expect(after.data?.map((c) => c.qID)).not.toContain(copy.qID);

    expect(received.length).toBeGreaterThan(5);
    for (const body of received) {
      expect(body).not.toContain(PASSWORD);
      expect(body).not.toContain(ROTATED);
    }
  });
});
