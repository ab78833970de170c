import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { TenantTarget } from '@/lib/qlik-host';
import { startConsoleTenant } from '@/test/tenant';
import type { TestTenant } from '../../../tenant/test/harness';
import { typeErrors } from '../../../tenant/test/type-check';
import { listAuditsPage, type AuditListParams } from './api/audits';
import { auditListCall } from './copy-as';
import { scaledTimeout } from '../../../tenant/test/timeouts';

let t: TestTenant;
let target: TenantTarget;
let token = '';

beforeAll(async () => {
  ({ tenant: t, token, target } = await startConsoleTenant({ scope: 'user_default admin_classic' }));
});

afterAll(async () => {
  await t?.stop();
});

describe('the audit log copied as an API call', () => {
  const views: AuditListParams[] = [
    {},
    { eventType: 'com.qlik.space.created' },
    { eventType: 'com.qlik.datafile.created', from: '2000-01-01T00:00:00.000Z', to: '2999-01-01T00:00:00.000Z' },
  ];

  it('as curl answers what the console showed, and never holds the token', async () => {
    for (const view of views) {
      const forms = auditListCall(target.host, view);
      expect(forms.curl).not.toContain(token);
      expect(forms.curl).toContain('$QLIK_TOKEN');
      // Asynchronously: the tenant answering it runs in this process.
      const { stdout } = await promisify(execFile)('sh', ['-c', forms.curl], { env: { PATH: process.env.PATH, QLIK_TOKEN: token } });
      const copied = JSON.parse(stdout) as { data: { id: string }[] };
      const shown = await listAuditsPage(target, view);
      expect(copied.data.map((e) => e.id), JSON.stringify(view)).toEqual(shown.data!.map((e) => e.id));
      expect(copied.data.length).toBeGreaterThan(0);
    }
  });

  it('as @qlik/api TypeScript type-checks, and as qlik-cli names the same parameters', () => {
    for (const view of views) {
      const forms = auditListCall(target.host, view);
      expect(typeErrors(forms.typescript, 'src/features/audit/__copied-snippet__.ts', ['node'])).toEqual([]);
      if (view.eventType) expect(forms.qlikCli).toContain(`--eventType '${view.eventType}'`);
      expect(forms.qlikCli).toMatch(/^qlik audit ls .*--server '/);
    }
    // A snippet that would not compile is caught.
    expect(typeErrors('import { getAudits } from "@qlik/api/audits"; getAudits({ limit: "x" });', 'src/x.ts', ['node'])).not.toEqual([]);
  }, scaledTimeout(120));
});
