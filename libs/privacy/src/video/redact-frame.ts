import jpeg from 'jpeg-js';
import type { Detection } from './detection.js';

/** Extra margin around each box, so a loose detection still covers the whole face or plate. */
const MARGIN = 0.1;
/** Refuse to decode absurd frames (decompression bombs). */
const MAX_MEGAPIXELS = 12;

/**
 * Cover (fill with solid grey) every box of a detection whose class is in `coverClasses` or that
 * carries a plate, and re-encode. Re-encoding from pixels also drops EXIF and comments.
 * Boxes are [x, y, w, h] in pixels, or fractions of the frame when all four are <= 1.
 * Returns null when the frame cannot be decoded.
 */
export function coverDetections(
  frame: Uint8Array,
  detections: Detection[],
  coverClasses: readonly string[],
): { jpeg: Uint8Array; covered: number } | null {
  let img: { width: number; height: number; data: Uint8Array };
  try {
    img = jpeg.decode(frame, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: MAX_MEGAPIXELS,
    });
  } catch {
    return null;
  }
  let covered = 0;
  for (const d of detections) {
    if (!d.bbox || (!coverClasses.includes(d.class) && d.plate === undefined)) continue;
    const fractional = d.bbox.every((v) => v <= 1);
    const [x, y, w, h] = fractional
      ? [
          d.bbox[0] * img.width,
          d.bbox[1] * img.height,
          d.bbox[2] * img.width,
          d.bbox[3] * img.height,
        ]
      : d.bbox;
    const x0 = clamp(Math.floor(x - w * MARGIN), img.width);
    const y0 = clamp(Math.floor(y - h * MARGIN), img.height);
    const x1 = clamp(Math.ceil(x + w * (1 + MARGIN)), img.width);
    const y1 = clamp(Math.ceil(y + h * (1 + MARGIN)), img.height);
    for (let row = y0; row < y1; row++) {
      img.data.fill(128, (row * img.width + x0) * 4, (row * img.width + x1) * 4);
    }
    covered++;
  }
  const out = jpeg.encode({ width: img.width, height: img.height, data: img.data }, 80);
  img.data.fill(0);
  return { jpeg: new Uint8Array(out.data), covered };
}

function clamp(v: number, max: number): number {
  return Math.min(Math.max(v, 0), max);
}
