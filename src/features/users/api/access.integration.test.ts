import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { addInterceptor } from '@qlik/api/interceptors';
import type { TenantTarget } from '@/lib/qlik-host';
import { spaceIdsByName, startConsoleTenant } from '@/test/tenant';
import { api, type TestTenant } from '../../../../tenant/test/harness';
import { describeSource, type SpaceAccessExplanation } from '../explain';
import { accessSubjectQuery, scanUserAccess, spaceAccessQuery, spaceMembersAccessQuery } from './access';
import { scaledTimeout } from '../../../../tenant/test/timeouts';

/**
 * Explain access against the real local tenant, through the documented endpoints only: owner, direct assignment,
 * a group's assignment, a tenant role, and no access, for one space and across every space.
 */
let t: TestTenant;
let target: TenantTarget;
let token = '';
let spaces: Record<string, string> = {};
const ids: Record<string, string> = {};
const paths: string[] = [];

const sourcesOf = (explanation: SpaceAccessExplanation) => explanation.reach.map(describeSource);
const rolesOf = (explanation: SpaceAccessExplanation) =>
  Object.fromEntries(explanation.roles.map((r) => [r.role, r.sources.map(describeSource)]));

beforeAll(async () => {
  ({
    tenant: t,
    target,
    token,
  } = await startConsoleTenant({
    user: 'ada',
    scope: 'user_default admin_classic',
    targetId: 'explain-access',
  }));
  spaces = await spaceIdsByName(t, token);
  for (const who of ['ada', 'max', 'rita']) {
    const filter = encodeURIComponent(`email eq "${who}@example.com"`);
    const body = (await (await api(t, token, `/api/v1/users?filter=${filter}`)).json()) as {
      data: { id: string }[];
    };
    ids[who] = body.data[0]!.id;
  }
  addInterceptor(async (request, proceed) => {
    paths.push(request.pathTemplate);
    return proceed(request);
  });
  // Starting a tenant and signing in takes seconds on a busy machine.
}, scaledTimeout(30));

afterAll(async () => {
  await t?.stop();
});

const explain = (who: string, space: string) =>
  new QueryClient().fetchQuery(spaceAccessQuery(target, ids[who]!, spaces[space]!));

describe('one user, one space', () => {
  it('owner: every assignable role, from ownership', async () => {
    const marketing = await explain('max', 'Marketing sandbox');
    expect(marketing.reachable).toBe(true);
    expect(sourcesOf(marketing)).toEqual(['owner']);
    expect(rolesOf(marketing).facilitator).toEqual(['owner']);
    expect(Object.keys(rolesOf(marketing)).sort()).toEqual([
      'codeveloper',
      'consumer',
      'dataconsumer',
      'facilitator',
      'producer',
    ]);
  });

  it('direct assignment: the assigned roles only', async () => {
    const sales = await explain('max', 'Sales analytics');
    expect(sourcesOf(sales)).toEqual(['direct assignment']);
    expect(rolesOf(sales)).toEqual({ producer: ['direct assignment'] });
  });

  it('a group, named, for a member of that group', async () => {
    const salesData = await explain('max', 'Sales data');
    expect(sourcesOf(salesData)).toEqual(['group Data engineers']);
    expect(rolesOf(salesData)).toEqual({ producer: ['group Data engineers'] });
  });

  it('a tenant role: TenantAdmin reaches a space she neither owns nor is assigned to', async () => {
    const marketing = await explain('ada', 'Marketing sandbox');
    expect(marketing.reachable).toBe(true);
    expect(sourcesOf(marketing)).toEqual(['tenant role TenantAdmin']);
    expect(marketing.roles).toEqual([]);
  });

  it('no access: says what was checked, naming the assigned groups and the user’s own', async () => {
    const finance = await explain('max', 'Finance');
    expect(finance.reachable).toBe(false);
    expect(finance.refusal).toBe(
      'No access: not the owner, not assigned, in no assigned group (assigned: Finance analysts; Max Member is in Data engineers, Everyone), no tenant role that grants it (TenantAdmin would).',
    );
  });

  it('a role given both directly and through a group lists both sources; a new group assignment counts at once', async () => {
    const group = (await (
      await api(t, token, '/api/v1/groups?filter=' + encodeURIComponent('name eq "Data engineers"'))
    ).json()) as { data: { id: string }[] };
    const added = await api(t, token, `/api/v1/spaces/${spaces['Sales analytics']}/assignments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'group', assigneeId: group.data[0]!.id, roles: ['producer', 'consumer'] }),
    });
    expect(added.status).toBe(201);
    const sales = await explain('max', 'Sales analytics');
    expect(sourcesOf(sales)).toEqual(['direct assignment', 'group Data engineers']);
    expect(rolesOf(sales)).toEqual({
      consumer: ['group Data engineers'],
      producer: ['direct assignment', 'group Data engineers'],
    });
    const assignment = (await added.json()) as { id: string };
    await api(t, token, `/api/v1/spaces/${spaces['Sales analytics']}/assignments/${assignment.id}`, {
      method: 'DELETE',
    });
  });
});

describe('one user, every space', () => {
  it('finds exactly the spaces Max reaches, without reading the assignments of the ones he owns', async () => {
    const subject = await new QueryClient().fetchQuery(accessSubjectQuery(target, ids.max!));
    paths.length = 0;
    const found: SpaceAccessExplanation[] = [];
    let checked = 0;
    let total: number | undefined;
    for await (const chunk of scanUserAccess(target, subject)) {
      if (chunk.kind === 'total') total = chunk.total;
      if (chunk.kind === 'checked') {
        checked += chunk.count;
        found.push(...chunk.reachable);
      }
    }
    expect(checked).toBe(total);
    expect(Object.fromEntries(found.map((e) => [e.space.name, sourcesOf(e)]))).toEqual({
      'Marketing sandbox': ['owner'],
      'Sales analytics': ['direct assignment'],
      'Sales data': ['group Data engineers'],
    });
    const assignmentReads = paths.filter((p) => p === '/api/v1/spaces/{spaceId}/assignments').length;
    expect(assignmentReads).toBe(total! - 1);
  });

  it('a TenantAdmin reaches every space, with her own roles where she owns one', async () => {
    const subject = await new QueryClient().fetchQuery(accessSubjectQuery(target, ids.ada!));
    const found: SpaceAccessExplanation[] = [];
    let total = 0;
    for await (const chunk of scanUserAccess(target, subject)) {
      if (chunk.kind === 'total') total = chunk.total;
      if (chunk.kind === 'checked') found.push(...chunk.reachable);
    }
    expect(found).toHaveLength(total);
    const finance = found.find((e) => e.space.name === 'Finance')!;
    expect(sourcesOf(finance)).toEqual(['owner', 'tenant role TenantAdmin']);
  });
});

describe("a space's members", () => {
  it('explains each member: the owner, direct users and the members of an assigned group', async () => {
    const members = await new QueryClient().fetchQuery(
      spaceMembersAccessQuery(target, spaces['Finance']!, true),
    );
    expect(Object.fromEntries(members.map((m) => [m.user.name, sourcesOf(m.explanation)]))).toEqual({
      'Ada Admin': ['owner', 'tenant role TenantAdmin'],
      'Katherine Johnson': ['group Finance analysts'],
      'Rita Reader': ['group Finance analysts'],
    });
  });
});
