// @vitest-environment node
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, signIn } from './test/harness';
import type { TenantServer } from './server';
import { DEMO_ACCOUNTS } from './seed/demo';
import { scaledTimeout } from './test/timeouts';

const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const dataDir = mkdtempSync(join(tmpdir(), 'tenant-cli-'));
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts the tenant as `npm run tenant` does and resolves with its URL once it says it is ready. */
function startCli(args: string[]): Promise<string> {
  child = spawn(tsx, ['tenant/main.ts', '--port', '0', '--data', dataDir, '--quiet', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child!.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /Local tenant ready at (\S+)/.exec(out);
      if (ready) resolve(ready[1]!);
    });
    child!.once('exit', (code) => reject(new Error(`tenant exited with ${code}: ${out}`)));
  });
}

describe('the tenant command line', () => {
  it(
    'sets the per-user upload quota: an upload past it gets 413 DF-016',
    { timeout: scaledTimeout(60) },
    async () => {
      const url = await startCli(['--upload-quota', '2KB']);
      const tenant = { url, demoAccounts: DEMO_ACCOUNTS } as unknown as TenantServer;
      const token = (await signIn(tenant, 'rita', 'user_default')).access_token;
      const quota = (await (await api(tenant, token, '/api/v1/data-files/quotas')).json()) as {
        maxSize: number;
        size: number;
      };
      expect(quota.maxSize).toBe(2000);
      const send = (name: string, size: number) => {
        const form = new FormData();
        form.append('File', new Blob(['x'.repeat(size)]), name);
        form.append('Json', JSON.stringify({ name }));
        return api(tenant, token, '/api/v1/data-files', { method: 'POST', body: form });
      };
      const over = await send('over.csv', 2000 - quota.size + 1);
      expect(over.status).toBe(413);
      expect(((await over.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe('DF-016');
    },
  );

  it('refuses a size it cannot read, saying how to write one', { timeout: scaledTimeout(30) }, () => {
    const result = spawnSync(tsx, ['tenant/main.ts', '--upload-quota', 'lots', '--data', dataDir], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      '--upload-quota must be a size in bytes or with a unit (e.g. 50MB, 1GiB), not lots',
    );
  });
});
