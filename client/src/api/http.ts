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

/** A refused API call: the server's stable code (mapped to a message in the user's language). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Sends a request to the console's own server (same origin, with the session cookie); rejects with an ApiError. */
export async function send<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } } & T;
  if (!res.ok) {
    const retry = Number(res.headers.get('retry-after'));
    throw new ApiError(
      res.status,
      json.error?.code ?? `http_${res.status}`,
      json.error?.message ?? `HTTP ${res.status}`,
      Number.isFinite(retry) && retry > 0 ? retry : undefined,
    );
  }
  return json;
}
