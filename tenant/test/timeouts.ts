/**
 * Timeouts catch a hang, not a slow machine. `npm test` runs Vitest at the lowest CPU priority beside the browser
 * tests, where a test takes several times as long as alone, and sets VITEST_TIMEOUT_SCALE to say so. Every timeout
 * goes through here: the defaults in vitest.config.ts, and the longer ones a test or a waitFor asks for. A number
 * written straight into a test is not scaled, and CI once failed on one (a command line that took 31 s to start).
 */
const timeoutScale = Math.max(1, Number(process.env.VITEST_TIMEOUT_SCALE) || 1);

/** A timeout of `s` seconds on a quiet machine, in milliseconds as Vitest takes them. */
export function scaledTimeout(s: number): number {
  return s * 1000 * timeoutScale;
}
