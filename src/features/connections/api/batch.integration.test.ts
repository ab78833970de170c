import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInterceptor } from '@qlik/api/interceptors';
import { countOutcomes, runBatch } from '@/lib/batch-runner';
import type { TenantTarget } from '@/lib/qlik-host';
import { startConsoleTenant } from '@/test/tenant';
import type { TestTenant } from '../../../../tenant/test/harness';
import { emptyFormValues } from '../model';
import { DELETE_CHUNK, connectionsMatching, decideDelete, deleteConnectionsChunk } from './batch';
import { createConnection, listConnectionsPage, PAGE_SIZE } from './connections';
import { scaledTimeout } from '../../../../tenant/test/timeouts';

let t: TestTenant;
let target: TenantTarget;
let token = '';
/** The console's batch deletes, as the tenant saw them. */
const deletes: number[] = [];

beforeAll(async () => {
  ({ tenant: t, token, target } = await startConsoleTenant({ scope: 'user_default admin_classic' }));
  addInterceptor(async (request, proceed) => {
    if (request.pathTemplate === '/api/v1/data-connections/actions/delete')
      deletes.push((request.body as { connections: unknown[] }).connections.length);
    return proceed(request);
  });
});

afterAll(async () => {
  await t?.stop();
});

describe('a batch delete over every connection matching a filter', () => {
  it(
    'reads every page, skips what may not be deleted, and deletes the rest in chunks with per-item results',
    { timeout: scaledTimeout(60) },
    async () => {
      const spaces = await (
        await fetch(`${t.url}/api/v1/spaces?limit=100`, { headers: { authorization: `Bearer ${token}` } })
      ).json();
      const sales = (spaces.data as { id: string; name: string }[]).find(
        (s) => s.name === 'Sales analytics',
      )!;
      // More than a page of the list, and more than one chunk of actions/delete.
      const count = PAGE_SIZE + 12;
      for (let i = 0; i < count; i++) {
        await createConnection(target, {
          ...emptyFormValues('rest', sales.id),
          qName: `Bulk ${String(i).padStart(3, '0')}`,
          url: 'https://api.example.com/items',
        });
      }
      const params = { spaceId: sales.id, sort: '+qName' as const };
      const pages: number[] = [];
      const result = await runBatch({
        items: (async function* () {
          for await (const page of connectionsMatching(target, params)) {
            pages.push(page.length);
            yield page;
          }
        })(),
        idOf: (c) => c.qID,
        nameOf: (c) => c.qName,
        decide: (c) => decideDelete(c, true),
        chunkSize: DELETE_CHUNK,
        run: (chunk) => deleteConnectionsChunk(target, chunk),
      });

      expect(pages.length).toBeGreaterThan(1);
      const counts = countOutcomes(result.outcomes);
      // The space's DataFiles connection is built in: skipped by the console, with the reason.
      const datafiles = result.outcomes.find((o) => o.status === 'skipped');
      expect(datafiles?.message).toMatch(/DataFiles connections/);
      expect(counts.skipped).toBe(1);
      expect(counts.failed).toBe(0);
      expect(counts.done).toBeGreaterThanOrEqual(count);
      expect(deletes.length).toBeGreaterThanOrEqual(2);
      expect(Math.max(...deletes)).toBeLessThanOrEqual(DELETE_CHUNK);
      const left = await listConnectionsPage(target, params);
      expect(left.data?.map((c) => c.qName)).toEqual([expect.stringMatching(/DataFiles/)]);
    },
  );

  it('reports each connection the tenant refused, not the chunk', async () => {
    const ghost = { qID: '00000000-0000-4000-8000-000000000000', qName: 'Ghost' };
    const results = await deleteConnectionsChunk(target, [ghost as never]);
    expect(results.get(ghost.qID)).toMatchObject({ status: 'failed', message: expect.any(String) });
  });
});
