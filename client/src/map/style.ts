import type { StyleSpecification } from 'maplibre-gl';

/**
 * The console's own base style: no tiles, no remote glyphs or sprites (the centre runs offline).
 * Only a background and empty "slot" layers; each layer component adds its source and layers into
 * a slot, so the drawing order does not depend on which component's data arrives first.
 */
export const PALETTE = {
  background: '#070c16',
  districtUrban: '#14213a',
  districtRural: '#0f1829',
  districtTown: '#121d33',
  districtOutline: '#31456b',
  label: '#c3cde0',
  labelMuted: '#8391aa',
  halo: '#070c16',
  water: '#1b4f86',
  waterFill: '#133c68',
  road: { expressway: '#9aa3b5', ring: '#7f8aa0', bridge: '#9aa3b5', artery: '#5d6880', street: '#46506a' },
  landmark: {
    hospital: '#f0abfc',
    police: '#60a5fa',
    transport: '#a5b4fc',
    landmark: '#cbd5e1',
    government: '#fde68a',
  },
} as const;

/**
 * Drawing order, bottom to top. Labels in a higher slot also win label collisions: district names
 * ('labels') are placed before road, water and place names ('minor-labels'). 'infra' holds the
 * background infrastructure (the WAN nodes), under the live picture of 'live'.
 */
export const MAP_SLOTS = ['areas', 'water', 'roads', 'minor-labels', 'labels', 'infra', 'live', 'top'] as const;
export type MapSlot = (typeof MAP_SLOTS)[number];

/** The hidden layer that closes a slot: a layer goes into a slot by being added before it. */
export const slotAnchor = (slot: MapSlot): string => `slot:${slot}`;

export function baseStyle(): StyleSpecification {
  return {
    version: 8,
    name: 'Hanoi operations console (dark)',
    // No `glyphs`: MapLibre draws text with local fonts (see fonts.ts).
    sources: {},
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': PALETTE.background } },
      ...MAP_SLOTS.map((slot) => ({
        id: slotAnchor(slot),
        type: 'background' as const,
        layout: { visibility: 'none' as const },
      })),
    ],
  };
}
