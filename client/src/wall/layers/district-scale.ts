import { BACKLOG_COLOURS } from '../../features/backlog/backlog-classes.js';

/**
 * The wall's district colours. Crime: a sequential scale on the district's total relative to the
 * highest (dark violet to amber, readable on the dark map); a district without reports is not
 * filled. Backlog: the console's on/below-target colours, as a fill.
 */
export const CRIME_SCALE: ReadonlyArray<readonly [level: number, colour: string]> = [
  [0, '#4a1d5e'],
  [0.35, '#9d2463'],
  [0.7, '#e0474c'],
  [1, '#fbab5c'],
];

export const BACKLOG_FILL = {
  on_target: BACKLOG_COLOURS.on_target,
  below_target: BACKLOG_COLOURS.below_target,
} as const;

/** The crime scale's colour at a level 0..1 (what the map fills a district with), for the table's bars. */
export function crimeColour(level: number): string {
  const at = Math.min(1, Math.max(0, level));
  for (let i = 1; i < CRIME_SCALE.length; i++) {
    const [l1, c1] = CRIME_SCALE[i]!;
    const [l0, c0] = CRIME_SCALE[i - 1]!;
    if (at > l1) continue;
    const f = l1 === l0 ? 1 : (at - l0) / (l1 - l0);
    const rgb = (c: string) => [1, 3, 5].map((k) => parseInt(c.slice(k, k + 2), 16));
    const [a, b] = [rgb(c0), rgb(c1)];
    return `rgb(${a.map((v, k) => Math.round(v + (b[k]! - v) * f)).join(' ')})`;
  }
  return CRIME_SCALE[CRIME_SCALE.length - 1]![1];
}

/** CSS gradient of the crime scale, for the legend. */
export const crimeGradient = (): string =>
  `linear-gradient(90deg, ${CRIME_SCALE.map(([at, c]) => `${c} ${Math.round(at * 100)}%`).join(', ')})`;
