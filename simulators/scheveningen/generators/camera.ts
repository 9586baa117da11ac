import jpeg from 'jpeg-js';
import type { Rng } from '../../shared/prng.js';
import { localTime } from '../clock.js';
import type { Lamppost } from '../lab.js';
import type { CameraBody, Detection } from '../payloads.js';
import { inViewAt, type Passer } from './passers.js';
import type { GeneratorOptions } from './types.js';

/**
 * A small synthetic frame looking along the boulevard: sky, sea, beach, promenade, and a box per
 * passer (persons with a face-coloured head, bicycles, cars with a yellow plate), lit by day or by
 * the lamppost at night. Raw enough for the privacy filter to have faces and plates to blur.
 */

type Rgb = [number, number, number];

/** 0 at night, 1 in full daylight, from an approximate local sunrise/sunset for the date. */
export function daylight(t: Date): number {
  const { hour, dayOfYear } = localTime(t);
  const seasonal = Math.cos((2 * Math.PI * (dayOfYear - 172)) / 365); // 1 at midsummer
  const sunrise = 7 - 1.8 * seasonal; // local time incl. DST, ~5:20 in June, ~8:50 in December
  const sunset = 19.2 + 2.8 * seasonal; // ~22:00 in June, ~16:30 in December
  const ramp = (x: number): number => Math.max(0, Math.min(1, x));
  return Math.min(ramp((hour - sunrise + 0.5) / 1), ramp((sunset + 0.5 - hour) / 1));
}

class Canvas {
  readonly data: Buffer;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = Buffer.alloc(width * height * 4, 255);
  }

  fill(x0: number, y0: number, w: number, h: number, colour: Rgb): void {
    const xa = Math.max(0, Math.floor(x0));
    const ya = Math.max(0, Math.floor(y0));
    const xb = Math.min(this.width, Math.ceil(x0 + w));
    const yb = Math.min(this.height, Math.ceil(y0 + h));
    for (let y = ya; y < yb; y++) {
      for (let x = xa; x < xb; x++) {
        const i = (y * this.width + x) * 4;
        this.data[i] = colour[0];
        this.data[i + 1] = colour[1];
        this.data[i + 2] = colour[2];
      }
    }
  }

  /** Scales every pixel by a light map and adds sensor noise (one luminance draw per pixel). */
  light(lightAt: (x: number, y: number) => number, rng: Rng, noise: number): void {
    const d = this.data;
    for (let y = 0; y < this.height; y++) {
      for (let x = 0; x < this.width; x++) {
        const k = lightAt(x, y);
        const n = (rng.next() + rng.next() - 1) * noise * 2.4; // triangular, sd ~ noise
        const i = (y * this.width + x) * 4;
        d[i] = clampByte((d[i] ?? 0) * k + n);
        d[i + 1] = clampByte((d[i + 1] ?? 0) * k + n);
        d[i + 2] = clampByte((d[i + 2] ?? 0) * k + n);
      }
    }
  }
}

const clampByte = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

function box(p: Passer, t: number, w: number, h: number): [number, number, number, number] {
  const progress = (t - p.arrivalMs) / p.dwellMs;
  const scale = 0.5 + 0.5 * p.depth;
  const size: Record<Passer['cls'], [number, number]> = {
    person: [0.1 * h * scale, 0.36 * h * scale],
    bicycle: [0.22 * h * scale, 0.25 * h * scale],
    car: [0.5 * h * scale, 0.26 * h * scale],
  };
  const [bw, bh] = size[p.cls];
  const travel = w + bw;
  const x = p.direction === 1 ? progress * travel - bw : w - progress * travel;
  const groundY = h * (0.72 + 0.24 * p.depth);
  return [x, groundY - bh, bw, bh];
}

function drawPasser(
  canvas: Canvas,
  p: Passer,
  [x, y, w, h]: [number, number, number, number],
): void {
  switch (p.cls) {
    case 'person':
      canvas.fill(x, y + h * 0.18, w, h * 0.82, p.colour);
      canvas.fill(x + w * 0.15, y, w * 0.7, h * 0.18, [224, 182, 150]);
      break;
    case 'bicycle':
      canvas.fill(x, y + h * 0.6, w * 0.4, h * 0.4, [30, 30, 30]);
      canvas.fill(x + w * 0.6, y + h * 0.6, w * 0.4, h * 0.4, [30, 30, 30]);
      canvas.fill(x + w * 0.3, y, w * 0.35, h * 0.6, p.colour);
      break;
    case 'car':
      canvas.fill(x, y, w, h, p.colour);
      canvas.fill(x + w * 0.15, y + h * 0.1, w * 0.7, h * 0.3, [90, 110, 130]);
      if (p.plate) canvas.fill(x + w * 0.35, y + h * 0.7, w * 0.3, h * 0.16, [250, 200, 20]);
      break;
  }
}

function clip(
  [x, y, w, h]: [number, number, number, number],
  width: number,
  height: number,
): [number, number, number, number] | null {
  const x0 = Math.max(0, Math.round(x));
  const y0 = Math.max(0, Math.round(y));
  const x1 = Math.min(width, Math.round(x + w));
  const y1 = Math.min(height, Math.round(y + h));
  if (x1 - x0 < 3 || y1 - y0 < 3) return null;
  return [x0, y0, x1 - x0, y1 - y0];
}

export function camera(
  lamppost: Lamppost,
  t: Date,
  rng: Rng,
  options: GeneratorOptions,
): CameraBody[] {
  const { frameWidth: w, frameHeight: h } = options;
  const canvas = new Canvas(w, h);
  canvas.fill(0, 0, w, h * 0.35, [135, 180, 225]); // sky
  canvas.fill(0, h * 0.35, w, h * 0.2, [40, 90, 130]); // sea
  canvas.fill(0, h * 0.55, w, h * 0.15, [220, 200, 150]); // beach
  canvas.fill(0, h * 0.7, w, h * 0.3, [150, 145, 140]); // promenade
  const ms = t.getTime();
  const visible = inViewAt(lamppost, ms)
    .map((p) => ({ p, b: box(p, ms, w, h) }))
    .sort((a, b) => a.b[1] + a.b[3] - (b.b[1] + b.b[3])); // far first
  const detections: Detection[] = [];
  for (const { p, b } of visible) {
    drawPasser(canvas, p, b);
    const bbox = clip(b, w, h);
    if (!bbox) continue;
    const d: Detection = { class: p.cls, bbox, confidence: p.confidence, trackId: p.trackId };
    if (p.plate) d.plate = p.plate;
    detections.push(d);
  }
  const day = daylight(t);
  // At night only the lamppost's own light cone on the promenade (centre-bottom) is lit.
  const lightAt = (x: number, y: number): number => {
    const cone = Math.exp(-(((x - w / 2) / (w * 0.35)) ** 2) - ((y - h) / (h * 0.45)) ** 2);
    return Math.max(day, 0.08 + 0.8 * cone * (y > h * 0.55 ? 1 : 0.3));
  };
  canvas.light(lightAt, rng, 4 + 6 * (1 - day));
  const encoded = jpeg.encode({ data: canvas.data, width: w, height: h }, options.jpegQuality);
  return [{ frame: encoded.data.toString('base64'), detections }];
}
