// @vitest-environment node
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { requestGate, type RequestGate } from './request-gate';

/** A stand-in for the HTTP server: emits `request` with a response that can be closed. */
function fakeServer() {
  const server = new EventEmitter();
  return {
    server,
    request() {
      const response = new EventEmitter();
      server.emit('request', {}, response);
      return { close: () => response.emit('close') };
    },
  };
}

/** Whether `turn()` has resolved, without waiting for it. */
function tracked(gate: RequestGate) {
  const state = { done: false };
  void gate.turn().then(() => (state.done = true));
  return state;
}

describe('request gate', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const options = { quietMs: 100, maxDeferMs: 1000, now: () => Date.now() };

  it('lets background work go at once when no request has been seen', async () => {
    const { server } = fakeServer();
    const turn = tracked(requestGate(server, options));
    await vi.advanceTimersByTimeAsync(0);
    expect(turn.done).toBe(true);
  });

  it('waits while a request is in flight, then for a quiet pause after it', async () => {
    const { server, request } = fakeServer();
    const gate = requestGate(server, options);
    const pending = request();
    expect(gate.inFlight()).toBe(1);
    const turn = tracked(gate);
    await vi.advanceTimersByTimeAsync(500);
    expect(turn.done).toBe(false);
    pending.close();
    expect(gate.inFlight()).toBe(0);
    await vi.advanceTimersByTimeAsync(99);
    expect(turn.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(turn.done).toBe(true);
  });

  it('waits out the quiet pause after a request that just ended', async () => {
    const { server, request } = fakeServer();
    const gate = requestGate(server, options);
    request().close();
    const turn = tracked(gate);
    await vi.advanceTimersByTimeAsync(60);
    expect(turn.done).toBe(false);
    await vi.advanceTimersByTimeAsync(40);
    expect(turn.done).toBe(true);
  });

  it('goes after maxDeferMs when requests never stop, so background work cannot starve', async () => {
    const { server, request } = fakeServer();
    const gate = requestGate(server, options);
    request().close();
    const turn = tracked(gate);
    for (let elapsed = 0; elapsed < 990; elapsed += 30) {
      request().close();
      await vi.advanceTimersByTimeAsync(30);
      expect(turn.done).toBe(false);
    }
    await vi.advanceTimersByTimeAsync(30);
    expect(turn.done).toBe(true);
  });

  it('gives a job under way the next gap between requests, without waiting for a quiet pause', async () => {
    const { server, request } = fakeServer();
    const gate = requestGate(server, options);
    const gapOf = () => {
      const state = { done: false };
      void gate.gap().then(() => (state.done = true));
      return state;
    };
    const atOnce = gapOf();
    await vi.advanceTimersByTimeAsync(0);
    expect(atOnce.done).toBe(true);

    const first = request();
    const second = request();
    const gap = gapOf();
    await vi.advanceTimersByTimeAsync(500);
    expect(gap.done).toBe(false);
    first.close();
    await vi.advanceTimersByTimeAsync(0);
    expect(gap.done).toBe(false);
    second.close();
    await vi.advanceTimersByTimeAsync(0);
    expect(gap.done).toBe(true);
  });

  it('gives a job under way its slice after maxDeferMs while requests never end', async () => {
    const { server, request } = fakeServer();
    const gate = requestGate(server, options);
    request();
    const state = { done: false };
    void gate.gap().then(() => (state.done = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(state.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.done).toBe(true);
  });

  it('rests a job under way in proportion to its slices, by its jobShare', async () => {
    const { server } = fakeServer();
    const gate = requestGate(server, { ...options, jobShare: 0.25 });
    const turn = tracked(gate);
    await vi.advanceTimersByTimeAsync(0);
    expect(turn.done).toBe(true);
    // a slice of 20 ms at a quarter of the time: 60 ms of rest before the next one
    vi.advanceTimersByTime(20);
    const state = { done: false };
    void gate.gap().then(() => (state.done = true));
    await vi.advanceTimersByTimeAsync(59);
    expect(state.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.done).toBe(true);
  });

  it('releases waiting work when closed, and stops counting requests', async () => {
    const { server, request } = fakeServer();
    const gate = requestGate(server, options);
    request();
    const turn = tracked(gate);
    const gap = { done: false };
    void gate.gap().then(() => (gap.done = true));
    await vi.advanceTimersByTimeAsync(10);
    expect(turn.done).toBe(false);
    expect(gap.done).toBe(false);
    gate.close();
    await vi.advanceTimersByTimeAsync(0);
    expect(turn.done).toBe(true);
    expect(gap.done).toBe(true);
    expect(server.listenerCount('request')).toBe(0);
  });
});
