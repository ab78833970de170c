/** Query and path schemas of the lineage-graphs API (Qlik's defaults: level resource, up/down 5, collapse true). */
const depth = { type: 'integer', minimum: -1, maximum: 1000, default: 5 } as const;
const collapse = { type: 'boolean', default: true } as const;
const node = { type: 'string', minLength: 1, maxLength: 500 } as const;
const filter = { type: 'string', minLength: 1, maxLength: 2000 } as const;
const expandLevel = { type: 'string', enum: ['table', 'field'] } as const;

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 500 } },
} as const;

const query = (properties: Record<string, unknown>, required: string[] = []) =>
  ({ type: 'object', required, properties, additionalProperties: true }) as const;

export const nodeSchema = {
  params: idParams,
  querystring: query({ level: { type: 'string', enum: ['resource', 'table', 'field', 'all'], default: 'resource' }, up: depth, collapse }),
};
export const nodeExpandSchema = { params: idParams, querystring: query({ node, level: expandLevel, up: depth, collapse }, ['node', 'level']) };
export const nodeSearchSchema = { params: idParams, querystring: query({ filter, up: depth, collapse }, ['filter']) };
export const nodeOverviewSchema = {
  params: idParams,
  querystring: query({ up: depth, collapse }),
  body: { type: 'array', maxItems: 100, items: node },
};
export const impactOverviewSchema = { params: idParams, querystring: query({ down: depth }) };
export const impactExpandSchema = { params: idParams, querystring: query({ node, level: expandLevel, down: depth }, ['node', 'level']) };
export const impactSearchSchema = { params: idParams, querystring: query({ filter, down: depth }, ['filter']) };
export const impactSourceSchema = { params: idParams };

export interface NodeQuery {
  level: 'resource' | 'table' | 'field' | 'all';
  up: number;
  collapse: boolean;
}
export interface NodeExpandQuery {
  node: string;
  level: 'table' | 'field';
  up: number;
  collapse: boolean;
}
export interface NodeSearchQuery {
  filter: string;
  up: number;
  collapse: boolean;
}
export interface ImpactExpandQuery {
  node: string;
  level: 'table' | 'field';
  down: number;
}
export interface ImpactSearchQuery {
  filter: string;
  down: number;
}
