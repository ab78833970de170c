/** The three forms "Copy as…" offers; none ever holds the caller's token. */
export interface ApiCallForms {
  curl: string;
  qlikCli: string;
  typescript: string;
}

type QueryValue = string | number | boolean;

/**
 * One REST call as the console makes it, described once so that curl, qlik-cli and @qlik/api all say the same:
 * the method, the path under `/api/v1`, the query, the body, and the @qlik/api function the console calls.
 */
export interface ApiCall {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Below `/api/v1`, already URL-encoded: `spaces/abc`. */
  path: string;
  query?: Record<string, QueryValue | null | undefined>;
  /** JSON, or multipart form fields (data files take their metadata as a `Json` form field). */
  body?: { json: unknown } | { form: Record<string, string> };
  /** The @qlik/api function: `@qlik/api/<module>`'s `fn`, with its arguments before the call options. */
  qlikApi: { module: string; fn: string; args: unknown[] };
  /** Headers the call needs besides the token and content type: Qlik's `qlik-confirm-delete`. */
  headers?: Record<string, string>;
  /**
   * qlik-cli words when it has a command of its own that the raw form cannot express (multipart bodies), without
   * `qlik` and `--server`: `['data-file', 'update', id, '--name', name]`.
   */
  cli?: string[];
}

export const originOf = (host: string) =>
  (/^https?:\/\//.test(host) ? host : `https://${host}`).replace(/\/$/, '');

/** POSIX shell single quotes: nothing inside is expanded. */
export const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

const definedQuery = (query: ApiCall['query']): [string, string][] =>
  Object.entries(query ?? {})
    .filter((entry): entry is [string, QueryValue] => entry[1] !== undefined && entry[1] !== null)
    .map(([key, value]) => [key, String(value)]);

/** The absolute URL of a call on a tenant. */
export function urlOf(host: string, call: Pick<ApiCall, 'path' | 'query'>): string {
  const search = new URLSearchParams(definedQuery(call.query)).toString();
  return `${originOf(host)}/api/v1/${call.path}${search ? `?${search}` : ''}`;
}

function curlOf(host: string, call: ApiCall): string {
  const lines = [
    `curl -sS${call.method === 'GET' ? '' : ` -X ${call.method}`} ${shellQuote(urlOf(host, call))}`,
    '-H "Authorization: Bearer $QLIK_TOKEN"',
    ...Object.entries(call.headers ?? {}).map(([name, value]) => `-H ${shellQuote(`${name}: ${value}`)}`),
  ];
  if (call.body && 'json' in call.body) {
    lines.push(
      `-H 'Content-Type: application/json'`,
      `--data-raw ${shellQuote(JSON.stringify(call.body.json))}`,
    );
  } else if (call.body) {
    // --form-string: a value starting with @ or < is text, never a file to read
    for (const [name, value] of Object.entries(call.body.form))
      lines.push(`--form-string ${shellQuote(`${name}=${value}`)}`);
  }
  return lines.join(' \\\n  ');
}

function qlikCliOf(host: string, call: ApiCall): string {
  const server = [
    ...Object.entries(call.headers ?? {}).map(
      ([name, value]) => `--headers ${shellQuote(`${name}=${value}`)}`,
    ),
    `--server ${shellQuote(originOf(host))}`,
  ].join(' ');
  if (call.cli)
    return [
      'qlik',
      ...call.cli.map((word) => (/^(--)?[A-Za-z][\w-]*$/.test(word) ? word : shellQuote(word))),
      server,
    ].join(' ');
  const words = ['qlik', 'raw', call.method.toLowerCase(), shellQuote(`v1/${call.path}`)];
  for (const [key, value] of definedQuery(call.query)) words.push('--query', shellQuote(`${key}=${value}`));
  if (call.body && 'json' in call.body) words.push('--body', shellQuote(JSON.stringify(call.body.json)));
  return [...words, server].join(' ');
}

function typescriptCallOf(host: string, call: ApiCall): string {
  const { fn, args } = call.qlikApi;
  const headers = call.headers ? `\n  headers: ${JSON.stringify(call.headers)},` : '';
  const options = `{\n  hostConfig: { host: ${JSON.stringify(originOf(host))}, apiKey: process.env.QLIK_TOKEN ?? '' },${headers}\n}`;
  const shown = [...args.map((arg) => JSON.stringify(arg, null, 2)), options].join(', ');
  return [`const { status, data } = await ${fn}(${shown});`, 'console.log(status, data);'].join('\n');
}

const importOf = (call: ApiCall) => `import { ${call.qlikApi.fn} } from '@qlik/api/${call.qlikApi.module}';`;

function typescriptOf(host: string, call: ApiCall): string {
  return [importOf(call), '', typescriptCallOf(host, call)].join('\n');
}

/** A call in the three forms, right for the tenant at `host`, with `$QLIK_TOKEN` / `QLIK_TOKEN` for the token. */
export function apiCallForms(host: string, call: ApiCall): ApiCallForms {
  return { curl: curlOf(host, call), qlikCli: qlikCliOf(host, call), typescript: typescriptOf(host, call) };
}

/**
 * Several calls in order, as one script per form: what an action made of many requests sends. A hand-over or a
 * secret rotation stops at the first refused call, as the console does (the shell forms exit, the TypeScript one
 * throws); a batch (`eachOnItsOwn`) goes on past a refused call, as the console's batch does, and says so.
 */
export function apiScriptForms(
  host: string,
  calls: ApiCall[],
  { eachOnItsOwn = false }: { eachOnItsOwn?: boolean } = {},
): ApiCallForms {
  const imports = [...new Set(calls.map(importOf))].sort();
  const shell = (lines: string[]) => (eachOnItsOwn ? lines : ['set -e', ...lines]);
  const block = (code: string) =>
    eachOnItsOwn
      ? `try {\n${code.replace(/^/gm, '  ')}\n} catch (error) {\n  console.error(error);\n}`
      : `{\n${code.replace(/^/gm, '  ')}\n}`;
  return {
    curl: shell(
      calls.map((call) =>
        eachOnItsOwn
          ? curlOf(host, call)
          : curlOf(host, call).replace(/^curl -sS/, 'curl -sS --fail-with-body'),
      ),
    ).join('\n\n'),
    qlikCli: shell(calls.map((call) => qlikCliOf(host, call))).join('\n'),
    typescript: [...imports, '', ...calls.map((call) => block(typescriptCallOf(host, call)))].join('\n'),
  };
}

/** A batch's items in the console's request sizes, so a copied batch sends what the console sends. */
export const inChunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, (index + 1) * size),
  );
