import { describe, expect, it } from 'vitest';
import { communeAnchor } from '../../server/src/geo/anchors.js';
import { communes, districtAt } from '../../server/src/geo/gazetteer.js';

describe('commune anchors', () => {
  it('places each of the 584 communes inside its own district, no two on the same spot', () => {
    const seen = new Set<string>();
    for (const c of communes()) {
      const anchor = communeAnchor(c.code);
      expect(anchor, c.code).toBeDefined();
      expect(districtAt(anchor!)?.code, `${c.fullName} (${c.code})`).toBe(c.districtCode);
      seen.add(anchor!.join(','));
    }
    expect(seen.size).toBe(584);
  });

  it('knows no commune outside the 2016 gazetteer', () => {
    expect(communeAnchor('99999')).toBeUndefined();
  });
});
