import type { ExpressionSpecification, Map as MaplibreMap } from 'maplibre-gl';
import type { AlarmKind } from '../../../protocol/index.js';
import { ALARM_COLOURS, ALARM_KINDS } from '../features/alarms/alarm-classes.js';
import { OVERDUE_BADGE_COLOURS } from '../features/backlog/backlog-classes.js';
import { INCIDENT_SEVERITIES, SEVERITY_COLOURS } from '../features/incidents/incident-classes.js';
import {
  STATUS_BADGE_COLOURS,
  STATUS_GROUPS,
  type BadgeGroup,
  type StatusGroup,
} from '../features/incidents/incident-status.js';
import { drawCanvas, drawImage, RATIO } from './icons.js';
import { PALETTE } from './style.js';

/**
 * Marker images of the event layers, drawn on a canvas at start-up like the device markers:
 * incidents are diamonds (no device is one), alarms small badges with a shape of their own per kind.
 */
const WHITE = '#f8fafc';

/**
 * Incident: a diamond in its severity's colour, with a dark core; a white outline while it is new
 * (not yet handled). Once units are dispatched or en route, on scene, or the incident is resolved,
 * a round badge at its upper right corner in the units' colour for that step, with an arrow, a dot
 * or a tick (the diamond stays where it was: the image grows around it).
 */
export const INCIDENT_ICON_SIZE = 22;
const BADGED_ICON_SIZE = 30;
export const incidentIcon = (severity: string, group: StatusGroup): string =>
  group === 'acknowledged' ? `incident-${severity}` : `incident-${severity}-${group}`;

/** The icon of a feature with `severity`, `status` and `duplicate` (a duplicate report shows no badge). */
export const INCIDENT_ICON: ExpressionSpecification = [
  'concat',
  'incident-',
  ['get', 'severity'],
  [
    'case',
    ['==', ['get', 'status'], 'new'],
    '-new',
    ['get', 'duplicate'],
    '',
    [
      'match',
      ['get', 'status'],
      ['dispatched', 'en_route'],
      '-responding',
      'on_scene',
      '-on_scene',
      'resolved',
      '-resolved',
      '',
    ],
  ],
];

function diamond(ctx: CanvasRenderingContext2D, c: number, colour: string, isNew: boolean): void {
  const r = INCIDENT_ICON_SIZE / 2 - 1.5;
  ctx.beginPath();
  ctx.moveTo(c, c - r);
  ctx.lineTo(c + r, c);
  ctx.lineTo(c, c + r);
  ctx.lineTo(c - r, c);
  ctx.closePath();
  ctx.fillStyle = colour;
  ctx.fill();
  ctx.lineJoin = 'round';
  ctx.lineWidth = isNew ? 1.8 : 1.4;
  ctx.strokeStyle = isNew ? WHITE : PALETTE.background;
  ctx.stroke();
  // A dark core, so the diamond reads as a marker and not as a blob of colour.
  ctx.beginPath();
  ctx.arc(c, c, 2.2, 0, Math.PI * 2);
  ctx.fillStyle = 'rgb(7 12 22 / 70%)';
  ctx.fill();
}

function statusBadge(ctx: CanvasRenderingContext2D, x: number, y: number, group: BadgeGroup): void {
  ctx.beginPath();
  ctx.arc(x, y, 5.5, 0, Math.PI * 2);
  ctx.fillStyle = STATUS_BADGE_COLOURS[group];
  ctx.fill();
  ctx.lineWidth = 1.3;
  ctx.strokeStyle = PALETTE.background;
  ctx.stroke();
  ctx.strokeStyle = ctx.fillStyle = PALETTE.background;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  if (group === 'responding') {
    // An arrow: on the way.
    ctx.moveTo(x - 2.7, y);
    ctx.lineTo(x + 2.5, y);
    ctx.moveTo(x + 0.2, y - 2.3);
    ctx.lineTo(x + 2.5, y);
    ctx.lineTo(x + 0.2, y + 2.3);
    ctx.stroke();
  } else if (group === 'on_scene') {
    // A dot: there.
    ctx.arc(x, y, 2, 0, Math.PI * 2);
    ctx.fill();
  } else {
    // A tick: done.
    ctx.moveTo(x - 2.6, y + 0.1);
    ctx.lineTo(x - 0.8, y + 2);
    ctx.lineTo(x + 2.7, y - 1.9);
    ctx.stroke();
  }
}

function paintIncident(
  colour: string,
  group: StatusGroup,
): { size: number; paint: (ctx: CanvasRenderingContext2D) => void } {
  if (group === 'new' || group === 'acknowledged') {
    const size = INCIDENT_ICON_SIZE;
    return { size, paint: (ctx) => diamond(ctx, size / 2, colour, group === 'new') };
  }
  const size = BADGED_ICON_SIZE;
  const c = size / 2;
  return {
    size,
    paint: (ctx) => {
      diamond(ctx, c, colour, false);
      statusBadge(ctx, c + 8.5, c - 8.5, group);
    },
  };
}

const swatches = new Map<StatusGroup, string>();
/** The legend's picture of a status group: the map's marker, on a neutral grey diamond (a data: URL). */
export function incidentStatusSwatch(group: StatusGroup): string {
  let url = swatches.get(group);
  if (url === undefined) {
    // Every group on the same canvas, so the diamonds line up in the legend.
    const { size, paint } = paintIncident(SEVERITY_COLOURS.informational, group);
    const margin = (BADGED_ICON_SIZE - size) / 2;
    url = drawCanvas(BADGED_ICON_SIZE, (ctx) => {
      ctx.translate(margin, margin);
      paint(ctx);
    }).toDataURL();
    swatches.set(group, url);
  }
  return url;
}

