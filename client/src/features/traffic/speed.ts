/**
 * Speed classes of a detector, shared by the map layer and the legend so the two never disagree.
 * Bounds in km/h: below 15 congested, 15-30 slow, 30-45 moderate, 45 and above free flow.
 */
export type SpeedClass = 'jam' | 'slow' | 'moderate' | 'free' | 'unknown';

export const SPEED_CLASSES: readonly SpeedClass[] = ['jam', 'slow', 'moderate', 'free', 'unknown'];

export const SPEED_COLOURS: Record<SpeedClass, string> = {
  jam: '#ef4444',
  slow: '#f97316',
  moderate: '#facc15',
  free: '#22c55e',
  unknown: '#8a94a6',
};

export function speedClass(speed: number | null | undefined): SpeedClass {
  if (speed === null || speed === undefined || !Number.isFinite(speed)) return 'unknown';
  if (speed < 15) return 'jam';
  if (speed < 30) return 'slow';
  if (speed < 45) return 'moderate';
  return 'free';
}
