import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import {
  can,
  ROLES,
  type Ack,
  type ClientToServerEvents,
  type Permission,
  type Role,
  type ServerToClientEvents,
  type SessionUser,
} from '../../protocol/index.js';
import { eventually, openSocket, TEST_PASSWORD, type ConsoleSocket } from './clients.js';

/** Who can call the server: a signed-in role, or a browser without a session. */
export type Subject = Role | 'anonymous';
export const SUBJECTS: readonly Subject[] = ['anonymous', ...ROLES];

/** What an action needs: nothing, a session, or a role with a permission (any of a list; protocol/roles.ts). */
export type Need = Permission | readonly Permission[] | 'signed-in' | 'anyone';

/** Whether `subject` may call an action that needs `need`, from the roles table alone. */
export const mayCall = (subject: Subject, need: Need): boolean =>
  need === 'anyone' ||
  (subject !== 'anonymous' &&
    (need === 'signed-in' || (typeof need === 'string' ? can(subject, need) : need.some((p) => can(subject, p)))));

/** The demo account of a role (startTestServer seeds one per role with TEST_PASSWORD). */
export const demoAccount = (role: Role): string => `demo-${role}`;

/** Signs in and answers the session cookie (`name=value`) and the user the server says is signed in. */
export async function signInAs(
  url: string,
  username: string,
  password = TEST_PASSWORD,
): Promise<{ cookie: string; user: SessionUser }> {
  const res = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 201) throw new Error(`sign-in as ${username} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('hanoi_session='))
    ?.split(';')[0];
  if (!cookie) throw new Error('sign-in set no session cookie');
  return { cookie, user: ((await res.json()) as { user: SessionUser }).user };
}

export interface Heard {
  event: string;
  payload: unknown;
}

/** Everything one socket receives, in order, with ways to wait for a push or for silence. */
export interface Listener {
  readonly heard: Heard[];
  /** A mark to compare against later: what was heard after it is `since(mark)`. */
  mark(): number;
  since(mark: number): Heard[];
  /** The first push of `event` (after `from`) whose payload matches. */
  waitFor<E extends keyof ServerToClientEvents>(
    event: E,
    match: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean,
    opts?: { from?: number; timeoutMs?: number },
  ): Promise<Parameters<ServerToClientEvents[E]>[0]>;
  /** Waits until nothing has been heard for `quietMs` (what earlier calls pushed has arrived). */
  settle(quietMs?: number): Promise<void>;
}

export function listen(socket: ConsoleSocket): Listener {
  const heard: Heard[] = [];
  let last = Date.now();
  socket.onAny((event: string, payload: unknown) => {
    heard.push({ event, payload });
    last = Date.now();
  });
  return {
    heard,
    mark: () => heard.length,
    since: (mark) => heard.slice(mark),
    async waitFor(event, match, opts = {}) {
      const found = await eventually(
        () =>
          heard
            .slice(opts.from ?? 0)
            .find((h) => h.event === event && match(h.payload as Parameters<ServerToClientEvents[typeof event]>[0])),
        opts.timeoutMs ?? 5_000,
        `${event} pushed`,
      );
      return found.payload as Parameters<ServerToClientEvents[typeof event]>[0];
    },
    async settle(quietMs = 100) {
      await eventually(() => Date.now() - last >= quietMs, 5_000, `${quietMs} ms without a push`);
    },
  };
}

/** Fails when `listener` hears anything after `mark` within `ms`: a refused call pushes nothing. */
export async function expectNoBroadcast(listener: Listener, mark: number, ms: number, what = 'a refused call') {
  await new Promise((r) => setTimeout(r, ms));
  expect(
    listener.since(mark).map((h) => h.event),
    `pushed after ${what}`,
  ).toEqual([]);
}

/** A role's demo account, signed in, with a console socket whose every push is recorded. */
export interface RoleSession {
  role: Role;
  cookie: string;
  user: SessionUser;
  socket: ConsoleSocket;
  listener: Listener;
}

export async function connectAs(url: string, role: Role, username = demoAccount(role)): Promise<RoleSession> {
  const { cookie, user } = await signInAs(url, username);
  const socket = await openSocket(url, cookie);
  return { role, cookie, user, socket, listener: listen(socket) };
}

/** Every role signed in at once, each with its own console socket. */
export async function connectRoles(url: string, roles: readonly Role[] = ROLES): Promise<Map<Role, RoleSession>> {
  const sessions = await Promise.all(roles.map((role) => connectAs(url, role)));
  return new Map(sessions.map((s) => [s.role, s]));
}

export type SocketEvent = keyof ClientToServerEvents;
/** One request: REST (with the caller's cookie, another session's, or none: `null`), or a socket command. */
export type Call =
  | { rest: 'GET' | 'POST' | 'PATCH' | 'DELETE'; path: string; body?: unknown; cookie?: string | null }
  | { socket: SocketEvent; payload: unknown };
/** The server's answer: the REST status and body, or the socket's ack (its `data` or `error` as `body`). */
export interface Answer {
  ok: boolean;
  status?: number;
  body: unknown;
  ack?: Ack<unknown>;
  headers?: Headers;
}

/** Sends `call` as `caller` (a signed-in role, or no one): over REST, or on the caller's console socket. */
export async function perform(
  url: string,
  call: Call,
  caller?: { cookie: string; socket: ConsoleSocket },
): Promise<Answer> {
  if ('socket' in call) {
    if (!caller) throw new Error('a socket command needs a signed-in caller');
    const ack = (await caller.socket.timeout(5_000).emitWithAck(call.socket, call.payload as never)) as Ack<unknown>;
    return { ok: ack.ok, ack, body: ack.ok ? ack.data : ack.error };
  }
  const cookie = call.cookie === undefined ? caller?.cookie : call.cookie;
  const res = await fetch(`${url}${call.path}`, {
    method: call.rest,
    headers: {
      ...(call.body ? { 'content-type': 'application/json' } : {}),
      ...(cookie ? { cookie } : {}),
    },
    body: call.body ? JSON.stringify(call.body) : undefined,
  });
  const json = res.headers.get('content-type')?.includes('json');
  const body: unknown = res.status === 204 ? null : json ? await res.json() : await res.text();
  return { ok: res.status < 300, status: res.status, body, headers: res.headers };
}

/**
 * The REST routes the server mounts, read from its source (app.ts, every *.routes.ts, the operations
 * endpoints), as `METHOD /path`; the agencies' feeds behind API keys are left out.
 */
export function mountedRoutes(): string[] {
  const src = (path: string) =>
    readFileSync(fileURLToPath(new URL(`../../server/src/${path}`, import.meta.url)), 'utf8');
  const routesOf = new Map<string, Array<[string, string]>>();
  const files = [
    'geo/geo.routes.ts',
    ...readdirSync(fileURLToPath(new URL('../../server/src/modules', import.meta.url)), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.routes.ts'))
      .map((f) => `modules/${f}`),
  ];
  // Each exported router factory and the routes it declares (`router.get('/path', ...)`).
  const factories = files.flatMap((file) =>
    src(file)
      .split(/export function /)
      .slice(1),
  );
  for (const part of factories)
    routesOf.set(
      /^\w+/.exec(part)![0],
      [...part.matchAll(/router\.(get|post|patch|put|delete)\(\s*'([^']*)'/g)].map((m) => [m[1]!, m[2]!]),
    );
  const mounted = [...src('app.ts').matchAll(/'(\/[^']*)':\s*(\w+)\(/g)].filter(
    ([, mount]) => !mount!.startsWith('/api/v1/feeds/') && !mount!.startsWith('/open311'),
  );
  const routes = mounted.flatMap(([, mount, router]) =>
    (routesOf.get(router!) ?? []).map(
      ([method, path]) => `${method.toUpperCase()} ${mount}${path === '/' ? '' : path}`,
    ),
  );
  const operations = [...src('platform/http/app.ts').matchAll(/app\.(get|post)\(\s*'([^']*)'/g)].map(
    ([, method, path]) => `${method!.toUpperCase()} ${path}`,
  );
  return [...routes, ...operations];
}
