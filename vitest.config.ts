import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { scaledTimeout } from './tenant/test/timeouts';

const alias = { '@': fileURLToPath(new URL('./src', import.meta.url)) };

/**
 * Test files share their worker's module graph (isolate: false): re-importing React, Mantine and the tenant for each
 * of 109 files took two thirds of the run. A file that replaces a module or a global (vi.mock, vi.stubGlobal…) would
 * leak it into the files after it, or miss modules already loaded before it, so those few still get a graph of their
 * own. Found by reading the files, so a new test that mocks is isolated without anyone keeping a list.
 */
function replacingTests(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.test\.tsx?$/.test(file))
    .map((file) => `${dir}/${file.replaceAll('\\', '/')}`)
    .filter((file) => /\bvi\.(mock|doMock|stubGlobal|stubEnv)\(/.test(readFileSync(file, 'utf8')));
}

const consoleProject: TestProjectInlineConfiguration = {
  plugins: [react()],
  resolve: { alias },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    restoreMocks: true,
    // Typing through user-event in jsdom takes seconds on a busy 2-core machine; the default 5 s
    // failed tests that were only slow. A hang is still caught.
    testTimeout: scaledTimeout(20),
    // Integration tests start a local tenant before their tests: 10 s (the default) was too short in the background.
    hookTimeout: scaledTimeout(30),
  },
};
const tenantProject: TestProjectInlineConfiguration = {
  test: { environment: 'node', testTimeout: scaledTimeout(20), hookTimeout: scaledTimeout(30) },
};

/** A project in two: the files that share a graph, and the ones in `dir` that replace modules, each isolated. */
function sharedAndIsolated(
  project: TestProjectInlineConfiguration,
  name: string,
  include: string[],
  dir: string,
): TestProjectInlineConfiguration[] {
  const replacing = replacingTests(dir);
  return [
    {
      ...project,
      test: {
        ...project.test,
        name,
        include,
        exclude: [...configDefaults.exclude, ...replacing],
        isolate: false,
      },
    },
    { ...project, test: { ...project.test, name: `${name} (isolated)`, include: replacing } },
  ];
}

export default defineConfig({
  test: {
    // Vitest leaves one core to itself by default: one worker on this 2-core machine, the other core mostly idle.
    maxWorkers: 2,
    projects: [
      ...sharedAndIsolated(consoleProject, 'console', ['src/**/*.test.{ts,tsx}'], 'src'),
      ...sharedAndIsolated(tenantProject, 'tenant', ['tenant/**/*.test.ts'], 'tenant'),
    ],
  },
});
