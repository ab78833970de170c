import { ApiError } from '../http/errors';

/** One item of a batch: done, or refused with its own error while the others go on. */
export interface ItemOutcome {
  id: string;
  error?: ApiError;
}

/** Runs one item of a batch; an ApiError becomes that item's outcome, anything else fails the whole batch. */
export function outcomeOf(id: string, run: () => void): ItemOutcome {
  try {
    run();
    return { id };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { id, error };
  }
}
