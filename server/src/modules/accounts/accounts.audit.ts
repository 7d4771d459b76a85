import type { AuditAccountFields } from '../../../../protocol/index.js';
import type { UserRow } from './accounts.repository.js';

/** An account as its audit rows show it before and after: the public fields, never the password or its hash. */
export const audited = (u: UserRow, password?: AuditAccountFields['password']): AuditAccountFields => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  disabled: u.disabled,
  mustChangePassword: u.mustChangePassword,
  ...(password ? { password } : {}),
});

/** Account rows name their target by username (unique, never changed): known or not, for a failed sign-in. */
export const userTarget = (username: string) => ({ kind: 'user', id: username });

/** A name someone tried to sign in with, as the log keeps it: at most 40 characters, no control characters. */
export const triedName = (name: string) => name.replace(/\p{C}/gu, '?').slice(0, 40);
