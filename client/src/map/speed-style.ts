import type { ExpressionSpecification } from 'maplibre-gl';
import { SPEED_COLOURS } from '../features/traffic/speed.js';

/** A feature's speed class (its `cls` property) as its colour: the legend's colours (features/traffic/speed.ts). */
export const SPEED_COLOUR: ExpressionSpecification = [
  'match',
  ['get', 'cls'],
  ...Object.entries(SPEED_COLOURS).flat(),
  SPEED_COLOURS.unknown,
] as unknown as ExpressionSpecification;

/** Drawing order by speed class: the congested last, on top of the others. */
export const SPEED_SORT_KEY: ExpressionSpecification = [
  'match',
  ['get', 'cls'],
  'jam',
  4,
  'slow',
  3,
  'moderate',
  2,
  'free',
  1,
  0,
];
