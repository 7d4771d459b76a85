import type { SessionUser } from '../../../protocol/index.js';

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

async function send<T>(method: string, path: string, body?: unknown): Promise<T> {
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

/** Who is signed in (null when nobody, or the session ended). */
export async function fetchSession(): Promise<SessionUser | null> {
  try {
    return (await send<{ user: SessionUser }>('GET', '/api/v1/session')).user;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export const postSignIn = async (username: string, password: string): Promise<SessionUser> =>
  (await send<{ user: SessionUser }>('POST', '/api/v1/session', { username, password })).user;

export const deleteSession = (): Promise<void> => send<void>('DELETE', '/api/v1/session');

export const postPasswordChange = async (currentPassword: string, newPassword: string): Promise<SessionUser> =>
  (await send<{ user: SessionUser }>('POST', '/api/v1/session/password', { currentPassword, newPassword })).user;
