import express, { Router, type Response } from 'express';
import { z } from 'zod';
import {
  changePasswordRequestSchema,
  createUserRequestSchema,
  signInRequestSchema,
  updateUserRequestSchema,
  type SessionUser,
} from '../../../../protocol/index.js';
import { UnauthenticatedError, ValidationError } from '../../platform/errors.js';
import {
  authOf,
  cookieOptions,
  requirePermission,
  SESSION_COOKIE,
  sessionAuth,
  sessionToken,
} from '../../platform/http/session-auth.js';
import type { AccountsService } from './accounts.service.js';

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new ValidationError(
      'invalid request',
      parsed.error.issues.map((i) => ({ path: i.path, message: i.message })),
    );
  return parsed.data;
}

const json = express.json({ limit: '16kb' });

/** The signed-in administrator making a change: the actor its audit row names. */
function administrator(res: Response): SessionUser {
  const auth = authOf(res);
  if (!auth) throw new UnauthenticatedError('Not signed in.');
  return auth.user;
}

/**
 * `/api/v1/session`: sign in (POST, sets the httpOnly cookie), who am I (GET), sign out (DELETE),
 * change my password (POST /password).
 */
export function sessionRouter(accounts: AccountsService, opts: { sessionTtlSeconds: number }): Router {
  const router = Router();
  const session = sessionAuth(accounts.authenticate);

  router.post('/', json, async (req, res) => {
    const { username, password } = parse(signInRequestSchema, req.body);
    const { token, user } = await accounts.signIn(username, password, req.ip ?? 'unknown');
    res.cookie(SESSION_COOKIE, token, cookieOptions(req, opts.sessionTtlSeconds * 1000));
    res.status(201).json({ user });
  });

  router.get('/', session, (_req, res) => {
    const auth = authOf(res);
    if (!auth) throw new UnauthenticatedError('Not signed in.');
    res.json({ user: auth.user });
  });

  router.delete('/', async (req, res) => {
    const token = sessionToken(req.headers.cookie);
    if (token) await accounts.signOut(token);
    res.clearCookie(SESSION_COOKIE, { ...cookieOptions(req, 0), maxAge: undefined });
    res.status(204).end();
  });

  router.post('/password', json, session, async (req, res) => {
    const auth = authOf(res);
    if (!auth) throw new UnauthenticatedError('Not signed in.');
    const { currentPassword, newPassword } = parse(changePasswordRequestSchema, req.body);
    res.json({ user: await accounts.changePassword(auth, currentPassword, newPassword) });
  });

  return router;
}

/** `/api/v1/users`: accounts, for administrators (users.manage). */
export function usersRouter(accounts: AccountsService): Router {
  const router = Router();
  router.use(requirePermission(accounts.authenticate, 'users.manage'));

  router.get('/', async (_req, res) => {
    res.json({ users: await accounts.listUsers() });
  });

  router.post('/', json, async (req, res) => {
    // The administrator knows the password they set: it is one-time, like a reset.
    const input = parse(createUserRequestSchema, req.body);
    const user = await accounts.createUser({ ...input, mustChangePassword: true }, administrator(res));
    res.status(201).json({ user });
  });

  router.patch('/:id', json, async (req, res) => {
    const id = parse(z.coerce.number().int().positive(), req.params.id);
    const change = parse(updateUserRequestSchema, req.body);
    const admin = administrator(res);
    // An administrator cannot lock themselves out (and leave the centre without one).
    if (id === admin.id && (change.disabled || (change.role && change.role !== 'admin')))
      throw new ValidationError('You cannot disable or demote your own account.');
    res.json({ user: await accounts.updateUser(id, change, admin) });
  });

  return router;
}
