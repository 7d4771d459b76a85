import type { SessionUser } from '../../../protocol/index.js';
import { ApiError, send } from './http.js';

export { ApiError };

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
