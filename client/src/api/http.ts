/** GET a JSON document from the console's own server (same origin). */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' }, signal });
  if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/**
 * GETs a document, retrying with a growing pause while the server is unreachable (it may be
 * restarting). Stops when `signal` aborts.
 */
export async function getJsonWithRetry<T>(
  path: string,
  signal: AbortSignal,
  onError?: (err: Error, attempt: number) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await getJson<T>(path, signal);
    } catch (err) {
      if (signal.aborted) throw err;
      onError?.(err as Error, attempt);
      const pause = Math.min(1_000 * 2 ** (attempt - 1), 15_000);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pause);
        const abort = () => {
          clearTimeout(timer);
          resolve();
        };
        signal.addEventListener('abort', abort, { once: true });
      });
      if (signal.aborted) throw err;
    }
  }
}
