import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, ROLES, type CrimeDetail, type CrimeReport, type Role } from '../../protocol/index.js';
import { signIn } from '../helpers/clients.js';
import { realServicesAvailable, startTestServer, type TestServer } from '../helpers/server.js';

const KEY = 'a-test-key-of-enough-length';
const modes = [
  ...(realServicesAvailable() ? [{ name: 'real PostgreSQL and Mosquitto', embedded: false }] : []),
  { name: 'embedded engines', embedded: true },
];

/** A burglary in Ba Đình, restricted (consoles get it to about 1 km), with persons that must never leave. */
const report: CrimeReport = {
  externalId: 'CAHN-2026-777001',
  dateObserved: '2026-11-27T21:40:00+07:00',
  category: 'burglary',
  status: 'investigating',
  privacy: 'restricted',
  location: { type: 'Point', coordinates: [105.83417, 21.03681] },
  address: { streetAddress: 'Số 12 ngõ 7 Đội Cấn', addressLocality: 'Đội Cấn', addressRegion: 'Ba Đình' },
  description: 'Kẻ gian cạy khóa cửa sau, lấy đi máy tính xách tay.',
  persons: [
    { role: 'victim', name: 'Lê Thị Hồng Nhung', phone: '0904 111 222' },
    { role: 'witness', name: 'Phạm Văn Quý', phone: '0913 333 444' },
  ],
};

describe.each(modes)('a crime report in detail, for roles allowed to see it, on $name', ({ embedded }) => {
  let server: TestServer;
  let id = '';
  const cookies = new Map<Role, string>();

  const cookieOf = async (role: Role) => {
    if (!cookies.has(role)) cookies.set(role, await signIn(server.url, `demo-${role}`));
    return cookies.get(role)!;
  };
  const getDetail = async (reportId: string, role?: Role) =>
    fetch(`${server.url}/api/v1/crime/${encodeURIComponent(reportId)}`, {
      headers: role ? { cookie: await cookieOf(role) } : {},
    });
  const reads = async (reportId: string) =>
    (
      await server.sql.query(
        `SELECT username, action, before, after, at FROM audit_log
         WHERE target_kind = 'crime' AND target_id = $1 ORDER BY id`,
        [reportId],
      )
    ).rows as Array<{ username: string; action: string; before: unknown; after: unknown; at: Date }>;

  beforeAll(async () => {
    server = await startTestServer({ embedded, overrides: { feedApiKeys: [{ agency: 'police113', key: KEY }] } });
    const res = await fetch(`${server.url}/api/v1/feeds/crime`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify(report),
    });
    expect(res.status).toBe(202);
    id = ((await res.json()) as { id: string }).id;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('answers only the roles with crime.exact, refuses the others with 403 and anonymous callers with 401', async () => {
    const anonymous = await getDetail(id);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
    for (const role of ROLES) {
      const res = await getDetail(id, role);
      if (can(role, 'crime.exact')) {
        expect(res.status, role).toBe(200);
        expect(((await res.json()) as CrimeDetail).id).toBe(id);
      } else {
        expect(res.status, role).toBe(403);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
      }
    }
    // Exactly one audit row per answered read, none for a refusal.
    const allowed = ROLES.filter((r) => can(r, 'crime.exact'));
    expect(allowed).toEqual(['supervisor', 'admin']);
    expect((await reads(id)).map((r) => r.username)).toEqual(allowed.map((r) => `demo-${r}`));
  });

  it('gives the exact place, the address, the description and the times, never the persons', async () => {
    const res = await getDetail(id, 'supervisor');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    const detail = JSON.parse(text) as CrimeDetail;
    expect(detail).toEqual({
      id,
      agency: 'police113',
      externalId: report.externalId,
      category: 'burglary',
      status: 'investigating',
      privacy: 'restricted',
      districtCode: expect.any(String),
      position: [105.83417, 21.03681],
      address: report.address,
      description: report.description,
      dateObserved: new Date(report.dateObserved).toISOString(),
      receivedAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(Date.parse(detail.receivedAt)).toBeGreaterThan(Date.now() - 120_000);
    expect(detail).not.toHaveProperty('persons');
    for (const p of report.persons!) {
      expect(text).not.toContain(p.name);
      expect(text).not.toContain(p.phone);
    }
    expect(text).not.toMatch(/victim|witness/);
  });

  it('records every read in the audit log: who, which report, when, and nothing of the report itself', async () => {
    const before = (await reads(id)).length;
    const startedAt = Date.now();
    for (let i = 0; i < 3; i++) expect((await getDetail(id, 'admin')).status).toBe(200);
    const rows = (await reads(id)).slice(before);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toMatchObject({ username: 'demo-admin', action: 'view_exact', before: null, after: null });
      expect(new Date(row.at).getTime()).toBeGreaterThanOrEqual(startedAt - 5_000);
    }
    // The audit log itself (audit.view) lists the reads, newest first.
    const page = await fetch(`${server.url}/api/v1/audit?limit=5`, {
      headers: { cookie: await cookieOf('supervisor') },
    });
    const { entries } = (await page.json()) as {
      entries: Array<{ action: string; targetKind: string; targetId: string }>;
    };
    expect(entries[0]).toMatchObject({ action: 'view_exact', targetKind: 'crime', targetId: id });
  });

  it('answers 404 for an unknown report, and records nothing', async () => {
    const res = await getDetail('CR-9999999', 'supervisor');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    expect(await reads('CR-9999999')).toEqual([]);
  });
});
