import { districtAt, segment, segments } from '../../geo/gazetteer.js';
import { shortRoadName } from '../../routing/explain.js';
import { buildRoadGraph, type RoadGraph } from '../../routing/graph.js';

/** The gazetteer's roads as a routing graph, and where each segment is in words. */
export interface RoadNetwork {
  graph: RoadGraph;
  /** "Vành đai 2 đoạn qua Đống Đa" / "Vành đai 2 through Dong Da". */
  label(segmentId: string): { vi: string; en: string } | undefined;
}

export function createRoadNetwork(): RoadNetwork {
  const graph = buildRoadGraph(segments());
  return {
    graph,
    label(segmentId) {
      const s = segment(segmentId);
      if (!s) return undefined;
      const road = shortRoadName(s.name);
      const where = districtAt(s.midpoint);
      return where
        ? { vi: `${road} đoạn qua ${where.name}`, en: `${road} through ${where.nameEn}` }
        : { vi: road, en: road };
    },
  };
}
