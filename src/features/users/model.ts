import { z } from 'zod/mini';
import type { User } from '@qlik/api/users';
import type { Permission } from '@/components/guarded-action';
import { scimString } from '@/lib/scim';

export const USER_STATUSES = ['active', 'invited', 'disabled', 'provisioned'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const STATUS_LABELS: Record<UserStatus, string> = {
  active: 'Active',
  invited: 'Invited',
  disabled: 'Disabled',
  provisioned: 'Provisioned',
};

export const USER_SORTS = ['name', '-name', 'email', '-email', 'createdAt', '-createdAt'] as const;
export type UserSort = (typeof USER_SORTS)[number];

/** The users list's filters and sort, as they live in the URL (`/users?role=TenantAdmin&status=active`). */
export const usersSearchSchema = z.object({
  q: z.catch(z.optional(z.string().check(z.maxLength(200))), undefined),
  role: z.catch(z.optional(z.string().check(z.maxLength(200))), undefined),
  status: z.catch(z.optional(z.enum(USER_STATUSES)), undefined),
  sort: z.catch(z._default(z.enum(USER_SORTS), 'name'), 'name'),
});
export type UsersSearch = z.output<typeof usersSearchSchema>;
export const USERS_SEARCH_DEFAULTS = { sort: 'name' } as const satisfies Partial<UsersSearch>;

export type UserListParams = Pick<UsersSearch, 'q' | 'role' | 'status' | 'sort'>;

export const userListParamsOf = ({ q, role, status, sort }: UsersSearch): UserListParams => ({
  ...(q ? { q } : {}),
  ...(role ? { role } : {}),
  ...(status ? { status } : {}),
  sort,
});

/**
 * The SCIM filter of the list. Qlik wants status clauses grouped and ANDed to the whole query, so each part is
 * its own parenthesised conjunct.
 */
export function usersFilter(params: Pick<UserListParams, 'q' | 'role' | 'status'>): string | undefined {
  const parts: string[] = [];
  if (params.q) parts.push(`(name co ${scimString(params.q)} or email co ${scimString(params.q)})`);
  if (params.role) parts.push(`assignedRoles.name eq ${scimString(params.role)}`);
  if (params.status) parts.push(`(status eq ${scimString(params.status)})`);
  return parts.length ? parts.join(' and ') : undefined;
}

export const statusLabel = (status: string | undefined) =>
  (status && STATUS_LABELS[status as UserStatus]) || status || '—';

export const isTenantAdminUser = (user: Pick<User, 'assignedRoles'>) =>
  (user.assignedRoles ?? []).some((r) => r.name === 'TenantAdmin');

/** Who asks: their id, and whether they administer users (TenantAdmin with admin.users). */
export interface PeopleCaller {
  userId: string;
  isTenantAdmin: boolean;
  has: (scope: string) => boolean;
}

const canAdminister = (caller: PeopleCaller): Permission =>
  !caller.isTenantAdmin
    ? { allowed: false, reason: 'Only a TenantAdmin can change users.' }
    : !caller.has('admin.users')
      ? { allowed: false, reason: 'Sign in again with a scope preset that includes admin.users.' }
      : { allowed: true };

/** What the caller may do to one user, each refusal with its reason. */
export function userRights(caller: PeopleCaller, user: User) {
  const admin = canAdminister(caller);
  const self = user.id === caller.userId;
  const ownAdmin = self && isTenantAdminUser(user);
  return {
    editRoles: admin,
    disable: !admin.allowed
      ? admin
      : self
        ? { allowed: false, reason: 'You cannot disable yourself: ask another TenantAdmin.' }
        : { allowed: true },
    enable: admin,
    delete: !admin.allowed
      ? admin
      : self
        ? { allowed: false, reason: 'You cannot delete yourself: ask another TenantAdmin.' }
        : { allowed: true },
    /** Taking TenantAdmin from oneself would lock one out of this page. */
    removeOwnAdmin: ownAdmin
      ? { allowed: false, reason: 'You cannot remove your own TenantAdmin role: ask another TenantAdmin.' }
      : { allowed: true },
  } satisfies Record<string, Permission>;
}

export const groupRights = (caller: PeopleCaller) => ({
  editRoles: canAdminister(caller).allowed
    ? ({ allowed: true } as Permission)
    : { allowed: false, reason: 'Only a TenantAdmin can change the roles of groups.' },
});
