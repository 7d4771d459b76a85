import { defineStore } from 'pinia';
import { computed, readonly, shallowRef } from 'vue';
import { can as roleCan, type Permission, type SessionUser } from '../../../protocol/index.js';
import { deleteSession, fetchSession, postPasswordChange, postSignIn } from '../api/session.js';

/**
 * Who is signed in. The server decides everything (the session is an httpOnly cookie the console
 * never sees); this store only knows the user it was told about, to show the right view and hide
 * what the role could not do anyway.
 */
export const useSessionStore = defineStore('session', () => {
  const user = shallowRef<SessionUser | null>(null);
  /** False until the server has said whether a session exists. */
  const checked = shallowRef(false);
  /** Why the console went back to the sign-in page, when it was not the user's doing. */
  const endedBecause = shallowRef<'expired' | null>(null);

  const signedIn = computed(() => user.value !== null && !user.value.mustChangePassword);
  const can = (permission: Permission): boolean => (user.value ? roleCan(user.value.role, permission) : false);

  async function load(): Promise<SessionUser | null> {
    user.value = await fetchSession();
    checked.value = true;
    return user.value;
  }

  async function signIn(username: string, password: string): Promise<SessionUser> {
    user.value = await postSignIn(username, password);
    endedBecause.value = null;
    return user.value;
  }

  async function signOut(): Promise<void> {
    await deleteSession().catch(() => undefined);
    user.value = null;
  }

  async function changePassword(currentPassword: string, newPassword: string): Promise<SessionUser> {
    user.value = await postPasswordChange(currentPassword, newPassword);
    return user.value;
  }

  /** The server ended the session (logout elsewhere, disabled, expired): back to the sign-in page. */
  function expired(): void {
    if (user.value) endedBecause.value = 'expired';
    user.value = null;
    checked.value = true;
  }

  return {
    user: readonly(user),
    checked: readonly(checked),
    endedBecause: readonly(endedBecause),
    signedIn,
    can,
    load,
    signIn,
    signOut,
    changePassword,
    expired,
  };
});

export type SessionStore = ReturnType<typeof useSessionStore>;
