import type { NetworkHeartbeat } from '../../../protocol/index.js';
import type { Parsed } from '../ingest/parse.js';
import { rejectWith } from '../ingest/parse.js';
import { communeAnchor } from './anchors.js';

/**
 * A commune WAN node that reports only its commune is drawn at the commune's schematic anchor; an
 * unknown commune code is refused with a reason, not placed at random.
 */
export function placeNetworkNode(report: NetworkHeartbeat): Parsed<[number, number] | null> {
  if (!report.communeCode) return { ok: true, value: null };
  const anchor = communeAnchor(report.communeCode);
  return anchor
    ? { ok: true, value: [anchor[0], anchor[1]] }
    : rejectWith('unknown_commune', `communeCode ${report.communeCode} is not one of Hanoi's 584 communes`, [
        'communeCode',
      ]);
}
