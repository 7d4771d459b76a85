import type { Role, UserAccount } from '../../../protocol/index.js';
import { send } from './http.js';

/** Accounts, for administrators (`users.manage`). */
export const fetchUsers = async (): Promise<UserAccount[]> =>
  (await send<{ users: UserAccount[] }>('GET', '/api/v1/users')).users;

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  /** One-time: the user chooses a new one at first sign-in. */
  password: string;
}
export const createUser = async (u: NewUser): Promise<UserAccount> =>
  (await send<{ user: UserAccount }>('POST', '/api/v1/users', u)).user;

export interface UserChange {
  displayName?: string;
  role?: Role;
  disabled?: boolean;
  /** A one-time password the user must change at next sign-in. */
  password?: string;
}
export const updateUser = async (id: number, change: UserChange): Promise<UserAccount> =>
  (await send<{ user: UserAccount }>('PATCH', `/api/v1/users/${id}`, change)).user;
