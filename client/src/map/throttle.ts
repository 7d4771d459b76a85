/**
 * Runs `fn` at most once per `intervalMs`: the first call runs at once, calls during the pause
 * collapse into one trailing run. For map updates driven by several frames a second.
 */
export function createThrottle(fn: () => void, intervalMs: number) {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    timer = undefined;
    last = Date.now();
    fn();
  };
  return {
    schedule(): void {
      if (timer !== undefined) return;
      const wait = last + intervalMs - Date.now();
      if (wait <= 0) run();
      else timer = setTimeout(run, wait);
    },
    cancel(): void {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
