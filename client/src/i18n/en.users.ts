/** English texts of the accounts page, spread into `en.ts`; the same keys as `vi.users.ts`. */
export const enUsers = {
  users: {
    link: 'Accounts',
    title: 'Staff accounts',
    intro:
      "A password set here is one-time: the user must change it at sign-in. Disabling or demoting an account ends that user's open sessions at once.",
    active: '{count} active accounts',
    add: 'Add an account',
    username: 'Username',
    displayName: 'Display name',
    role: 'Role',
    oneTimePassword: 'One-time password',
    create: 'Create account',
    state: 'State',
    enabled: 'Active',
    disabled: 'Disabled',
    mustChange: 'must change password',
    updatedAt: 'Updated',
    enable: 'Enable',
    disable: 'Disable',
    reset: 'Set a new password',
    save: 'Save',
    cancel: 'Cancel',
    tooShort: 'The password needs at least {min} characters.',
    error: {
      conflict: 'This username is taken.',
      validation_failed:
        'Not valid (username: lower-case letters, digits, dot, dash; you cannot disable or demote yourself).',
      forbidden: 'Your role may not manage accounts.',
      not_found: 'This account no longer exists.',
      offline: 'The server cannot be reached. Please try again.',
      other: 'That did not work. Please try again.',
    },
  },
};
