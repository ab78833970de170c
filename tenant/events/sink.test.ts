// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, signIn, startTenant, type TestTenant } from '../test/harness';
import { dataFilesConnectionOfSpace } from '../store/data-files';
import type { ChangeEvent, EventSink } from './sink';

/**
 * Every change passes one place where its event is recorded, inside the change's own transaction: the seeds and
 * each write endpoint record what they changed, while the change's transaction is open, as the user who made it;
 * a sink that fails takes the change with it.
 */

interface Recorded {
  event: ChangeEvent;
  inTransaction: boolean | undefined;
}

let t: TestTenant;
let token = '';
let adaId = '';
let maxId = '';
const recorded: Recorded[] = [];
/** Event types the sink refuses (to show that a refused record rolls its change back). */
const refuse = new Set<string>();
const sink: EventSink = {
  record(event) {
    if (refuse.has(event.type)) throw new Error(`refused ${event.type}`);
    // The database is known once the tenant has started; seeds record before that.
    recorded.push({ event, inTransaction: t ? t.db.inTransaction : undefined });
  },
};

const json = (method: string, body: unknown, contentType = 'application/json') => ({
  method,
  headers: { 'content-type': contentType },
  body: JSON.stringify(body),
});

/** The events one call records; the call must answer `status`. */
async function eventsOf(status: number, path: string, init: RequestInit = {}): Promise<{ body: unknown; events: ChangeEvent[] }> {
  const from = recorded.length;
  const response = await api(t, token, path, init);
  const text = await response.text();
  expect(response.status, `${init.method ?? 'GET'} ${path}: ${text.slice(0, 300)}`).toBe(status);
  const since = recorded.slice(from);
  for (const r of since) expect(r.inTransaction, r.event.type).toBe(true);
  return { body: text ? (JSON.parse(text) as unknown) : undefined, events: since.map((r) => r.event) };
}

const typesOf = (events: ChangeEvent[]) => events.map((e) => e.type);

function upload(name: string, connectionId: string, content = 'a,b\n1,2\n') {
  const form = new FormData();
  form.append('File', new Blob([content]), name);
  form.append('Json', JSON.stringify({ name, connectionId }));
  return { method: 'POST', body: form };
}

beforeAll(async () => {
  t = await startTenant({ events: sink });
  token = (await signIn(t, 'ada', 'user_default admin_classic')).access_token;
  const me = (await (await api(t, token, '/api/v1/users/me')).json()) as { id: string };
  adaId = me.id;
  maxId = (t.db.prepare("SELECT id FROM users WHERE email = 'max@example.com'").get() as { id: string }).id;
});

afterAll(async () => {
  await t?.stop();
});

