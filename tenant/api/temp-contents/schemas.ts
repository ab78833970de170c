import { badRequest } from '../../http/errors';

export const DEFAULT_TTL_SECONDS = 3600;
export const MAX_TTL_SECONDS = 259200;

/** A `ttl` in seconds (default one hour, at most three days). */
export function parseTtl(raw: string | null | undefined, where: { parameter?: string; pointer?: string }): number {
  if (raw === undefined || raw === null || raw === '') return DEFAULT_TTL_SECONDS;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_TTL_SECONDS) {
    throw badRequest(`ttl must be a whole number of seconds between 1 and ${MAX_TTL_SECONDS}.`, { source: where });
  }
  return Number(raw);
}

export interface IdParams {
  id: string;
}

export interface SimpleUploadQuery {
  filename?: string;
  ttl?: string;
}
export const simpleUploadSchema = {
  querystring: {
    type: 'object',
    properties: {
      filename: { type: 'string', maxLength: 1024 },
      ttl: { type: 'string', maxLength: 20 },
    },
  },
};

export interface ContentQuery {
  inline?: string;
}
export const contentSchema = {
  querystring: { type: 'object', properties: { inline: { type: 'string', maxLength: 5 } } },
};
