import { z } from 'zod/mini';

/** Resource levels the depth chooser offers; -1 asks for all of them. */
export const LINEAGE_DEPTHS = [1, 2, 3, 5, 10, -1] as const;
export type LineageDepth = (typeof LINEAGE_DEPTHS)[number];

/**
 * The lineage view's state, in the URL of whatever page shows it (the data set's Lineage tab, `/lineage`):
 * direction, depth, the one expanded node, the search words and graph or table. Each key falls back to its
 * default, so an old or hand-edited link still opens the graph.
 */
export const lineageViewSearchShape = {
  dir: z._default(z.catch(z.enum(['up', 'down']), 'up'), 'up'),
  depth: z._default(z.catch(z.pipe(z.coerce.number(), z.literal(LINEAGE_DEPTHS)), 5), 5),
  /** QRI of the node opened to its tables and fields; '' for none. */
  node: z._default(z.catch(z.string().check(z.maxLength(2000)), ''), ''),
  find: z._default(z.catch(z.string().check(z.maxLength(200)), ''), ''),
  as: z._default(z.catch(z.enum(['graph', 'table']), 'graph'), 'graph'),
};
export const lineageViewSearchSchema = z.object(lineageViewSearchShape);
export type LineageViewSearch = z.infer<typeof lineageViewSearchSchema>;

/** `/lineage`: the node whose lineage is shown (an app's or a data set's QRI) and the view state. */
export const lineagePageSearchSchema = z.object({
  qri: z._default(z.catch(z.string().check(z.trim(), z.maxLength(2000)), ''), ''),
  ...lineageViewSearchShape,
});
export type LineagePageSearch = z.infer<typeof lineagePageSearchSchema>;