describe('change events', () => {
  it('are recorded by the seeds, through the services the API uses', () => {
    const counts: Record<string, number> = {};
    for (const { event } of recorded) counts[event.type] = (counts[event.type] ?? 0) + 1;
    expect(counts).toEqual({
      'com.qlik.space.created': 6,
      'com.qlik.space.assignment.created': 7,
      'com.qlik.data-connection.created': 5,
      // 8 demo files and the 4 folders their names make
      'com.qlik.datafile.created': 12,
      // the 4 demo apps and their scripts
      'com.qlik.v1.app.created': 4,
      'com.qlik.v1.app.script.updated': 4,
      // Ada's sign-in in beforeAll, recorded like any change
      'com.qlik.user-session.begin': 1,
    });
    expect(recorded.every((r) => r.event.actorId)).toBe(true);
  });

  it('are recorded for every change of a space, its members, connections, files, temp contents and data sets', async () => {
    const space = await eventsOf(201, '/api/v1/spaces', json('POST', { name: 'Audited', type: 'shared' }));
    expect(space.events).toMatchObject([{ type: 'com.qlik.space.created', actorId: adaId, resourceType: 'space' }]);
    const spaceId = (space.body as { id: string }).id;
    expect(space.events[0]!).toMatchObject({ resourceId: spaceId, spaceId, data: { name: 'Audited', type: 'shared' } });

    const patched = await eventsOf(
      200,
      `/api/v1/spaces/${spaceId}`,
      json('PATCH', [{ op: 'replace', path: '/description', value: 'audited' }]),
    );
    expect(typesOf(patched.events)).toEqual(['com.qlik.space.updated']);

    const member = await eventsOf(
      201,
      `/api/v1/spaces/${spaceId}/assignments`,
      json('POST', { type: 'user', assigneeId: maxId, roles: ['consumer'] }),
    );
    expect(member.events).toMatchObject([
      { type: 'com.qlik.space.assignment.created', spaceId, data: { assigneeId: maxId, roles: ['consumer'] } },
    ]);
    const assignment = `/api/v1/spaces/${spaceId}/assignments/${(member.body as { id: string }).id}`;
    expect(typesOf((await eventsOf(200, assignment, json('PUT', { roles: ['producer'] }))).events)).toEqual([
      'com.qlik.space.assignment.updated',
    ]);
    expect(typesOf((await eventsOf(204, assignment, { method: 'DELETE' })).events)).toEqual([
      'com.qlik.space.assignment.deleted',
    ]);

    const connection = await eventsOf(
      201,
      '/api/v1/data-connections',
      json('POST', {
        qName: 'Audited warehouse',
        datasourceID: 'postgres',
        space: spaceId,
        connectionProperties: { host: 'db.example.com', database: 'x', username: 'u', password: 'secret-pw' },
      }),
    );
    expect(connection.events).toMatchObject([{ type: 'com.qlik.data-connection.created', spaceId }]);
    expect(JSON.stringify(connection.events)).not.toContain('secret-pw');
    const connectionId = (connection.body as { qID: string }).qID;
    const renamed = await eventsOf(
      204,
      `/api/v1/data-connections/${connectionId}`,
      json('PATCH', [{ op: 'replace', path: '/qName', value: 'Audited source' }]),
    );
    expect(renamed.events).toMatchObject([{ type: 'com.qlik.data-connection.updated', data: { name: 'Audited source' } }]);
    const copy = await eventsOf(201, '/api/v1/data-connections/actions/duplicate', json('POST', { id: connectionId }));
    expect(typesOf(copy.events)).toEqual(['com.qlik.data-connection.created']);
    const copyId = (copy.body as { qID: string }).qID;
    const bulk = await eventsOf(207, '/api/v1/data-connections/actions/delete', json('POST', { connections: [{ id: copyId }] }));
    expect(bulk.events).toMatchObject([{ type: 'com.qlik.data-connection.deleted', resourceId: copyId }]);
    expect(typesOf((await eventsOf(204, `/api/v1/data-connections/${connectionId}`, { method: 'DELETE' })).events)).toEqual([
      'com.qlik.data-connection.deleted',
    ]);

    const dataFiles = dataFilesConnectionOfSpace(t.db, spaceId)!.id;
    const file = await eventsOf(201, '/api/v1/data-files', upload('in/audited.csv', dataFiles));
    expect(file.events.map((e) => [e.type, e.data.name])).toEqual([
      ['com.qlik.datafile.created', 'in'],
      ['com.qlik.datafile.created', 'in/audited.csv'],
    ]);
    const fileId = (file.body as { id: string }).id;
    const rename = new FormData();
    rename.append('Json', JSON.stringify({ name: 'renamed.csv', folderId: null }));
    const put = await eventsOf(201, `/api/v1/data-files/${fileId}`, { method: 'PUT', body: rename });
    expect(put.events).toMatchObject([{ type: 'com.qlik.datafile.moved', data: { name: 'renamed.csv', previous: { name: 'in/audited.csv' } } }]);
    const moved = await eventsOf(204, `/api/v1/data-files/${fileId}/actions/change-space`, json('POST', { spaceId: null }));
    expect(moved.events).toMatchObject([{ type: 'com.qlik.datafile.moved', spaceId: null, data: { previous: { spaceId } } }]);
    expect(typesOf((await eventsOf(204, `/api/v1/data-files/${fileId}`, { method: 'DELETE' })).events)).toEqual([
      'com.qlik.datafile.deleted',
    ]);
    const folder = t.db.prepare("SELECT id FROM data_files WHERE space_id = ? AND name = 'in'").get(spaceId) as { id: string };
    expect(typesOf((await eventsOf(204, `/api/v1/data-files/${folder.id}`, { method: 'DELETE' })).events)).toEqual([
      'com.qlik.datafile.deleted',
    ]);

    const temp = await eventsOf(201, '/api/v1/temp-contents?filename=audited.csv', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: 'a,b\n1,2\n',
    });
    expect(temp.events).toMatchObject([{ type: 'com.qlik.temp-content.created', data: { name: 'audited.csv', size: 8 } }]);

    const set = t.db
      .prepare("SELECT ds.id FROM data_sets ds JOIN spaces s ON s.id = ds.space_id WHERE s.name = 'Sales data' LIMIT 1")
      .get() as { id: string };
    const described = await eventsOf(
      200,
      `/api/v1/data-sets/${set.id}`,
      json('PATCH', [{ op: 'replace', path: '/description', value: 'audited' }], 'application/json-patch+json'),
    );
    expect(described.events).toMatchObject([{ type: 'com.qlik.data-set.updated', resourceId: set.id, data: { description: 'audited' } }]);

    const deleted = await eventsOf(204, `/api/v1/spaces/${spaceId}`, { method: 'DELETE' });
    expect(deleted.events).toMatchObject([{ type: 'com.qlik.space.deleted', resourceId: spaceId, data: { name: 'Audited' } }]);
  });

  it('that cannot be recorded take their change with them', async () => {
    refuse.add('com.qlik.space.created');
    try {
      const response = await api(t, token, '/api/v1/spaces', json('POST', { name: 'Never kept', type: 'shared' }));
      expect(response.status).toBe(500);
    } finally {
      refuse.clear();
    }
    expect(t.db.prepare("SELECT COUNT(*) AS n FROM spaces WHERE name = 'Never kept'").get()).toEqual({ n: 0 });
    expect(t.db.prepare("SELECT COUNT(*) AS n FROM data_connections WHERE connect_statement LIKE '%Never kept%'").get()).toEqual({
      n: 0,
    });

    refuse.add('com.qlik.datafile.created');
    try {
      const personal = await api(t, token, '/api/v1/data-files', upload('never-kept.csv', ''));
      expect(personal.status).toBe(500);
    } finally {
      refuse.clear();
    }
    expect(t.db.prepare("SELECT COUNT(*) AS n FROM data_files WHERE name = 'never-kept.csv'").get()).toEqual({ n: 0 });
  });
});
