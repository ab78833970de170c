import type { FastifyInstance } from 'fastify';
import type { Links } from '@qlik/api/data-sets';
import type { ApiOptions } from '../plugin';
import { contentPrincipal } from '../principal';
import type { SchemaVersionField, SchemaVersionRow } from '../../store/catalog';
import { readableSet } from './access';
import { offsetPage } from './shape';
import { idParam, pageSchema, type PageQuery } from './schemas';

/**
 * One schema version of a data set. Qlik documents no history of a data set's schema (qlik.dev data-sets, and
 * @qlik/api 2.19 has no such call); this endpoint is the tenant's own, beside the data set so that `DataSet`
 * stays as @qlik/api types it (docs/fidelity.md).
 */
export interface DataSetSchemaVersion {
  /** 1 for the file's first content, +1 for each content that replaced it. */
  version: number;
  dataSetId: string;
  /** When this content was uploaded. */
  createdTime: string;
  /** The user who uploaded it. */
  createdBy: string;
  rowCount?: number;
  size: number;
  /** The primary schema's fields in file order: name and data type. */
  dataFields: SchemaVersionField[];
}

export interface PageDataSetSchemaVersion {
  data: DataSetSchemaVersion[];
  page: number;
  limit: number;
  pages: number;
  total: number;
  links: Links;
}

/** Named as @qlik/api names its responses, so the response-type check reads it like theirs. */
export interface GetDataSetSchemaVersionsHttpResponse {
  data: PageDataSetSchemaVersion;
  headers: Headers;
  status: 200;
}

const versionsSchema = {
  params: idParam('dataSetId'),
  querystring: {
    type: 'object',
    properties: { page: pageSchema.page, limit: pageSchema.limit },
  },
};

export const toSchemaVersion = (row: SchemaVersionRow): DataSetSchemaVersion => ({
  version: row.version,
  dataSetId: row.data_set_id,
  createdTime: row.created_time,
  createdBy: row.created_by,
  ...(row.row_count === null ? {} : { rowCount: row.row_count }),
  size: row.size,
  dataFields: JSON.parse(row.fields) as SchemaVersionField[],
});

/** `GET /data-sets/{id}/schema-versions`: the set's schema versions, newest first, in the catalog's numeric pages. */
export async function schemaVersionRoutes(app: FastifyInstance, { ctx }: ApiOptions): Promise<void> {
  app.get<{ Params: { dataSetId: string }; Querystring: Pick<PageQuery, 'page' | 'limit'> }>(
    '/api/v1/data-sets/:dataSetId/schema-versions',
    { schema: versionsSchema },
    async (request): Promise<PageDataSetSchemaVersion> => {
      const { row } = readableSet(ctx, request.params.dataSetId, contentPrincipal(request.caller));
      const q = request.query;
      const { rows, total } = ctx.catalog.schemaVersions(row.id, q.page * q.limit, q.limit);
      return offsetPage(request, q, rows.map(toSchemaVersion), total);
    },
  );
}
