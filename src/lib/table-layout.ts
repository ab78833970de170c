import { z } from 'zod/mini';

/**
 * Column layout of a table (which columns show, in which order, how wide) and its row density: a preference per
 * table and per tenant, kept in localStorage (layout only: never tokens or data).
 */

export interface ColumnSpec<Id extends string = string> {
  id: Id;
  label: string;
  /** Width in px when the user has not resized it. */
  width: number;
  minWidth?: number;
  /** Cannot be hidden (the column that names the row). */
  required?: boolean;
  /** Hidden until the user shows it. */
  hiddenByDefault?: boolean;
}

export type Density = 'comfortable' | 'compact';

export interface TableLayout {
  order: string[];
  hidden: string[];
  widths: Record<string, number>;
  density: Density;
}

export const MIN_COLUMN_WIDTH = 60;
export const MAX_COLUMN_WIDTH = 1200;

const storedSchema = z.object({
  order: z.catch(z.array(z.string()), []),
  hidden: z.catch(z.array(z.string()), []),
  widths: z.catch(z.record(z.string(), z.number()), {}),
  density: z.catch(z.enum(['comfortable', 'compact']), 'comfortable'),
});

export function layoutStorageKey(tenantId: string, tableId: string): string {
  return `manage-console:table-layout:v1:${tenantId}:${tableId}`;
}

export function defaultLayout(columns: readonly ColumnSpec[]): TableLayout {
  return {
    order: columns.map((c) => c.id),
    hidden: columns.filter((c) => c.hiddenByDefault && !c.required).map((c) => c.id),
    widths: {},
    density: 'comfortable',
  };
}

/**
 * A stored layout made to fit today's columns: unknown ids dropped, new columns appended in their default place,
 * required columns never hidden, widths clamped. Anything unreadable falls back to the default.
 */
export function normaliseLayout(stored: unknown, columns: readonly ColumnSpec[]): TableLayout {
  const fallback = defaultLayout(columns);
  const parsed = storedSchema.safeParse(stored);
  if (!parsed.success) return fallback;
  const ids = new Set(columns.map((c) => c.id));
  const order = [...new Set(parsed.data.order.filter((id) => ids.has(id)))];
  for (const [index, column] of columns.entries()) {
    if (order.includes(column.id)) continue;
    // a column added since: after the column it follows by default
    const before = columns[index - 1]?.id;
    const at = before ? order.indexOf(before) + 1 : 0;
    order.splice(at, 0, column.id);
  }
  const required = new Set(columns.filter((c) => c.required).map((c) => c.id));
  const hidden = [...new Set(parsed.data.hidden)].filter((id) => ids.has(id) && !required.has(id));
  const widths: Record<string, number> = {};
  for (const [id, width] of Object.entries(parsed.data.widths)) {
    const column = columns.find((c) => c.id === id);
    if (column && Number.isFinite(width)) widths[id] = clampWidth(width, column);
  }
  return { order, hidden, widths, density: parsed.data.density };
}

export function clampWidth(width: number, column: Pick<ColumnSpec, 'minWidth'>): number {
  return Math.round(Math.min(MAX_COLUMN_WIDTH, Math.max(column.minWidth ?? MIN_COLUMN_WIDTH, width)));
}

/** The columns to render, in the user's order, each with its width. */
export function visibleColumns<Id extends string>(
  layout: TableLayout,
  columns: readonly ColumnSpec<Id>[],
): (ColumnSpec<Id> & { width: number })[] {
  const byId = new Map(columns.map((c) => [c.id as string, c]));
  return layout.order
    .filter((id) => !layout.hidden.includes(id))
    .map((id) => byId.get(id))
    .filter((c): c is ColumnSpec<Id> => c !== undefined)
    .map((c) => ({ ...c, width: layout.widths[c.id] ?? c.width }));
}

/** Moves a column one place left (-1) or right (+1) in the order. */
export function moveColumn(layout: TableLayout, id: string, step: -1 | 1): TableLayout {
  const order = [...layout.order];
  const from = order.indexOf(id);
  const to = from + step;
  if (from < 0 || to < 0 || to >= order.length) return layout;
  [order[from], order[to]] = [order[to]!, order[from]!];
  return { ...layout, order };
}

export function readStoredLayout(key: string, columns: readonly ColumnSpec[]): TableLayout {
  try {
    const raw = globalThis.localStorage?.getItem(key);
    return normaliseLayout(raw ? JSON.parse(raw) : undefined, columns);
  } catch {
    return defaultLayout(columns);
  }
}

export function storeLayout(key: string, layout: TableLayout): void {
  try {
    globalThis.localStorage?.setItem(key, JSON.stringify(layout));
  } catch {
    // Storage full or refused (private mode): the layout lasts for this visit only.
  }
}
