import type { viAuth } from './vi.auth.js';

/** English texts of signing in and out: the same keys as `vi.auth.ts`. */
export const enAuth: typeof viAuth = {
  auth: {
    title: 'Sign in',
    intro: 'For staff with an account only. Every action is recorded.',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    signingIn: 'Signing in…',
    signOut: 'Sign out',
    expired: 'Your session has ended. Please sign in again.',
    role: {
      viewer: 'Viewer',
      operator: 'Operator',
      dispatcher: 'Dispatcher',
      supervisor: 'Supervisor',
      admin: 'Administrator',
      press: 'Press',
    },
    change: {
      title: 'Change password',
      intro: 'This is a one-time password. Choose a new one before you continue.',
      current: 'Current password',
      next: 'New password (at least 10 characters)',
      repeat: 'Repeat the new password',
      submit: 'Change password',
      mismatch: 'The two new passwords differ.',
      tooShort: 'The new password needs at least 10 characters.',
    },
    error: {
      invalid_credentials: 'Wrong username or password.',
      too_many_attempts: 'Too many failed sign-ins. Try again in {seconds} seconds.',
      validation_failed: 'Some of this is not valid.',
      unavailable: 'The server is not answering. Please try again.',
      other: 'That did not work. Please try again.',
    },
  },
};
