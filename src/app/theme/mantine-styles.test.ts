import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * mantine.css lists Mantine's per-component stylesheets instead of all of them. A component that the console
 * renders without its stylesheet looks broken only in the browser, so this walks what the console's code imports
 * from Mantine (down to the `*.module.mjs` class maps each component uses, one per stylesheet) and compares.
 */

const root = resolve(__dirname, '../../..');
const mantine = join(root, 'node_modules/@mantine');
const core = join(mantine, 'core');
const stylesheet = join(root, 'src/app/theme/mantine.css');

const IMPORT =
  /\b(?:import|export)\s+(type\s+)?(?:([\w$]+)\s*,?\s*)?(?:\{([^}]*)\}|\*\s+as\s+[\w$]+)?\s*from\s*["']([^"']+)["']/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** A package's exported names, to the module that defines each (from its esm/index.mjs re-exports). */
const exportIndex = new Map<string, Map<string, string>>();
function exportsOf(pkg: string): Map<string, string> {
  let index = exportIndex.get(pkg);
  if (index) return index;
  index = new Map();
  const entry = join(mantine, pkg, 'esm/index.mjs');
  for (const match of readFileSync(entry, 'utf8').matchAll(IMPORT)) {
    const [, , , names, from] = match;
    if (!names || !from?.startsWith('.')) continue;
    for (const name of namesIn(names)) index.set(name, resolve(dirname(entry), from));
  }
  exportIndex.set(pkg, index);
  return index;
}

/** `a, b as c, type d` → the imported names a and b (type-only ones are dropped). */
function namesIn(list: string): string[] {
  return list
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part && !part.startsWith('type '))
    .map((part) => part.split(/\s+as\s+/)[0]!.trim());
}

/** The @mantine/core class maps (`Button.module.mjs` → `Button`) reachable from the given source files. */
function classMapsUsedBy(sources: string[]): Set<string> {
  const seen = new Set<string>();
  const used = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const moduleName = /([\w-]+)\.module\.mjs$/.exec(file)?.[1];
    if (moduleName && file.startsWith(core)) used.add(moduleName);
    const code = readFileSync(file, 'utf8');
    for (const [, typeOnly, defaultName, names, from] of code.matchAll(IMPORT)) {
      if (typeOnly || !from) continue;
      if (from.startsWith('.') && file.startsWith(mantine)) visit(resolve(dirname(file), from));
      const pkg = /^@mantine\/([\w-]+)$/.exec(from)?.[1];
      if (!pkg || pkg === 'hooks' || pkg === 'store' || pkg === 'form') continue;
      const wanted = names ? namesIn(names) : defaultName ? [] : [...exportsOf(pkg).keys()];
      for (const name of wanted) {
        const target = exportsOf(pkg).get(name);
        if (target) visit(target);
      }
    }
    for (const [, from] of code.matchAll(DYNAMIC_IMPORT)) {
      const pkg = /^@mantine\/([\w-]+)$/.exec(from ?? '')?.[1];
      if (pkg && pkg !== 'hooks') for (const target of exportsOf(pkg).values()) visit(target);
    }
  };
  for (const source of sources) visit(source);
  return used;
}

function consoleSources(dir = join(root, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return consoleSources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The stylesheets mantine.css imports, in order (`Button` for `@mantine/core/styles/Button.css`). */
function listed(): string[] {
  const css = readFileSync(stylesheet, 'utf8');
  return [...css.matchAll(/@import\s+["']@mantine\/core\/styles\/([\w-]+)\.css["']/g)].map((m) => m[1]!);
}

/** The order of @mantine/core's own styles.css, where each component follows the ones it builds on. */
function canonicalOrder(names: string[]): string[] {
  const all = readFileSync(join(core, 'styles.css'), 'utf8');
  const at = (name: string) => {
    const text = readFileSync(join(core, 'styles', `${name}.css`), 'utf8').trim();
    const index = all.indexOf(text.slice(0, 400));
    if (index < 0) throw new Error(`${name}.css is not part of @mantine/core/styles.css`);
    return index;
  };
  return [...names].sort((a, b) => at(a) - at(b));
}

const GLOBAL_STYLES = ['baseline', 'default-css-variables', 'global'];

describe('mantine.css', () => {
  const used = classMapsUsedBy(consoleSources());
  const imported = listed();

  it('finds the components the console renders (the walk itself works)', () => {
    for (const known of [
      'Button',
      'UnstyledButton',
      'Table',
      'Combobox',
      'Input',
      'AppShell',
      'Notification',
    ]) {
      expect(used, known).toContain(known);
    }
  });

  it('imports the stylesheet of every Mantine component the console uses', () => {
    const missing = [...used].filter((name) => !imported.includes(name));
    expect(missing, `add to ${relative(root, stylesheet)}`).toEqual([]);
  });

  it('imports no stylesheet of a component the console does not use', () => {
    const unused = imported.filter((name) => !used.has(name) && !GLOBAL_STYLES.includes(name));
    expect(unused, `remove from ${relative(root, stylesheet)}`).toEqual([]);
  });

  it("keeps Mantine's global styles first and the components in styles.css's order", () => {
    expect(imported.slice(0, 3)).toEqual(GLOBAL_STYLES);
    expect(imported).toEqual(canonicalOrder(imported));
    expect(new Set(imported).size).toBe(imported.length);
  });
});
