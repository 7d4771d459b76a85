import { parse as parseCookies } from 'cookie';
import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import { can, type Permission } from '../../../../protocol/index.js';
import type { Authenticated } from '../../modules/accounts/accounts.service.js';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';

/** The session cookie: httpOnly (scripts never see it), SameSite=Strict (no cross-site requests carry it). */
export const SESSION_COOKIE = 'hanoi_session';

export const sessionToken = (cookieHeader: string | undefined): string | undefined =>
  cookieHeader ? parseCookies(cookieHeader)[SESSION_COOKIE] : undefined;

export function cookieOptions(req: Request, maxAgeMs: number): CookieOptions {
  // Secure whenever the browser came over HTTPS (directly, or through a proxy Express trusts).
  return { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', maxAge: maxAgeMs };
}

export type Authenticate = (token: string | undefined) => Promise<Authenticated | null>;

/** Puts the signed-in user (or null) in `res.locals.auth`. */
export function sessionAuth(authenticate: Authenticate): RequestHandler {
  return async (req, res, next) => {
    try {
      res.locals.auth = await authenticate(sessionToken(req.headers.cookie));
      next();
    } catch (err) {
      next(err);
    }
  };
}

export const authOf = (res: Response): Authenticated | null => (res.locals.auth as Authenticated | null) ?? null;

/**
 * Signed in with a role that has `permission` (or, given a list, any one of them): 401 without a
 * session (or one that ended), 403 for a role without the permission or a password that must be
 * changed first.
 */
export function requirePermission(
  authenticate: Authenticate,
  permission: Permission | readonly Permission[],
): RequestHandler {
  const session = sessionAuth(authenticate);
  const anyOf: readonly Permission[] = typeof permission === 'string' ? [permission] : permission;
  return (req, res, next) =>
    session(req, res, (err?: unknown) => {
      if (err) return next(err);
      const auth = authOf(res);
      if (!auth) return next(new UnauthenticatedError('Sign in first.'));
      if (auth.user.mustChangePassword) return next(new ForbiddenError('Change your password first.'));
      if (!anyOf.some((p) => can(auth.user.role, p)))
        return next(new ForbiddenError(`The role ${auth.user.role} may not do this (${anyOf.join(' or ')}).`));
      next();
    });
}
