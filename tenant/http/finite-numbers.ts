import type { FastifyInstance } from 'fastify';
import { badRequest } from './errors';

/** Deepest JSON the API reads; no request of Qlik's APIs nests anywhere near this. */
export const MAX_JSON_DEPTH = 64;

/**
 * The first non-finite number in a parsed value (`1e999` in JSON, or `limit=Infinity` that the schema coerced:
 * Ajv 8 lets ±Infinity through `integer` and `maximum`), walked without recursion. Also refuses nesting deeper than
 * any request needs, which code that walks bodies recursively would otherwise meet first.
 */
function problemIn(value: unknown): { path: string; kind: 'non-finite' | 'too-deep' } | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'number' && !Number.isFinite(current))
      return { path: path || '/', kind: 'non-finite' };
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return { path: path || '/', kind: 'too-deep' };
    for (const [key, child] of Object.entries(current))
      stack.push({ value: child, path: `${path}/${key}`, depth: depth + 1 });
  }
  return undefined;
}

/** Refuses non-finite numbers and absurd nesting in the query, path parameters and JSON body of every route. */
export function registerFiniteNumbers(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    for (const [where, value] of [
      ['query', request.query],
      ['params', request.params],
      ['body', request.body],
    ] as const) {
      const problem = problemIn(value);
      if (!problem) continue;
      const source = where === 'body' ? { pointer: problem.path } : { parameter: problem.path.slice(1) };
      throw badRequest(
        problem.kind === 'non-finite'
          ? `${where === 'body' ? `The value at ${problem.path}` : `The parameter '${source.parameter}'`} must be a finite number.`
          : `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`,
        { source },
      );
    }
  });
}
