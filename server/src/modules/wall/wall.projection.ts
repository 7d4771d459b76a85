import type { DistrictBacklog, IncidentState, WallIncident } from '../../../../protocol/index.js';

const round3 = (v: number) => Number(v.toFixed(3));

/** The fields of an incident the wall may show; every other field (description, address, ...) stays out. */
export type WallIncidentSource = Pick<
  IncidentState,
  | 'seq'
  | 'id'
  | 'category'
  | 'subCategory'
  | 'severity'
  | 'status'
  | 'position'
  | 'districtCode'
  | 'dateIssued'
  | 'duplicateOf'
>;

/** An incident for the press wall: picked field by field (never spread), the position to about 100 m. */
export const toWallIncident = (i: WallIncidentSource): WallIncident => ({
  seq: i.seq,
  id: i.id,
  category: i.category,
  subCategory: i.subCategory,
  severity: i.severity,
  status: i.status,
  position: i.position ? [round3(i.position[0]), round3(i.position[1])] : null,
  districtCode: i.districtCode,
  dateIssued: i.dateIssued,
  duplicateOf: i.duplicateOf,
});

/** A district's summed figures, with the share submitted online. */
export const toDistrictBacklog = (
  districtCode: string,
  sums: Omit<DistrictBacklog, 'districtCode' | 'onlineShare'>,
): DistrictBacklog => ({
  districtCode,
  ...sums,
  onlineShare: sums.received > 0 ? round3(sums.submittedOnline / sums.received) : null,
});
