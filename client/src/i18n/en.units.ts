import type { viUnits } from './vi.units.js';

/** English texts of a unit's status order in its map popup; the same keys as `vi.units.ts`. */
export const enUnits: typeof viUnits = {
  unitStatus: {
    takeOut: 'Take out of service',
    putBack: 'Put back in service',
    sending: 'Sending the order…',
    sent: 'Order sent; waiting for the unit to report',
  },
};
