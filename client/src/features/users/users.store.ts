import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { UserAccount } from '../../../../protocol/index.js';
import { ApiError } from '../../api/http.js';
import { createUser, fetchUsers, updateUser, type NewUser, type UserChange } from '../../api/users.js';

/** Why an account change failed, as the users page names it (`users.error.<code>`). */
export type UsersErrorCode = 'conflict' | 'validation_failed' | 'forbidden' | 'not_found' | 'offline' | 'other';

export function usersError(err: unknown): UsersErrorCode {
  if (err instanceof ApiError) {
    if (err.status === 409) return 'conflict';
    if (err.status === 400) return 'validation_failed';
    if (err.status === 403) return 'forbidden';
    if (err.status === 404) return 'not_found';
    return 'other';
  }
  return err instanceof TypeError ? 'offline' : 'other';
}

/**
 * The accounts page's state: the list, and one change at a time (its error kept by account id,
 * `new` for the form). The server checks everything again (users.manage, no self-demotion).
 */
export const useUsersStore = defineStore('users', () => {
  const users = shallowRef<readonly UserAccount[]>([]);
  const loaded = shallowRef(false);
  const loadError = shallowRef<UsersErrorCode | null>(null);
  const pending = shallowRef<number | 'new' | null>(null);
  const errors = shallowRef<ReadonlyMap<number | 'new', UsersErrorCode>>(new Map());
  const sorted = computed(() => [...users.value].sort((a, b) => a.username.localeCompare(b.username)));

  const setError = (key: number | 'new', code: UsersErrorCode | null) => {
    const next = new Map(errors.value);
    if (code) next.set(key, code);
    else next.delete(key);
    errors.value = next;
  };
  const put = (u: UserAccount) => {
    users.value = [...users.value.filter((x) => x.id !== u.id), u];
  };

  async function load(): Promise<void> {
    try {
      users.value = await fetchUsers();
      loaded.value = true;
      loadError.value = null;
    } catch (err) {
      loadError.value = usersError(err);
    }
  }

  async function run(key: number | 'new', task: () => Promise<UserAccount>): Promise<boolean> {
    if (pending.value !== null) return false;
    pending.value = key;
    setError(key, null);
    try {
      put(await task());
      return true;
    } catch (err) {
      setError(key, usersError(err));
      return false;
    } finally {
      pending.value = null;
    }
  }

  return {
    users: sorted,
    loaded,
    loadError,
    pending,
    errors,
    load,
    create: (u: NewUser) => run('new', () => createUser(u)),
    update: (id: number, change: UserChange) => run(id, () => updateUser(id, change)),
  };
});
