import { describe, expect, it } from 'vitest';
import type { User } from '@qlik/api/users';
import { userRights, usersFilter, usersSearchSchema } from './model';

describe('usersFilter', () => {
  it('ANDs the text, role and status, each status clause in its own group as Qlik requires', () => {
    expect(usersFilter({ q: 'ad"a', role: 'TenantAdmin', status: 'active' })).toBe(
      '(name co "ad\\"a" or email co "ad\\"a") and assignedRoles.name eq "TenantAdmin" and (status eq "active")',
    );
    expect(usersFilter({})).toBeUndefined();
  });
});

describe('usersSearchSchema', () => {
  it('keeps valid filters and drops what the URL got wrong', () => {
    expect(usersSearchSchema.parse({ role: 'DataAdmin', status: 'nope', sort: '-email' })).toEqual({
      role: 'DataAdmin',
      status: undefined,
      q: undefined,
      sort: '-email',
    });
    expect(usersSearchSchema.parse({ sort: 'password' }).sort).toBe('name');
  });
});

describe('userRights', () => {
  const admin = { userId: 'ada', isTenantAdmin: true, has: () => true };
  const ada = { id: 'ada', assignedRoles: [{ id: 'r', name: 'TenantAdmin' }] } as unknown as User;
  const rita = { id: 'rita', assignedRoles: [] } as unknown as User;

  it('lets a TenantAdmin change others but not disable, delete or demote herself', () => {
    expect(userRights(admin, rita).disable.allowed).toBe(true);
    expect(userRights(admin, ada).disable).toEqual({
      allowed: false,
      reason: expect.stringMatching(/yourself/),
    });
    expect(userRights(admin, ada).delete.allowed).toBe(false);
    expect(userRights(admin, ada).removeOwnAdmin.allowed).toBe(false);
  });

  it('says why a member cannot, and why an admin token without admin.users cannot', () => {
    const member = { userId: 'max', isTenantAdmin: false, has: () => true };
    expect(userRights(member, rita).editRoles).toEqual({
      allowed: false,
      reason: 'Only a TenantAdmin can change users.',
    });
    const narrow = { ...admin, has: (scope: string) => scope !== 'admin.users' };
    expect(userRights(narrow, rita).disable.reason).toMatch(/admin\.users/);
  });
});
