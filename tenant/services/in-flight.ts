import { ApiError } from '../http/errors';

/** 423: another request is changing the item. */
export const locked = (id: string) =>
  new ApiError(423, `${id} is being changed by another request. Try again when it has finished.`);

/**
 * Data-file items a request is changing right now: a replace streams its content before it commits, and another
 * change to the same item meanwhile answers 423, as Qlik does. One per running tenant, in its context.
 */
export class ItemsInFlight {
  private readonly held = new Set<string>();

  /** Marks an item as being changed; 423 when another request is changing it already. */
  hold(id: string): void {
    if (this.held.has(id)) throw locked(id);
    this.held.add(id);
  }

  release(id: string): void {
    this.held.delete(id);
  }

  /** The first of these items another request is changing, if any. */
  firstHeld(ids: Iterable<string>): string | undefined {
    for (const id of ids) if (this.held.has(id)) return id;
    return undefined;
  }
}
