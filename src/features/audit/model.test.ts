import { describe, expect, it } from 'vitest';
import type { AuditEvent } from './api/audits';
import {
  canReadAudits,
  changesOf,
  concernsResource,
  describeType,
  inActivity,
  inSpace,
  resourceLink,
} from './model';
import { auditSearchSchema, listParamsOf } from './search';

const event = (over: Partial<AuditEvent>): AuditEvent => ({
  id: 'e1',
  eventType: 'com.qlik.space.updated',
  eventTime: '2026-12-03T10:00:00.000Z',
  data: { id: 'space-1', name: 'Sales' },
  extensions: { spaceId: 'space-1' },
  ...over,
});

describe('audit events in the console', () => {
  it('read the resource and verb from Qlik names, legacy, v1 and core alike', () => {
    expect(describeType('com.qlik.space.assignment.created')).toEqual({
      resource: 'space.assignment',
      verb: 'created',
    });
    expect(describeType('com.qlik.v1.user.deleted')).toEqual({ resource: 'user', verb: 'deleted' });
    expect(describeType('com.qlik.core.user.updated')).toEqual({ resource: 'user', verb: 'updated' });
  });

  it('show updates as before/after rows, and link to the resource unless it was deleted', () => {
    const updated = event({
      extensions: {
        spaceId: 'space-1',
        updates: { name: { old: 'Old', new: 'Sales' }, tags: { old: null, new: ['a'] } },
      },
    });
    expect(changesOf(updated)).toEqual([
      { field: 'name', before: 'Old', after: 'Sales' },
      { field: 'tags', before: '—', after: '["a"]' },
    ]);
    expect(changesOf(event({}))).toEqual([]);
    expect(resourceLink(updated)).toEqual({ to: '/spaces/$spaceId', params: { spaceId: 'space-1' } });
    expect(resourceLink(event({ eventType: 'com.qlik.space.deleted' }))).toBeUndefined();
    expect(
      resourceLink(event({ eventType: 'com.qlik.datafile.created', data: { id: 'f1' }, extensions: {} })),
    ).toEqual({ to: '/data-files' });
  });

  it('match a resource by id, its space or part of its name, and a space by its events and its content', () => {
    const file = event({
      eventType: 'com.qlik.datafile.created',
      data: { id: 'f1', name: 'in/orders.csv' },
      extensions: { spaceId: 'space-1' },
    });
    expect(concernsResource(file, 'f1')).toBe(true);
    expect(concernsResource(file, 'ORDERS')).toBe(true);
    expect(concernsResource(file, 'space-1')).toBe(true);
    expect(concernsResource(file, 'space-2')).toBe(false);
    expect(inSpace(file, 'space-1')).toBe(true);
    expect(
      inSpace(event({ data: { id: 'a1' }, extensions: { topLevelResourceId: 'space-2' } }), 'space-2'),
    ).toBe(true);
    expect(inSpace(file, 'space-2')).toBe(false);
  });

  it("are in a resource's Activity when about it (a space's also when about what is in it, a user's when by them)", () => {
    const file = event({
      eventType: 'com.qlik.datafile.updated',
      userId: 'u1',
      data: { id: 'f1' },
      extensions: { spaceId: 'space-1' },
    });
    expect(inActivity(file, 'data-file', 'f1')).toBe(true);
    expect(inActivity(file, 'data-file', 'f2')).toBe(false);
    expect(inActivity(file, 'space', 'space-1')).toBe(true);
    expect(inActivity(file, 'connection', 'space-1')).toBe(false);
    expect(inActivity(file, 'user', 'u1')).toBe(true);
    expect(inActivity(file, 'data-file', 'u1')).toBe(false);
    const child = event({ data: { id: 'x' }, extensions: { topLevelResourceId: 'c1' } });
    expect(inActivity(child, 'connection', 'c1')).toBe(true);
  });

  it('are read by tenant admins and Audit Admins', () => {
    expect(canReadAudits(['TenantAdmin'])).toBe(true);
    expect(canReadAudits(['AuditAdmin'])).toBe(true);
    expect(canReadAudits(['SharedSpaceCreator'])).toBe(false);
  });

  it('keep their filters in the URL, dropping values that are not valid', () => {
    const search = auditSearchSchema.parse({
      type: 'com.qlik.space.created',
      user: 'u1',
      from: '2026-12-01T00:00:00.000Z',
      to: 'not a time',
      live: 'yes',
    });
    expect(search).toEqual({ type: 'com.qlik.space.created', user: 'u1', from: '2026-12-01T00:00:00.000Z' });
    expect(listParamsOf(search)).toEqual({
      eventType: 'com.qlik.space.created',
      userId: 'u1',
      from: '2026-12-01T00:00:00.000Z',
    });
  });
});
