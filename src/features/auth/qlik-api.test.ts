import { describe, expect, it, vi } from 'vitest';
import type * as qlikAuth from '@qlik/api/auth';
import { setDefaultHostConfig, unregisterHostConfig } from '@qlik/api/auth';
import { setQlikApiDefaultTenant } from './qlik-api';

// @qlik/api warns ("Host config with name "default" is already registered") whenever "default" is registered over
// itself. Its warnings go to Node's own console, out of a spy's reach under jsdom, so the calls are counted instead.
vi.mock('@qlik/api/auth', async (importOriginal) => ({
  ...(await importOriginal<typeof qlikAuth>()),
  setDefaultHostConfig: vi.fn(),
  unregisterHostConfig: vi.fn(),
}));

describe('setQlikApiDefaultTenant', () => {
  it('registers the default host config once per tenant, however often navigations set it', () => {
    const local = { id: 'local', host: 'http://localhost:8787' };
    for (let i = 0; i < 5; i++) setQlikApiDefaultTenant(local);
    expect(setDefaultHostConfig).toHaveBeenCalledTimes(1);
    expect(unregisterHostConfig).not.toHaveBeenCalled();

    const other = { id: 'prod', host: 'acme.eu.qlikcloud.com' };
    setQlikApiDefaultTenant(other);
    setQlikApiDefaultTenant(other);
    expect(setDefaultHostConfig).toHaveBeenCalledTimes(2);
    expect(setDefaultHostConfig).toHaveBeenLastCalledWith(expect.objectContaining({ host: other.host }));
    // the old one goes first, so the new one is never registered over it
    expect(unregisterHostConfig).toHaveBeenCalledTimes(1);
    expect(vi.mocked(unregisterHostConfig).mock.invocationCallOrder[0]).toBeLessThan(
      vi.mocked(setDefaultHostConfig).mock.invocationCallOrder[1]!,
    );
  });
});
