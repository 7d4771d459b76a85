import { z } from 'zod';

/**
 * Who may do what. The server checks a permission for every REST call and socket command; the
 * console only uses the same table to hide what the user could not do anyway.
 */
export const ROLES = ['viewer', 'operator', 'dispatcher', 'supervisor', 'admin', 'press'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const PERMISSIONS = [
  /** The live map: every layer, crime as generalised points. */
  'console.view',
  /** The press view: public layers only, crime as district totals, no descriptions or notes. */
  'wall.view',
  /** Crime reports one by one (generalised positions), not only district totals. */
  'crime.points',
  /** Exact crime locations and the people involved. */
  'crime.exact',
  /** Acknowledge alarms and incidents. */
  'alerts.acknowledge',
  /** Dispatch units to incidents, change an incident's status. */
  'incidents.dispatch',
  /** The feed quarantine: rejected messages and their reasons. */
  'quarantine.view',
  /** Accounts: create, change role, disable. */
  'users.manage',
  /** The audit log: who acknowledged what, and when. */
  'audit.view',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const VIEW: Permission[] = ['console.view', 'wall.view', 'crime.points'];
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  press: ['wall.view'],
  viewer: VIEW,
  operator: [...VIEW, 'alerts.acknowledge'],
  dispatcher: [...VIEW, 'alerts.acknowledge', 'incidents.dispatch'],
  supervisor: [...VIEW, 'alerts.acknowledge', 'incidents.dispatch', 'crime.exact', 'quarantine.view', 'audit.view'],
  admin: [
    ...VIEW,
    'alerts.acknowledge',
    'incidents.dispatch',
    'crime.exact',
    'quarantine.view',
    'audit.view',
    'users.manage',
  ],
};

export const can = (role: Role, permission: Permission): boolean => ROLE_PERMISSIONS[role].includes(permission);

/** The signed-in user, as the console sees them. */
export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  permissions: Permission[];
  /** A first or reset password: the user must choose a new one before anything else. */
  mustChangePassword: boolean;
}

export const usernameSchema = z
  .string()
  .min(3)
  .max(40)
  .regex(/^[a-z0-9._-]+$/, 'lower-case letters, digits, dot, dash, underscore');
/** Long enough to resist guessing; no composition rules (NIST SP 800-63B). */
export const passwordSchema = z.string().min(10, 'at least 10 characters').max(200);

export const signInRequestSchema = z.object({
  username: z.string().min(1).max(40),
  password: z.string().min(1).max(200),
});
export const changePasswordRequestSchema = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: passwordSchema,
});
export const createUserRequestSchema = z.object({
  username: usernameSchema,
  displayName: z.string().trim().normalize('NFC').min(1).max(120),
  role: roleSchema,
  password: passwordSchema,
});
export const updateUserRequestSchema = z
  .object({
    displayName: z.string().trim().normalize('NFC').min(1).max(120).optional(),
    role: roleSchema.optional(),
    disabled: z.boolean().optional(),
    password: passwordSchema.optional(),
  })
  .refine((u) => Object.keys(u).length > 0, { message: 'nothing to change' });

/** An account, as administrators see it (never the password hash). */
export interface UserAccount {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  mustChangePassword: boolean;
  createdAt: string;
  updatedAt: string;
}
