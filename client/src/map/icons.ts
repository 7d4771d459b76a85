import type { Map as MaplibreMap } from 'maplibre-gl';
import { DEVICE_CLASSES, DEVICE_COLOURS } from '../features/devices/device-classes.js';
import { PALETTE } from './style.js';

/**
 * Marker images drawn on a canvas at start-up (the style has no sprite: the centre runs offline).
 * Drawn at twice their CSS size for sharp edges on high-density screens.
 */
export const RATIO = 2;
const OUTLINE = '#e2e8f0';

/** A square canvas of `size` CSS pixels at RATIO, painted (e.g. a legend swatch drawn like the map's marker). */
export function drawCanvas(size: number, paint: (ctx: CanvasRenderingContext2D) => void): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size * RATIO;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.scale(RATIO, RATIO);
  paint(ctx);
  return canvas;
}

/** A square image of `size` CSS pixels, painted on a canvas at RATIO. */
export function drawImage(size: number, paint: (ctx: CanvasRenderingContext2D) => void): ImageData {
  const canvas = drawCanvas(size, paint);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  return ctx.getImageData(0, 0, canvas.width, canvas.height);
}

/** Signal: a small upright signal head in its class colour, three dark lamps hinted on it. */
export const signalIcon = (cls: string): string => `signal-${cls}`;
function signalImage(colour: string): ImageData {
  return drawImage(16, (ctx) => {
    ctx.beginPath();
    ctx.roundRect(4, 1, 8, 14, 3.5);
    ctx.fillStyle = colour;
    ctx.fill();
    ctx.lineWidth = 1.3;
    ctx.strokeStyle = PALETTE.background;
    ctx.stroke();
    ctx.fillStyle = 'rgb(7 12 22 / 38%)';
    for (const y of [4.6, 8, 11.4]) {
      ctx.beginPath();
      ctx.arc(8, y, 1.5, 0, Math.PI * 2);
      ctx.fill();
    }
  });
}

/** Camera: a small rounded square; crossed out when offline or silent. */
export const cameraIcon = (cls: string): string => `camera-${cls}`;
function cameraImage(colour: string, crossed: boolean): ImageData {
  return drawImage(14, (ctx) => {
    ctx.beginPath();
    ctx.roundRect(2, 2, 10, 10, 2);
    ctx.fillStyle = colour;
    ctx.fill();
    ctx.lineWidth = 1.4;
    ctx.strokeStyle = PALETTE.background;
    ctx.stroke();
    if (!crossed) return;
    ctx.beginPath();
    ctx.moveTo(4.5, 4.5);
    ctx.lineTo(9.5, 9.5);
    ctx.moveTo(9.5, 4.5);
    ctx.lineTo(4.5, 9.5);
    ctx.lineWidth = 1.6;
    ctx.strokeStyle = PALETTE.background;
    ctx.stroke();
  });
}

/** Unit: a disc with a light outline; with a pointer at the top when the unit reports a heading. */
export const UNIT_ICON_SIZE = 30;
export const unitIcon = (cls: string, withHeading: boolean): string => `unit-${cls}${withHeading ? '-heading' : ''}`;
function unitImage(colour: string, withHeading: boolean): ImageData {
  const c = UNIT_ICON_SIZE / 2;
  return drawImage(UNIT_ICON_SIZE, (ctx) => {
    ctx.lineJoin = 'round';
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = OUTLINE;
    ctx.fillStyle = colour;
    if (withHeading) {
      ctx.beginPath();
      ctx.moveTo(c - 5, c - 6);
      ctx.lineTo(c, c - 14);
      ctx.lineTo(c + 5, c - 6);
      ctx.closePath();
      ctx.fill();
      ctx.stroke();
    }
    ctx.beginPath();
    ctx.arc(c, c, 8, 0, Math.PI * 2);
    ctx.fill();
    ctx.stroke();
  });
}

/** Adds the device marker images to the map (once; a second call finds them there). */
export function addDeviceIcons(map: MaplibreMap): void {
  const add = (id: string, image: () => ImageData) => {
    if (!map.hasImage(id)) map.addImage(id, image(), { pixelRatio: RATIO });
  };
  for (const cls of DEVICE_CLASSES.signals) add(signalIcon(cls), () => signalImage(DEVICE_COLOURS.signals[cls]));
  for (const cls of DEVICE_CLASSES.cameras) {
    add(cameraIcon(cls), () => cameraImage(DEVICE_COLOURS.cameras[cls], cls !== 'online'));
  }
  for (const cls of DEVICE_CLASSES.units) {
    for (const heading of [false, true])
      add(unitIcon(cls, heading), () => unitImage(DEVICE_COLOURS.units[cls], heading));
  }
}
