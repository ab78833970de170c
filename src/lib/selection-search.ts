import { z } from 'zod/mini';

/**
 * The selection of a list with batch actions, as it lives in the URL: rows picked one by one (`selected`), or
 * every row matching the list's filters (`all`), loaded or not.
 */
export interface SelectionSearch {
  selected: string[];
  all?: boolean | undefined;
}

/** What a list's search schema spreads in; `maxPicked` bounds the URL (beyond it, "select all matching"). */
export function selectionSearchFields(maxPicked: number) {
  return {
    selected: z.catch(
      z._default(z.array(z.string().check(z.maxLength(100))).check(z.maxLength(maxPicked)), []),
      [],
    ),
    all: z.catch(z.optional(z.boolean()), undefined),
  };
}

/** Nothing selected: what a filter change writes, since what matched before is not what matches now. */
export const NO_SELECTION = { selected: [] as string[], all: undefined } satisfies SelectionSearch;
