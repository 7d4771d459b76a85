import type { AuditOtherActor, SessionUser } from '../../../../protocol/index.js';
import type { Tx } from '../../platform/db/transaction.js';
import type { AuditRepository } from './audit.repository.js';

/** A response unit acting through its own feed (a report that moved its incident on), not an account. */
export interface UnitActor {
  unitId: string;
  callSign: string;
}
/**
 * Neither an account nor a unit: the admin command (`cli`, named after the shell's user), the server
 * itself at start (`system`), or someone not signed in (`anonymous`: a failed sign-in).
 */
export interface OtherActor {
  actor: AuditOtherActor;
  /** What the row's username says: `cli:<shell user>`, `system`, `anonymous`. */
  username: string;
}
/** Who acted: a signed-in user, a response unit, or another actor. */
export type Actor = Pick<SessionUser, 'id' | 'username'> | UnitActor | OtherActor;
export const isUnitActor = (a: Actor): a is UnitActor => 'unitId' in a;
export const isOtherActor = (a: Actor): a is OtherActor => 'actor' in a;

/** The admin command run from a shell, as an actor. */
export const cliActor = (shellUser: string): OtherActor => ({ actor: 'cli', username: `cli:${shellUser}` });
export const SYSTEM_ACTOR: OtherActor = { actor: 'system', username: 'system' };
export const ANONYMOUS_ACTOR: OtherActor = { actor: 'anonymous', username: 'anonymous' };

/** What one user (or unit, or other actor) did to one target, with the target as consoles saw it before and after. */
export interface AuditAction {
  user: Actor;
  action: string;
  target: { kind: string; id: string };
  before: unknown;
  after: unknown;
}

/**
 * The audit log: every operator action is recorded inside the transaction that makes the change,
 * so an action is never stored without its row (nor a row without its action). A unit's row has no
 * user id: its username is `unit:<unitId>`, with the unit and its call sign beside it; another
 * actor's row has neither, only what kind of actor it was.
 */
export function createAuditService(deps: { repo: AuditRepository }) {
  return {
    record: (tx: Tx, a: AuditAction): Promise<void> => {
      const what = {
        action: a.action,
        targetKind: a.target.kind,
        targetId: a.target.id,
        before: a.before,
        after: a.after,
      };
      const actor = a.user;
      return deps.repo.insert(
        tx,
        isUnitActor(actor)
          ? {
              ...what,
              userId: null,
              username: `unit:${actor.unitId}`,
              unit: { id: actor.unitId, callSign: actor.callSign },
            }
          : isOtherActor(actor)
            ? { ...what, userId: null, username: actor.username, actor: actor.actor }
            : { ...what, userId: actor.id, username: actor.username },
      );
    },
    list: deps.repo.list,
    forTarget: deps.repo.forTarget,
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
