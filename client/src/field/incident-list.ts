import type { IncidentState } from '../../../protocol/index.js';

/** One row of the field view's incident list: an incident and how many reports repeat it. */
export interface IncidentRow {
  incident: IncidentState;
  duplicates: number;
}

const issuedAt = (s: IncidentState): number => {
  const t = Date.parse(s.dateIssued);
  return Number.isNaN(t) ? 0 : t;
};

/**
 * The open incidents, newest report first (then the later-stored one). A duplicate report is folded
 * into the incident it repeats ("+1 tin trùng"); one whose incident is not held any more is listed
 * on its own.
 */
export function incidentRows(all: readonly IncidentState[]): IncidentRow[] {
  const held = new Set(all.map((s) => s.id));
  const duplicates = new Map<string, number>();
  const rows: IncidentRow[] = [];
  for (const s of all) {
    if (s.duplicateOf !== null && held.has(s.duplicateOf))
      duplicates.set(s.duplicateOf, (duplicates.get(s.duplicateOf) ?? 0) + 1);
    else rows.push({ incident: s, duplicates: 0 });
  }
  for (const row of rows) row.duplicates = duplicates.get(row.incident.id) ?? 0;
  return rows.sort((a, b) => issuedAt(b.incident) - issuedAt(a.incident) || b.incident.seq - a.incident.seq);
}

/** "Trường Chinh, Đống Đa": the reported address as typed, or null (the caller falls back to the district). */
export function shortAddress(s: IncidentState): string | null {
  const a = s.address;
  if (!a) return null;
  const parts = [a.streetAddress, a.addressLocality, a.addressRegion].filter((p): p is string => Boolean(p));
  return parts.length > 0 ? parts.join(', ') : null;
}
