import { z } from 'zod/mini';
import { SORTS, type ConnectionListParams } from './api/connections';
import { TYPE_FILTER_OPTIONS } from './model';
import { selectionSearchFields } from '@/lib/selection-search';

/** Connections picked one by one (beyond that, "select all matching" covers any number). */
export const MAX_PICKED = 100;

/**
 * The list's state in the URL: filters, sort and the selection for batch actions, so every view is a link.
 * Bad values fall back to defaults instead of failing the page.
 */
export const connectionsSearchSchema = z.object({
  space: z.catch(z.optional(z.string().check(z.maxLength(100))), undefined),
  personal: z.catch(z.optional(z.boolean()), undefined),
  mine: z.catch(z.optional(z.boolean()), undefined),
  type: z.catch(z.optional(z.enum(TYPE_FILTER_OPTIONS)), undefined),
  q: z.catch(z.optional(z.string().check(z.maxLength(200))), undefined),
  sort: z.catch(z._default(z.enum(SORTS), '+qName'), '+qName'),
  ...selectionSearchFields(MAX_PICKED),
});

export type ConnectionsSearch = z.infer<typeof connectionsSearchSchema>;

/** What the URL leaves out when it holds them: the defaults. */
export const CONNECTIONS_SEARCH_DEFAULTS: Partial<ConnectionsSearch> = { sort: '+qName', selected: [] };

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
