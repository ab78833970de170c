import type { AuditListParams } from './api/audits';
import { listQuery } from './api/audits';

/** The three forms "Copy as…" offers; none ever holds the caller's token. */
export interface ApiCallForms {
  curl: string;
  qlikCli: string;
  typescript: string;
}

const originOf = (host: string) => (/^https?:\/\//.test(host) ? host : `https://${host}`).replace(/\/$/, '');
const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * The audit log's current view as an API call against the tenant it was copied from: the same query the console
 * sends (first page), as curl with a `$QLIK_TOKEN` placeholder, as qlik-cli, and as @qlik/api TypeScript.
 */
export function auditListCall(host: string, params: AuditListParams): ApiCallForms {
  const query = listQuery(params) as Record<string, string | number>;
  const origin = originOf(host);
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const url = `${origin}/api/v1/audits?${search.toString()}`;
  const flags = Object.entries(query).map(([k, v]) => `--${k} ${shellQuote(String(v))}`);
  return {
    curl: `curl -sS ${shellQuote(url)} \\\n  -H "Authorization: Bearer $QLIK_TOKEN"`,
    qlikCli: `qlik audit ls ${flags.join(' ')} --server ${shellQuote(origin)}`,
    typescript: [
      "import { getAudits } from '@qlik/api/audits';",
      '',
      `const { data } = await getAudits(${JSON.stringify(query, null, 2)}, {`,
      `  hostConfig: { host: ${JSON.stringify(origin)}, apiKey: process.env.QLIK_TOKEN ?? '' },`,
      '});',
      'console.log(data.data);',
    ].join('\n'),
  };
}
