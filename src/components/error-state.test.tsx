import { describe, expect, it, vi } from 'vitest';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithMantine } from '@/test/render';
import { ApiHostContext } from '@/lib/api-host-context';
import { ErrorActionsContext } from './error-actions';
import { ErrorState } from './error-state';

const httpError = (status: number, data?: unknown, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`HTTP ${status}`), { status, headers: new Headers(headers), data });

describe('ErrorState', () => {
  it('names the current tenant host when it cannot be reached, and retries', async () => {
    const onRetry = vi.fn();
    renderWithMantine(
      <ApiHostContext.Provider value="https://acme.eu.qlikcloud.com">
        <ErrorState error={new TypeError('Failed to fetch')} onRetry={onRetry} />
      </ApiHostContext.Provider>,
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Cannot reach acme.eu.qlikcloud.com. Check your connection or the tenant host, then retry.',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it('offers to sign in again with the missing scope on a scope 403', async () => {
    const signIn = vi.fn();
    renderWithMantine(
      <ErrorActionsContext.Provider value={{ signIn }}>
        <ErrorState
          error={httpError(403, {
            errors: [
              { code: 'HTTP-403', title: 'Forbidden', meta: { requiredScopes: ['admin.spaces:read'] } },
            ],
            traceId: 't-1',
          })}
        />
      </ErrorActionsContext.Provider>,
    );
    expect(
      screen.getByRole('heading', { name: 'Your sign-in does not include this permission' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/This needs the scope admin.spaces:read/)).toBeInTheDocument();
    expect(screen.getByText('t-1')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Sign in again' }));
    expect(signIn).toHaveBeenCalledWith({ scopes: ['admin.spaces:read'] });
  });

  it('sends a role 403 back rather than to sign-in', () => {
    renderWithMantine(
      <ErrorState
        error={httpError(403, {
          errors: [{ code: 'HTTP-403', title: 'Forbidden', meta: { reason: 'role' } }],
        })}
      />,
    );
    expect(screen.getByRole('button', { name: 'Go back' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Sign in again' })).not.toBeInTheDocument();
  });

  it('counts down a 429 and retries by itself', () => {
    vi.useFakeTimers();
    try {
      const onRetry = vi.fn();
      renderWithMantine(
        <ErrorState error={httpError(429, undefined, { 'Retry-After': '2' })} onRetry={onRetry} />,
      );
      expect(screen.getByText('Rate limited by the tenant — retrying in 2 s')).toBeInTheDocument();
      act(() => vi.advanceTimersByTime(1100));
      expect(screen.getByText('Rate limited by the tenant — retrying in 1 s')).toBeInTheDocument();
      act(() => vi.advanceTimersByTime(1100));
      expect(onRetry).toHaveBeenCalledOnce();
    } finally {
      vi.useRealTimers();
    }
  });

  it('inline variant shows the tenant detail for a conflict with no retry', () => {
    renderWithMantine(
      <ErrorState
        variant="inline"
        error={httpError(409, {
          errors: [{ code: 'HTTP-409', title: 'Conflict', detail: 'Name already in use' }],
        })}
      />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Name already in use. Change it and try again.');
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
