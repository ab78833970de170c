import { describe, expect, it } from 'vitest';
import type { User } from '@qlik/api/users';
import { describeSource, explainSpaceAccess, subjectOf } from './explain';

const max = {
  id: 'max',
  name: 'Max',
  assignedRoles: [],
  assignedGroups: [{ id: 'g-admins', name: 'Admins', assignedRoles: [{ id: 'r', name: 'TenantAdmin' }] }],
} as unknown as User;
const space = { id: 's', name: 'Finance', type: 'shared' as const, ownerId: 'ada' };

describe('explainSpaceAccess', () => {
  it('names the group through which a tenant role reaches the space, and Everyone counts for all', () => {
    const subject = subjectOf(max, { id: 'everyone', name: 'Everyone' });
    const explained = explainSpaceAccess(subject, space, [
      { type: 'group', assigneeId: 'everyone', roles: ['consumer'] },
    ]);
    expect(explained.reach.map(describeSource)).toEqual([
      'group Everyone',
      'tenant role TenantAdmin (through group Admins)',
    ]);
    expect(explained.roles).toEqual([
      { role: 'consumer', sources: [{ kind: 'group', groupId: 'everyone', groupName: 'Everyone' }] },
    ]);
  });

  it('says so when no group is assigned at all', () => {
    const rita = subjectOf({
      id: 'rita',
      name: 'Rita',
      assignedRoles: [],
      assignedGroups: [],
    } as unknown as User);
    const explained = explainSpaceAccess(rita, space, [
      { type: 'user', assigneeId: 'max', roles: ['consumer'] },
    ]);
    expect(explained.reachable).toBe(false);
    expect(explained.refusal).toBe(
      'No access: not the owner, not assigned, no group is assigned to the space, no tenant role that grants it (TenantAdmin would).',
    );
  });
});
