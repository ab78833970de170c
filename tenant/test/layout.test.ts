// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The local tenant's layering, measured with the TypeScript compiler: handlers in tenant/api stay small (no
 * function over 80 lines, no file over 400), never touch the database (every read and write goes through a store
 * or a service, so every change passes the one place where its event is recorded), and stores are built in
 * tenant/context.ts only. Each rule is first shown to catch a sample that breaks it.
 */

const TENANT = resolve(__dirname, '..');
const MAX_FUNCTION_LINES = 80;
const MAX_FILE_LINES = 400;

/** Constructors of the stores the context holds. */
const STORE_CONSTRUCTORS = new Set([
  'identities',
  'settingsStore',
  'spacesStore',
  'connectionsStore',
  'dataFilesStore',
  'tempContentsStore',
  'catalogStore',
  'openBlobStore',
]);

/** SQL statements: a read, or a write (INSERT, UPDATE, DELETE, REPLACE), in any string or template. */
const SQL = [
  /\bSELECT\b[\s\S]*\bFROM\b/i,
  /\bINSERT\s+(OR\s+\w+\s+)?INTO\b/i,
  /\bUPDATE\s+\S+\s+SET\b/i,
  /\bDELETE\s+FROM\b/i,
  /\bREPLACE\s+INTO\b/i,
];

/** What a handle on the database is called: `db`, or `ctx.db` and the like. */
const isDatabase = (node: ts.Node) =>
  (ts.isIdentifier(node) && node.text === 'db') || (ts.isPropertyAccessExpression(node) && node.name.text === 'db');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

const parse = (name: string, text: string) => ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true);

function nodesOf(file: ts.SourceFile): ts.Node[] {
  const out: ts.Node[] = [];
  const visit = (node: ts.Node) => {
    out.push(node);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

const lineOf = (file: ts.SourceFile, node: ts.Node) => file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;

/** Functions longer than the limit, and the file itself when it is. */
function sizeBreaches(file: ts.SourceFile): string[] {
  const breaches: string[] = [];
  const lines = file.text.split('\n').length;
  if (lines > MAX_FILE_LINES) breaches.push(`${file.fileName}: ${lines} lines`);
  for (const node of nodesOf(file)) {
    if (!ts.isFunctionLike(node) || !('body' in node) || !node.body) continue;
    const first = lineOf(file, node);
    const last = file.getLineAndCharacterOfPosition(node.getEnd()).line + 1;
    if (last - first + 1 > MAX_FUNCTION_LINES) {
      breaches.push(`${file.fileName}:${first}: a function of ${last - first + 1} lines`);
    }
  }
  return breaches;
}

/** SQL text and any use of the database handle. */
function databaseBreaches(file: ts.SourceFile): string[] {
  const breaches: string[] = [];
  for (const node of nodesOf(file)) {
    const text = ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node) ? node.text : undefined;
    if (text !== undefined && SQL.some((pattern) => pattern.test(text))) {
      breaches.push(`${file.fileName}:${lineOf(file, node)}: SQL ${JSON.stringify(text.slice(0, 60))}`);
    }
    if (isDatabase(node) && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) {
      breaches.push(`${file.fileName}:${lineOf(file, node)}: uses the database handle (${node.getText(file)})`);
    }
  }
  return breaches;
}

/** Calls of store constructors. */
function storeConstructions(file: ts.SourceFile): string[] {
  return nodesOf(file)
    .filter((node): node is ts.CallExpression => ts.isCallExpression(node) && ts.isIdentifier(node.expression))
    .filter((call) => STORE_CONSTRUCTORS.has((call.expression as ts.Identifier).text))
    .map((call) => `${file.fileName}:${lineOf(file, call)}: ${call.getText(file).slice(0, 60)}`);
}

const read = (path: string) => parse(relative(TENANT, path), readFileSync(path, 'utf8'));

describe('the checks catch what they look for', () => {
  it('finds a long function, a long file, SQL, the database handle and a store built outside the context', () => {
    const longFunction = `export function handler() {\n${'  work();\n'.repeat(MAX_FUNCTION_LINES)}}\n`;
    expect(sizeBreaches(parse('long.ts', longFunction))).toEqual([`long.ts:1: a function of ${MAX_FUNCTION_LINES + 2} lines`]);
    expect(sizeBreaches(parse('big.ts', 'const a = 1;\n'.repeat(MAX_FILE_LINES + 1)))).toHaveLength(1);

    const writes = [
      "ctx.db.prepare('INSERT INTO spaces (id) VALUES (?)').run(id);",
      "run(`UPDATE data_files SET name = ? WHERE id = ?`);",
      "run('delete from data_sets where id = ?');",
      "run('INSERT OR IGNORE INTO group_members VALUES (?, ?)');",
      "run('REPLACE INTO settings VALUES (?, ?)');",
      'const rows = list(`SELECT * FROM spaces s WHERE ${visible}`);',
      'db.transaction(() => undefined)();',
      'const { db } = ctx; db.exec(sql);',
    ];
    for (const line of writes) expect(databaseBreaches(parse('sample.ts', line)), line).not.toEqual([]);
    expect(
      databaseBreaches(parse('ok.ts', "app.delete('/api/v1/spaces/:spaceId', h); const g = { 'DELETE /x': guard };")),
    ).toEqual([]);

    expect(storeConstructions(parse('api.ts', 'const spaces = spacesStore(ctx.db);'))).toHaveLength(1);
    expect(storeConstructions(parse('api.ts', 'const spaces = ctx.spaces;'))).toEqual([]);
  });
});

describe('tenant/api', () => {
  const files = sourceFiles(join(TENANT, 'api')).map(read);

  it('has handlers that fit a screen: no function over 80 lines, no file over 400', () => {
    expect(files.length).toBeGreaterThan(30);
    expect(files.flatMap(sizeBreaches)).toEqual([]);
  });

  it('never touches the database: no SQL and no database handle, every read and change through a store or service', () => {
    expect(files.flatMap(databaseBreaches)).toEqual([]);
  });
});

describe('stores', () => {
  it('are built in tenant/context.ts only (tests build their own over a database they inspect)', () => {
    const outside = sourceFiles(TENANT)
      .filter((path) => !path.startsWith(join(TENANT, 'store')) && path !== join(TENANT, 'context.ts'))
      .map(read);
    expect(outside.length).toBeGreaterThan(50);
    expect(outside.flatMap(storeConstructions)).toEqual([]);
  });
});
