import { z } from 'zod';
import { SORTS, type ConnectionListParams } from './api/connections';
import { TYPE_FILTER_OPTIONS } from './model';

/**
 * The list's state in the URL: filters, sort and the selection for batch actions, so every view is a link.
 * Bad values fall back to defaults instead of failing the page.
 */
export const connectionsSearchSchema = z.object({
  space: z.string().max(100).optional().catch(undefined),
  personal: z.boolean().optional().catch(undefined),
  mine: z.boolean().optional().catch(undefined),
  type: z.enum(TYPE_FILTER_OPTIONS).optional().catch(undefined),
  q: z.string().max(200).optional().catch(undefined),
  sort: z.enum(SORTS).default('+qName').catch('+qName'),
  selected: z.array(z.string().max(100)).max(100).default([]).catch([]),
});

export type ConnectionsSearch = z.infer<typeof connectionsSearchSchema>;

/** The query parameters a search implies; `fixedSpaceId` pins the list to one space (the space's tab). */
export function listParamsOf(search: ConnectionsSearch, fixedSpaceId?: string): ConnectionListParams {
  const spaceId = fixedSpaceId ?? search.space;
  return {
    ...(spaceId ? { spaceId } : search.personal ? { personal: true } : {}),
    ...(search.mine ? { ownedByMe: true } : {}),
    ...(search.type ? { type: search.type } : {}),
    ...(search.q?.trim() ? { q: search.q.trim() } : {}),
    sort: search.sort,
  };
}
