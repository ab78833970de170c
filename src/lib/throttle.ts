/**
 * `run` at most once per `ms`: the first call of a quiet spell runs on the next turn of the event loop, calls
 * during the wait that follows are merged into one run at its end. For work that many events ask for and one run
 * satisfies (refreshing a list after each of thousands of uploads).
 */
export function throttle(run: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastRun = Number.NEGATIVE_INFINITY;
  return () => {
    if (timer !== undefined) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        lastRun = Date.now();
        run();
      },
      Math.max(0, lastRun + ms - Date.now()),
    );
  };
}
