import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { apiCallForms, apiScriptForms, type ApiCall } from '@/lib/api-call';
import { QueryClient } from '@tanstack/react-query';
import type { TenantTarget } from '@/lib/qlik-host';
import { listFilesPage, spaceConnectionQuery } from '@/features/data-files/api/data-files';
import { dataFilesSearchSchema, listParamsOf } from '@/features/data-files/search';
import { listAuditsPage } from '@/features/audit/api/audits';
import { typeErrors } from '../../tenant/test/type-check';
import type { TestTenant } from '../../tenant/test/harness';

/**
 * What the "Copy as…" tests share: the copied curl run as an admin would run it (token in the environment, never
 * in the command), the audit event a change recorded, and the type-check of every copied @qlik/api snippet.
 */
const run = promisify(execFile);

// The tenant's answers are read as the shapes the assertions name; a wrong shape fails the assertion.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Answer = { status: number; body: any };

export interface CopiedRuns {
  /** Every call copied so far, for the type-check. */
  copied: ApiCall[];
  /** Every script (a hand-over, a rotation) copied so far. */
  scripts: ApiCall[][];
  /** Runs the copied curl of one call; answers its status and JSON body. */
  curl(call: ApiCall): Promise<Answer>;
  /**
   * Runs the copied curl script of several calls; answers its exit code (0 only when every call succeeded, unless
   * the script goes on past a refused call, as a batch's does).
   */
  curlScript(calls: ApiCall[], options?: { eachOnItsOwn?: boolean }): Promise<number>;
}

export function copiedRuns(env: () => { token: string; target: TenantTarget }): CopiedRuns {
  const copied: ApiCall[] = [];
  const scripts: ApiCall[][] = [];
  const shell = (script: string) =>
    run('sh', ['-c', script], {
      env: { PATH: process.env.PATH, QLIK_TOKEN: env().token },
      maxBuffer: 16 * 1024 * 1024,
    });
  const safe = (form: string) => {
    expect(form).not.toContain(env().token);
    expect(form).toContain('$QLIK_TOKEN');
  };
  return {
    copied,
    scripts,
    async curl(call) {
      copied.push(call);
      const forms = apiCallForms(env().target.host, call);
      safe(forms.curl);
      const { stdout } = await shell(`${forms.curl} -w '\\n%{http_code}'`);
      const cut = stdout.lastIndexOf('\n');
      const text = stdout.slice(0, cut);
      return { status: Number(stdout.slice(cut + 1)), body: text ? JSON.parse(text) : undefined };
    },
    async curlScript(calls, options) {
      scripts.push(calls);
      const forms = apiScriptForms(env().target.host, calls, options);
      safe(forms.curl);
      try {
        await shell(forms.curl);
        return 0;
      } catch (error) {
        return (error as { code?: number }).code ?? -1;
      }
    },
  };
}

/** What a change recorded: the newest event whose data names the resource, by type and the fields it changed. */
export async function lastEventOf(target: TenantTarget, resourceId: string) {
  const page = await listAuditsPage(target, {});
  const event = page.data?.find((e) => (e.data as { id?: string } | undefined)?.id === resourceId);
  const updates = (event?.extensions as { updates?: Record<string, unknown> } | undefined)?.updates;
  return { eventType: event?.eventType, changed: Object.keys(updates ?? {}).sort() };
}

/** The newest event types that mention a resource anywhere (data or extensions), newest first. */
export async function eventTypesAbout(target: TenantTarget, resourceId: string, count = 1) {
  const page = await listAuditsPage(target, {});
  const types = (page.data ?? [])
    .filter((e) => JSON.stringify([e.data, e.extensions]).includes(resourceId))
    .slice(0, count)
    .map((e) => e.eventType);
  expect(types, `the newest ${count} event(s) about ${resourceId}`).toHaveLength(count);
  return types;
}

export async function userIdOf(tenant: TestTenant, token: string, name: string): Promise<string> {
  const response = await fetch(`${tenant.url}/api/v1/users?limit=100`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const users = (await response.json()).data as { id: string; name: string }[];
  return users.find((u) => u.name.toLowerCase().startsWith(name))!.id;
}

/**
 * The compiler's messages for every copied @qlik/api snippet, in one program: each snippet's imports at the top,
 * its body in a function of its own.
 */
export function snippetTypeErrors(host: string, calls: ApiCall[], scripts: ApiCall[][] = []): string[] {
  const imports = new Set<string>();
  const bodies: string[] = [];
  const snippets = [
    ...calls.map((call) => apiCallForms(host, call).typescript),
    ...scripts.map((script) => apiScriptForms(host, script).typescript),
  ];
  for (const [index, snippet] of snippets.entries()) {
    const lines = snippet.split('\n');
    lines.filter((line) => line.startsWith('import ')).forEach((line) => imports.add(line));
    bodies.push(
      `export async function snippet${index}() {\n${lines.filter((line) => !line.startsWith('import ')).join('\n')}\n}`,
    );
  }
  return typeErrors([...imports, ...bodies].join('\n'), 'src/test/__copied-snippets__.ts', ['node']);
}

/** The copied call and the console's recorded the same event, and a real one. */
export async function expectSameEvent(target: TenantTarget, copiedId: string, shownId: string) {
  const event = await lastEventOf(target, copiedId);
  expect(event.eventType).toMatch(/^com\.qlik\./);
  expect(await lastEventOf(target, shownId)).toEqual(event);
}

/** The demo's raw/orders.csv in a space, with the space's DataFiles connection: the source of test copies. */
export async function ordersCsvIn(target: TenantTarget, spaceId: string) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const connectionId = await queryClient.fetchQuery(spaceConnectionQuery(target, spaceId));
  const flat = listParamsOf(dataFilesSearchSchema.parse({ space: spaceId, view: 'flat' }));
  const source = (await listFilesPage(target, flat, connectionId)).data.find(
    (f) => f.name === 'raw/orders.csv',
  )!;
  return { connectionId, source };
}
