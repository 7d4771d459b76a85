import type { BacklogReport, CrimeReport, IncidentReport } from '../../protocol/index.js';
import { communes } from '../../server/src/geo/gazetteer.js';

/**
 * What the browser tests of the event layers post to the real HTTP feeds, as the hotlines, the
 * police and the communes' public-service systems would: a small, deterministic city picture.
 */

export type AgencyFeed = 'incidents' | 'crime' | 'backlog';

/** A small deterministic generator (LCG), so every run posts the same picture. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const iso = (d: Date): string => d.toISOString().replace('Z', '+00:00');

/** Crime reports around a few busy places, with a mix of kinds and privacy levels. */
export function crimeReports(suffix: string, now: Date): CrimeReport[] {
  const rnd = random(2016);
  const hotspots: Array<{ at: [number, number]; count: number; spread: number }> = [
    { at: [105.851, 21.034], count: 14, spread: 0.008 }, // Phố cổ, Hoàn Kiếm
    { at: [105.827, 21.014], count: 9, spread: 0.01 }, // Đống Đa
    { at: [105.79, 21.03], count: 7, spread: 0.012 }, // Cầu Giấy
    { at: [105.86, 21.0], count: 6, spread: 0.012 }, // Hai Bà Trưng
    { at: [105.78, 20.97], count: 5, spread: 0.015 }, // Hà Đông
    { at: [105.885, 21.045], count: 4, spread: 0.012 }, // Long Biên
  ];
  const categories: CrimeReport['category'][] = [
    'theft',
    'theft',
    'theft',
    'burglary',
    'robbery',
    'assault',
    'fraud',
    'drugs',
    'vandalism',
    'public_order',
  ];
  const privacy: CrimeReport['privacy'][] = ['public', 'restricted', 'restricted', 'confidential'];
  const statuses: CrimeReport['status'][] = ['reported', 'reported', 'investigating', 'solved'];
  const out: CrimeReport[] = [];
  hotspots.forEach(({ at, count, spread }, h) => {
    for (let i = 0; i < count; i++) {
      out.push({
        externalId: `e2e-crime-${suffix}-${h}-${i}`,
        dateObserved: iso(new Date(now.getTime() - Math.floor(rnd() * 20 * 86_400_000))),
        category: categories[Math.floor(rnd() * categories.length)]!,
        status: statuses[Math.floor(rnd() * statuses.length)]!,
        privacy: privacy[Math.floor(rnd() * privacy.length)]!,
        location: {
          type: 'Point',
          coordinates: [at[0] + (rnd() - 0.5) * spread * 2, at[1] + (rnd() - 0.5) * spread * 2],
        },
      });
    }
  });
  return out;
}

/** Incidents of several kinds and severities; one reported by address only. */
export function incidentReports(suffix: string, now: Date): IncidentReport[] {
  const at = (minutesAgo: number) => iso(new Date(now.getTime() - minutesAgo * 60_000));
  const base = { alertSource: '113' as const };
  return [
    {
      ...base,
      externalId: `e2e-113-${suffix}-1`,
      dateIssued: at(12),
      category: 'traffic',
      subCategory: 'carAccident',
      severity: 'high',
      description: 'Va chạm giữa xe tải và xe máy trên đường Trường Chinh, một người bị thương.',
      location: { type: 'Point', coordinates: [105.8245, 21.0105] },
      address: { streetAddress: 'Trường Chinh', addressRegion: 'Đống Đa' },
    },
    {
      ...base,
      alertSource: '115',
      externalId: `e2e-115-${suffix}-2`,
      dateIssued: at(25),
      category: 'health',
      severity: 'medium',
      description: 'Người đi bộ ngất xỉu gần hồ Hoàn Kiếm.',
      location: { type: 'Point', coordinates: [105.8522, 21.0288] },
    },
    {
      ...base,
      externalId: `e2e-113-${suffix}-3`,
      dateIssued: at(40),
      category: 'security',
      severity: 'low',
      description: 'Tụ tập gây ồn ào sau 23 giờ.',
      location: { type: 'Point', coordinates: [105.8361, 21.0476] },
    },
    {
      ...base,
      alertSource: 'agency',
      externalId: `e2e-agency-${suffix}-4`,
      dateIssued: at(55),
      category: 'infrastructure',
      severity: 'informational',
      description: 'Cây xanh đổ chắn một phần làn đường.',
      location: { type: 'Point', coordinates: [105.8705, 20.9905] },
    },
    {
      ...base,
      alertSource: 'citizen',
      externalId: `e2e-citizen-${suffix}-5`,
      dateIssued: at(8),
      category: 'environment',
      severity: 'medium',
      description: 'Khói đốt rác bốc cao.',
      address: { addressRegion: 'Long Biên' },
    },
  ];
}

/**
 * Figures of every commune for two sectors the agency simulators do not report (social, transport),
 * so the test knows those lines exactly. Phúc Xá (00001) is at 80% online with 3 overdue dossiers.
 */
export function backlogReports(now: Date): BacklogReport[] {
  const rnd = random(584);
  const dateObserved = iso(new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000));
  const out: BacklogReport[] = [];
  for (const c of communes()) {
    const quiet = rnd() < 0.04;
    for (const sector of ['social', 'transport'] as const) {
      const received = quiet ? 0 : 8 + Math.floor(rnd() * 60);
      const share = 0.5 + rnd() * 0.42;
      const overdue = quiet || rnd() < 0.35 ? 0 : Math.floor(rnd() * rnd() * 14);
      const inProgress = Math.floor(received * 0.3);
      out.push({
        dateObserved,
        communeCode: c.code,
        sector,
        received,
        inProgress,
        resolved: received - inProgress,
        overdue,
        submittedOnline: Math.floor(received * share),
      });
    }
  }
  for (const r of out) {
    if (r.communeCode !== '00001') continue;
    Object.assign(
      r,
      r.sector === 'social'
        ? { received: 40, inProgress: 10, resolved: 30, overdue: 2, submittedOnline: 32 }
        : { received: 10, inProgress: 2, resolved: 8, overdue: 1, submittedOnline: 8 },
    );
  }
  return out;
}

/** Posts many reports, a few at a time; fails on the first that is not accepted. */
export async function postAll(
  post: (feed: AgencyFeed, body: unknown) => Promise<Response>,
  feed: AgencyFeed,
  reports: readonly unknown[],
  concurrency = 12,
): Promise<Array<{ id: string; seq: number; duplicateOf?: string | null }>> {
  const results: Array<{ id: string; seq: number; duplicateOf?: string | null }> = new Array(reports.length);
  let next = 0;
  const worker = async () => {
    while (next < reports.length) {
      const i = next++;
      const res = await post(feed, reports[i]);
      if (res.status !== 202) throw new Error(`${feed} report ${i}: HTTP ${res.status} ${await res.text()}`);
      results[i] = (await res.json()) as { id: string; seq: number };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}
