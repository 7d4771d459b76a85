import type { CrimeState } from '../../../../protocol/index.js';

/**
 * Crime categories grouped for the map: violence against people, property, and the rest (fraud,
 * drugs, public order). Three colours read at a glance; the popup names the exact category.
 */
export const CRIME_GROUPS = ['violent', 'property', 'other'] as const;
export type CrimeGroup = (typeof CRIME_GROUPS)[number];

const GROUP_OF: Record<CrimeState['category'], CrimeGroup> = {
  robbery: 'violent',
  assault: 'violent',
  theft: 'property',
  burglary: 'property',
  vandalism: 'property',
  fraud: 'other',
  drugs: 'other',
  public_order: 'other',
  other: 'other',
};

export const crimeGroup = (s: CrimeState): CrimeGroup => GROUP_OF[s.category] ?? 'other';

export const CRIME_COLOURS: Record<CrimeGroup, string> = {
  violent: '#f43f5e',
  property: '#fbbf24',
  other: '#a78bfa',
};

/** Reports still open weigh fully in the heat map; solved or closed ones count half. */
export const isOpenCrime = (s: CrimeState): boolean => s.status === 'reported' || s.status === 'investigating';
