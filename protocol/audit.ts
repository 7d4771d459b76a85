import { z } from 'zod';
import type { Role } from './roles.js';

/**
 * `GET /api/v1/audit?limit=&before=` (permission `audit.view`): what operators did, newest first,
 * append-only. Page with `before` = the smallest `id` of the previous page. A change that a response
 * unit's own report made (an incident en route or on scene) is recorded too, with the unit as actor.
 */
export type AuditEntry = AuditEntryBase &
  (
    | {
        /** The account that acted; `username` is its username at the time. */
        userId: number;
        unit?: undefined;
        actor?: undefined;
      }
    | {
        /** No account acted: the unit did, through its feed; `username` is `unit:<unitId>`. */
        userId: null;
        unit: AuditUnit;
        actor?: undefined;
      }
  );

interface AuditEntryBase {
  id: number;
  at: string;
  username: string;
  /** What was done, e.g. `acknowledge`, or `unit_report` for a unit's report. */
  action: string;
  /** What it was done to, e.g. `incident` INC-0000042. */
  targetKind: string;
  targetId: string;
  /** The target as consoles saw it before and after. */
  before: unknown;
  after: unknown;
}

/** A response unit that acted, with its call sign at the time. */
export interface AuditUnit {
  id: string;
  callSign: string;
}

/**
 * Who acted when it was neither an account nor a unit: `cli`, the admin command (`npm run admin`;
 * `username` is `cli:<the shell's user>`); `system`, the server itself at start (the first
 * administrator, the demo accounts; `username` is `system`); `anonymous`, someone not signed in
 * (a failed sign-in; `username` is `anonymous`, the name they tried is the target).
 */
export const AUDIT_OTHER_ACTORS = ['cli', 'system', 'anonymous'] as const;
export type AuditOtherActor = (typeof AUDIT_OTHER_ACTORS)[number];

/** A row that no account and no unit made. */
export type AuditOtherEntry = AuditEntryBase & { userId: null; unit?: undefined; actor: AuditOtherActor };

/** Any row of the log: an account's, a unit's, or another actor's. */
export type AuditLogEntry = AuditEntry | AuditOtherEntry;

export interface AuditPage {
  entries: AuditLogEntry[];
}

/**
 * What is done to accounts (`targetKind` `user`, `targetId` the username — for a failed sign-in the
 * name that was tried, cut to 40 characters, whether or not such an account exists):
 * - `create_user`, `update_user` (an administrator, the admin command, or `system` at start):
 *   before and after are the account's public fields ({@link AuditAccountFields}); a password set for
 *   the user shows only as `password: "reset"` (one-time) or `"changed"`;
 * - `sign_in` (the user; after `{client}`), `sign_in_failed` (`anonymous`; after `{reason, client}`,
 *   and `retryAfterSeconds` when throttled), `sign_out` (the user);
 * - `change_password` (the user, their own; after `{password: "changed"}`).
 * Never a password or a password hash.
 */
export const ACCOUNT_AUDIT_ACTIONS = [
  'create_user',
  'update_user',
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'change_password',
] as const;
export type AccountAuditAction = (typeof ACCOUNT_AUDIT_ACTIONS)[number];

/** Why a sign-in failed: the caller always gets the same `invalid_credentials` (or `too_many_attempts`). */
export type SignInFailure = 'unknown_user' | 'wrong_password' | 'disabled' | 'too_many_attempts';

/** An account in an audit row's before and after. */
export interface AuditAccountFields {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  mustChangePassword: boolean;
  password?: 'changed' | 'reset';
}

/**
 * `GET /api/v1/audit` query: `limit` (1–500, default 100), `before` (an id: older rows), and filters
 * that all must match: `action`, `targetKind`, `targetId`, `userId` (the acting account), `actor`
 * (`user`, `unit`, or one of {@link AUDIT_OTHER_ACTORS}).
 */
export const auditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().min(1).optional(),
  action: z.string().min(1).max(40).optional(),
  targetKind: z.string().min(1).max(40).optional(),
  targetId: z.string().min(1).max(100).optional(),
  userId: z.coerce.number().int().min(1).optional(),
  actor: z.enum(['user', 'unit', ...AUDIT_OTHER_ACTORS]).optional(),
});
export type AuditListQuery = z.infer<typeof auditQuerySchema>;
