import type { ApiCall } from '@/lib/api-call';
import type { UserListParams } from '../model';
import { userListQuery } from './users';

/** What "Copy as…" copies for the users list: the same request the console sends. */
export function userListCall(params: UserListParams): ApiCall {
  const query = userListQuery(params);
  return {
    method: 'GET',
    path: 'users',
    query,
    qlikApi: { module: 'users', fn: 'getUsers', args: [query] },
  };
}
