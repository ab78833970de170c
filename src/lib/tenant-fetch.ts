import { getAccessToken } from '@qlik/api/auth';
import type { HttpError } from './api-error';
import { hostConfigFor, type TenantTarget } from './qlik-host';

/**
 * GET of a tenant endpoint @qlik/api has no function for (the local tenant's own, such as a data set's schema
 * versions), with the Bearer token of the console's @qlik/api auth module. A failure throws the same shape as
 * @qlik/api's errors (`status`, `headers`, `data`), so describeError explains it like any other.
 */
export async function getTenantJson<T>(tenant: TenantTarget, path: string, signal?: AbortSignal): Promise<T> {
  const token = await getAccessToken({ hostConfig: hostConfigFor(tenant) });
  const response = await fetch(new URL(path, tenant.host), {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    credentials: 'omit',
    mode: 'cors',
    cache: 'no-store',
    ...(signal ? { signal } : {}),
  });
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!response.ok) {
    const error = new Error(`${response.status} ${response.statusText}`) as HttpError;
    error.status = response.status;
    error.headers = response.headers;
    error.data = data;
    throw error;
  }
  return data as T;
}
