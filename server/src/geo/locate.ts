import type { IncidentReport, LonLat } from '../../../protocol/index.js';
import { communeAnchor } from './anchors.js';
import { communes, districtAt, districts } from './gazetteer.js';

/** "Quận Hoàn Kiếm", "hoan kiem", "HOÀN KIẾM" -> "hoan kiem": for matching names people type. */
export function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/^(quan|huyen|thi xa|phuong|xa|thi tran)\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface Located {
  position: LonLat | null;
  approximate: boolean;
  districtCode: string | null;
}

/**
 * Where a report is: its own location when it has one; otherwise its commune's schematic anchor or
 * its district's label point, marked approximate; otherwise nowhere (kept, listed, not mapped).
 */
export function locateReport(report: Pick<IncidentReport, 'location' | 'address'>): Located {
  if (report.location) {
    const position = report.location.coordinates as LonLat;
    return { position, approximate: false, districtCode: districtAt(position)?.code ?? null };
  }
  const region = report.address?.addressRegion && foldName(report.address.addressRegion);
  const locality = report.address?.addressLocality && foldName(report.address.addressLocality);
  const district = region ? districts().find((d) => foldName(d.name) === region) : undefined;
  const commune = locality
    ? communes().find((c) => foldName(c.name) === locality && (!district || c.districtCode === district.code))
    : undefined;
  if (commune) {
    const anchor = communeAnchor(commune.code);
    if (anchor) return { position: anchor, approximate: true, districtCode: commune.districtCode };
  }
  if (district) return { position: district.label, approximate: true, districtCode: district.code };
  return { position: null, approximate: true, districtCode: null };
}
