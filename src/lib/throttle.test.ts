import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttle } from './throttle';

describe('throttle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs the first call at once and merges the calls of the next interval into one run at its end', () => {
    const run = vi.fn();
    const throttled = throttle(run, 2000);
    throttled();
    vi.advanceTimersByTime(0);
    expect(run).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 100; i++) {
      throttled();
      vi.advanceTimersByTime(10);
    }
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    expect(run).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(5000);
    expect(run).toHaveBeenCalledTimes(2);
    // after a quiet spell: at once again
    throttled();
    vi.advanceTimersByTime(0);
    expect(run).toHaveBeenCalledTimes(3);
  });
});
