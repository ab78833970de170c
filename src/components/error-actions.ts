import { createContext, useContext } from 'react';

/** App-wide handlers the error surface can offer, supplied by the app shell (components cannot import auth). */
export interface ErrorActions {
  /** Re-authorize on the current tenant, returning to the current page. */
  signIn?: (options?: { scopes?: string[] }) => void;
}

export const ErrorActionsContext = createContext<ErrorActions>({});

export function useErrorActions(): ErrorActions {
  return useContext(ErrorActionsContext);
}