/** An exclamation mark (a bar and a dot) centred at x, from y0 to y1. */
function exclamation(ctx: CanvasRenderingContext2D, x: number, y0: number, y1: number): void {
  ctx.strokeStyle = PALETTE.background;
  ctx.lineCap = 'round';
  ctx.lineWidth = 1.8;
  ctx.beginPath();
  ctx.moveTo(x, y0);
  ctx.lineTo(x, y1 - 3.2);
  ctx.stroke();
  ctx.beginPath();
  ctx.arc(x, y1, 1, 0, Math.PI * 2);
  ctx.fillStyle = PALETTE.background;
  ctx.fill();
}

function polygon(ctx: CanvasRenderingContext2D, cx: number, cy: number, r: number, sides: number, turn: number): void {
  ctx.beginPath();
  for (let i = 0; i < sides; i++) {
    const a = turn + (i * 2 * Math.PI) / sides;
    const [x, y] = [cx + r * Math.cos(a), cy + r * Math.sin(a)];
    if (i === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  }
  ctx.closePath();
}

/**
 * Alarm badges: a warning triangle for congestion, an octagon for a faulty signal, a crossed
 * square for a camera offline, a crossed hexagon for a WAN node offline. A white outline marks a
 * high-severity alarm.
 */
export const ALARM_ICON_SIZE = 18;
export const alarmIcon = (kind: string, high: boolean): string => `alarm-${kind}${high ? '-high' : ''}`;
function alarmImage(kind: AlarmKind, high: boolean): ImageData {
  const s = ALARM_ICON_SIZE;
  const c = s / 2;
  return drawImage(s, (ctx) => {
    ctx.lineJoin = 'round';
    ctx.fillStyle = ALARM_COLOURS[kind];
    if (kind === 'congestion') {
      ctx.beginPath();
      ctx.moveTo(c, 1.5);
      ctx.lineTo(s - 1.2, s - 2);
      ctx.lineTo(1.2, s - 2);
      ctx.closePath();
    } else if (kind === 'signal_fault') polygon(ctx, c, c, c - 1.2, 8, Math.PI / 8);
    else if (kind === 'camera_offline') {
      ctx.beginPath();
      ctx.roundRect(2, 2, s - 4, s - 4, 2.5);
    } else polygon(ctx, c, c, c - 1, 6, Math.PI / 6);
    ctx.fill();
    ctx.lineWidth = high ? 1.8 : 1.3;
    ctx.strokeStyle = high ? WHITE : PALETTE.background;
    ctx.stroke();
    if (kind === 'congestion') exclamation(ctx, c, 6.5, s - 4.8);
    else if (kind === 'signal_fault') exclamation(ctx, c, 4.8, s - 5);
    else {
      const d = kind === 'camera_offline' ? 4.2 : 3.8;
      ctx.strokeStyle = PALETTE.background;
      ctx.lineCap = 'round';
      ctx.lineWidth = 1.8;
      ctx.beginPath();
      ctx.moveTo(c - d, c - d);
      ctx.lineTo(c + d, c + d);
      ctx.moveTo(c + d, c - d);
      ctx.lineTo(c - d, c + d);
      ctx.stroke();
    }
  });
}

function addOnce(map: MaplibreMap, id: string, image: () => ImageData): void {
  if (!map.hasImage(id)) map.addImage(id, image(), { pixelRatio: RATIO });
}

export function addIncidentIcons(map: MaplibreMap): void {
  for (const severity of INCIDENT_SEVERITIES) {
    for (const group of STATUS_GROUPS) {
      addOnce(map, incidentIcon(severity, group), () => {
        const { size, paint } = paintIncident(SEVERITY_COLOURS[severity], group);
        return drawImage(size, paint);
      });
    }
  }
}

export function addAlarmIcons(map: MaplibreMap): void {
  for (const kind of ALARM_KINDS) {
    for (const high of [false, true]) addOnce(map, alarmIcon(kind, high), () => alarmImage(kind, high));
  }
}

/**
 * The badge of a district's overdue dossiers: a pill that stretches around its number
 * (`icon-text-fit`), drawn 20 px square with the middle 4 px free to stretch.
 */
export const OVERDUE_BADGE_ICON = 'overdue-badge';
export function addOverdueBadge(map: MaplibreMap): void {
  if (map.hasImage(OVERDUE_BADGE_ICON)) return;
  const image = drawImage(20, (ctx) => {
    ctx.beginPath();
    ctx.roundRect(1, 1, 18, 18, 8);
    ctx.fillStyle = OVERDUE_BADGE_COLOURS.fill;
    ctx.fill();
    ctx.lineWidth = 1.4;
    ctx.strokeStyle = OVERDUE_BADGE_COLOURS.outline;
    ctx.stroke();
  });
  const px = (v: number) => v * RATIO;
  map.addImage(OVERDUE_BADGE_ICON, image, {
    pixelRatio: RATIO,
    stretchX: [[px(8), px(12)]],
    stretchY: [[px(8), px(12)]],
    content: [px(5), px(5), px(15), px(15)],
  });
}
