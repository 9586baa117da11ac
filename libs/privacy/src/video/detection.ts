/** A detection as sent by a counting camera (validated upstream; re-checked defensively here). */
export interface Detection {
  class: string;
  bbox?: [number, number, number, number];
  confidence: number;
  trackId?: string | number;
  plate?: string;
  zone?: string;
  direction?: string;
}

export function asDetections(value: unknown): Detection[] | null {
  if (!Array.isArray(value)) return null;
  for (const d of value) {
    if (typeof d !== 'object' || d === null) return null;
    const o = d as Record<string, unknown>;
    if (typeof o.class !== 'string' || typeof o.confidence !== 'number') return null;
  }
  return value as Detection[];
}
