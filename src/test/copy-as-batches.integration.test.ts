import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSpace, createSpaceAssignment, getSpaceAssignments } from '@qlik/api/spaces';
import { apiOptions, type TenantTarget } from '@/lib/qlik-host';
import { startFilesTenant } from '@/test/tenant';
import {
  copiedRuns,
  expectSameEvent as expectSameEventIn,
  lastEventOf,
  ordersCsvIn,
  snippetTypeErrors,
  userIdOf,
} from '@/test/copy-as';
import type { TestTenant } from '../../tenant/test/harness';
import { changeSpaceOfFilesCalls, deleteFilesCalls } from '@/features/data-files/api/api-calls';
import {
  changeSpaceOfItems,
  deleteItems,
  duplicateItem,
  getItem,
  moveToFolder,
} from '@/features/data-files/api/data-files';
import { deleteConnectionsCalls } from '@/features/connections/api/api-calls';
import { createConnection, deleteConnections } from '@/features/connections/api/connections';
import { emptyFormValues } from '@/features/connections/model';
import { addMemberCall, deleteSpaceCall } from '@/features/spaces/api/api-calls';
import { scaledTimeout } from '../../tenant/test/timeouts';

/**
 * "Copy batch as…": a batch over picked rows copied as a script of the console's calls (in its chunks), run
 * against the local tenant next to the console's own batch on twin rows. Like the console's batch, the script
 * goes on past a refused call, and both must end the same, down to the audit events.
 */
let t: TestTenant;
let target: TenantTarget;
let token = '';
let spaceIds: Record<string, string> = {};
let stop = async () => {};
const { scripts, curlScript } = copiedRuns(() => ({ token, target }));

beforeAll(async () => {
  ({ tenant: t, token, target, spaceIds, stop } = await startFilesTenant());
});

afterAll(() => stop());

const expectSameEvent = (copiedId: string, shownId: string) => expectSameEventIn(target, copiedId, shownId);
const salesFiles = () => ordersCsvIn(target, spaceIds['Sales data']!);

describe('batches copied as a script of their calls', () => {
  it('a data-file batch delete and move, and a connection batch delete, do what the console did', async () => {
    const { connectionId, source } = await salesFiles();
    // only items at the root of a space change space: the copies are moved there first
    const copies = async (label: string) =>
      Promise.all(
        ['a', 'b', 'c'].map(async (n) => {
          const copy = await duplicateItem(target, source, { connectionId, name: `${label}-batch-${n}.csv` });
          return moveToFolder(target, copy, null);
        }),
      );
    const [viaScript, viaConsole] = [await copies('copied'), await copies('console')];

    const move = changeSpaceOfFilesCalls(
      viaScript.slice(0, 2).map((f) => f.id),
      null,
    );
    expect(await curlScript(move, { eachOnItsOwn: true })).toBe(0);
    await changeSpaceOfItems(
      target,
      viaConsole.slice(0, 2).map((f) => f.id),
      null,
    );
    for (const files of [viaScript, viaConsole])
      for (const file of files.slice(0, 2))
        expect((await getItem(target, file.id)).spaceId ?? null).toBeNull();
    await expectSameEvent(viaScript[0]!.id, viaConsole[0]!.id);

    // a refused item (no such file) is answered on its own; the batch goes on with the rest
    const remove = deleteFilesCalls([...viaScript.map((f) => f.id), 'no-such-file']);
    expect(await curlScript(remove, { eachOnItsOwn: true })).toBe(0);
    const results = await deleteItems(target, [...viaConsole.map((f) => f.id), 'no-such-file']);
    expect(results.map((r) => r.status)).toEqual([204, 204, 204, 404]);
    for (const files of [viaScript, viaConsole]) {
      const left = await Promise.allSettled(files.map((file) => getItem(target, file.id)));
      expect(left.map((l) => l.status)).toEqual(['rejected', 'rejected', 'rejected']);
    }
    await expectSameEvent(viaScript[2]!.id, viaConsole[2]!.id);

    const connections = async (label: string) =>
      Promise.all(
        ['a', 'b'].map((n) =>
          createConnection(target, {
            ...emptyFormValues('postgres', spaceIds['Sales data']!),
            qName: `${label} batch ${n}`,
            host: 'db.example.com',
            database: 'analytics',
            username: 'reporter',
            password: 'typed-secret',
          }),
        ),
      );
    const [copiedConnections, shownConnections] = [await connections('copied'), await connections('console')];
    const pick = (list: { qID: string; qName: string }[]) => list.map((c) => ({ id: c.qID, name: c.qName }));
    expect(await curlScript(deleteConnectionsCalls(pick(copiedConnections)), { eachOnItsOwn: true })).toBe(0);
    await deleteConnections(target, pick(shownConnections));
    await expectSameEvent(copiedConnections[0]!.qID, shownConnections[0]!.qID);
    expect((await lastEventOf(target, copiedConnections[1]!.qID)).eventType).toBe(
      'com.qlik.data-connection.deleted',
    );
  });

  it("a space batch (add a member, delete) goes on past a refused space, as the console's batch does", async () => {
    const made = async (name: string) =>
      (await createSpace({ type: 'shared', name, description: '' }, apiOptions(target))).data.id;
    const [a, b] = [await made('Copied batch a'), await made('Copied batch b')];
    const max = await userIdOf(t, token, 'max');
    const member = { type: 'user' as const, assigneeId: max, roles: ['consumer' as const] };
    // b has Max already: its call is refused (409), and the script goes on to a
    await createSpaceAssignment(b, member, apiOptions(target));
    expect(
      await curlScript(
        [b, a].map((id) => addMemberCall(id, member)),
        { eachOnItsOwn: true },
      ),
    ).toBe(0);
    const members = async (id: string) =>
      ((await getSpaceAssignments(id, {}, apiOptions(target))).data.data ?? []).map((m) => m.assigneeId);
    expect(await members(a)).toContain(max);

    expect(await curlScript([a, b].map(deleteSpaceCall), { eachOnItsOwn: true })).toBe(0);
    for (const id of [a, b])
      expect(await lastEventOf(target, id)).toEqual({ eventType: 'com.qlik.space.deleted', changed: [] });
  });

  it("a batch spanning several requests is sent in the console's chunks", () => {
    const ids = Array.from({ length: 250 }, (_, n) => `file-${n}`);
    expect(
      deleteFilesCalls(ids).map((call) => (call.body as { json: { delete: unknown[] } }).json.delete.length),
    ).toEqual([100, 100, 50]);
  });
});

describe('copied @qlik/api TypeScript of the batches', () => {
  it('type-checks', { timeout: scaledTimeout(120) }, () => {
    expect(scripts.length).toBeGreaterThanOrEqual(5);
    expect(snippetTypeErrors(target.host, [], scripts)).toEqual([]);
  });
});
