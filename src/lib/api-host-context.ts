import { createContext, useContext } from 'react';

/** The host of the tenant the console is talking to, so error messages can name it. */
export const ApiHostContext = createContext<string | undefined>(undefined);

export function useApiHost(): string | undefined {
  return useContext(ApiHostContext);
}
