import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { incidentReportSchema, type IncidentReport } from '../../../protocol/index.js';
import { rejectWith, type Parsed } from './parse.js';

const CAP_NS = 'urn:oasis:names:tc:emergency:cap:1.2';
const CAP_NS_DECLARATION = /xmlns(:\w+)?=["']urn:oasis:names:tc:emergency:cap:1\.2["']/;

const CATEGORY: Record<string, IncidentReport['category']> = {
  Geo: 'naturalDisaster',
  Met: 'naturalDisaster',
  Safety: 'security',
  Security: 'security',
  Rescue: 'health',
  Fire: 'fire',
  Health: 'health',
  Env: 'environment',
  Transport: 'traffic',
  Infra: 'infrastructure',
  CBRNE: 'security',
  Other: 'other',
};
const SEVERITY: Record<string, IncidentReport['severity']> = {
  Extreme: 'critical',
  Severe: 'high',
  Moderate: 'medium',
  Minor: 'low',
  Unknown: 'informational',
};

/** Where each incident field comes from in the CAP alert, to name it in a rejection. */
const CAP_ELEMENT: Record<string, string[]> = {
  externalId: ['alert', 'identifier'],
  dateIssued: ['alert', 'sent'],
  category: ['alert', 'info', 'category'],
  subCategory: ['alert', 'info', 'event'],
  severity: ['alert', 'info', 'severity'],
  description: ['alert', 'info', 'headline'],
  location: ['alert', 'info', 'area'],
  address: ['alert', 'info', 'area', 'areaDesc'],
};

const parser = new XMLParser({
  ignoreAttributes: false,
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) => ['info', 'area', 'category', 'polygon', 'circle'].includes(name),
});

type Node = Record<string, unknown>;
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** "lat,lon radius" (CAP circle) or "lat,lon lat,lon ..." (CAP polygon) -> a [lon, lat] point. */
function pointOf(area: Node | undefined): [number, number] | undefined {
  const circle = text((area?.circle as unknown[] | undefined)?.[0]);
  const polygon = text((area?.polygon as unknown[] | undefined)?.[0]);
  const pairs = (circle ? [circle.split(/\s+/)[0]!] : (polygon?.split(/\s+/) ?? []))
    .map((p) => p.split(',').map(Number))
    .filter((p) => p.length === 2 && p.every(Number.isFinite)) as Array<[number, number]>;
  if (pairs.length === 0) return undefined;
  const lat = pairs.reduce((s, p) => s + p[0], 0) / pairs.length;
  const lon = pairs.reduce((s, p) => s + p[1], 0) / pairs.length;
  return [Number(lon.toFixed(6)), Number(lat.toFixed(6))];
}

/**
 * A CAP 1.2 alert (OASIS Common Alerting Protocol) as an incident report: identifier -> externalId,
 * sent -> dateIssued, the first info's category/severity/headline/description, the first area's
 * circle or polygon centre -> location and areaDesc -> address. Then the same validation as JSON.
 */
export function parseCapAlert(body: Buffer): Parsed<IncidentReport> {
  const xml = body.toString('utf8');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return rejectWith('invalid_xml', `body is not well-formed XML: ${valid.err.msg}`);
  const alert = (parser.parse(xml) as Node).alert as Node | undefined;
  if (!alert) return rejectWith('not_cap', 'the XML root must be a CAP <alert>', ['alert']);
  // The parser drops namespace prefixes and declarations: check the declaration in the text.
  if (!CAP_NS_DECLARATION.test(xml))
    return rejectWith('not_cap', `the alert must be in the CAP 1.2 namespace ${CAP_NS}`, ['alert']);
  const info = (alert.info as Node[] | undefined)?.[0];
  const area = (info?.area as Node[] | undefined)?.[0];
  const location = pointOf(area);
  const areaDesc = text(area?.areaDesc);
  const candidate = {
    externalId: text(alert.identifier),
    dateIssued: text(alert.sent),
    category: CATEGORY[text((info?.category as unknown[] | undefined)?.[0]) ?? ''] ?? (info ? 'other' : undefined),
    subCategory: text(info?.event)?.slice(0, 60),
    severity: SEVERITY[text(info?.severity) ?? ''],
    description: [text(info?.headline), text(info?.description)].filter(Boolean).join(' — ') || undefined,
    alertSource: 'cap',
    location: location ? { type: 'Point', coordinates: location } : undefined,
    address: areaDesc ? { addressRegion: areaDesc.slice(0, 100) } : undefined,
  };
  const parsed = incidentReportSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.map((i) => ({
    path: CAP_ELEMENT[String(i.path[0])] ?? ['alert'],
    code: i.code,
    message: i.message,
  }));
  return { ok: false, reason: { message: issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), issues } };
}
