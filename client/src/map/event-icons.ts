import type { Map as MaplibreMap } from 'maplibre-gl';
import type { AlarmKind } from '../../../protocol/index.js';
import { ALARM_COLOURS, ALARM_KINDS } from '../features/alarms/alarm-classes.js';
import { INCIDENT_SEVERITIES, SEVERITY_COLOURS } from '../features/incidents/incident-classes.js';
import { drawImage, RATIO } from './icons.js';
import { PALETTE } from './style.js';

/**
 * Marker images of the event layers, drawn on a canvas at start-up like the device markers:
 * incidents are diamonds (no device is one), alarms small badges with a shape of their own per kind.
 */
const WHITE = '#f8fafc';

/** Incident: a diamond in its severity's colour; a white outline while it is new (not yet handled). */
export const INCIDENT_ICON_SIZE = 22;
export const incidentIcon = (severity: string, isNew: boolean): string => `incident-${severity}${isNew ? '-new' : ''}`;
function incidentImage(colour: string, isNew: boolean): ImageData {
  const c = INCIDENT_ICON_SIZE / 2;
  return drawImage(INCIDENT_ICON_SIZE, (ctx) => {
    ctx.beginPath();
    ctx.moveTo(c, 1.5);
    ctx.lineTo(INCIDENT_ICON_SIZE - 1.5, c);
    ctx.lineTo(c, INCIDENT_ICON_SIZE - 1.5);
    ctx.lineTo(1.5, c);
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
  });
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
    for (const isNew of [false, true])
      addOnce(map, incidentIcon(severity, isNew), () => incidentImage(SEVERITY_COLOURS[severity], isNew));
  }
}

export function addAlarmIcons(map: MaplibreMap): void {
  for (const kind of ALARM_KINDS) {
    for (const high of [false, true]) addOnce(map, alarmIcon(kind, high), () => alarmImage(kind, high));
  }
}
