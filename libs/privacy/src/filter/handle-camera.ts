import type { VideoRule } from '../rules/rule-set.js';
import { asDetections, type Detection } from '../video/detection.js';
import { coverDetections } from '../video/redact-frame.js';
import { VideoWindow } from '../video/video-window.js';
import {
  reject,
  type FilteredReading,
  type RedactedFrame,
  type RejectOutcome,
} from './filter-types.js';
import type { HandlerResult, KindContext } from './kind-context.js';

const MAX_DETECTIONS_PER_MESSAGE = 10_000;

/** Redacted frames used today, per lamppost (one entry per lamppost, replaced each UTC day). */
export type RedactionQuota = Map<string, { day: number; used: number }>;

/**
 * Camera: detections -> counts in the location's open window. The frame is dropped, unless the
 * message is a calibration frame (`calibration: true`) and the rule explicitly enables redaction
 * with quota left today: then faces and plates are covered and the frame returned separately.
 */
export function handleCamera(
  ctx: KindContext,
  rule: VideoRule,
  quota: RedactionQuota,
): HandlerResult {
  const p = ctx.env.payload;
  const detections = p.detections === undefined ? [] : asDetections(p.detections);
  if (!detections)
    return reject(
      'PAYLOAD_INVALID',
      'detections must be a list of {class, confidence}',
      'detections',
    );
  if (detections.length > MAX_DETECTIONS_PER_MESSAGE) {
    return reject(
      'PAYLOAD_TOO_LARGE',
      `more than ${MAX_DETECTIONS_PER_MESSAGE} detections`,
      'detections',
    );
  }
  // Redaction first: a calibration frame that cannot be decoded is refused before any side effect.
  const redacted = redactIfAllowed(ctx, rule, quota, detections);
  if (typeof redacted === 'object' && redacted !== null && 'kind' in redacted) return redacted;
  const readings: FilteredReading[] = [];
  const win = ctx.windows.windowFor(
    ctx.spec(
      `${ctx.device.lab}|${ctx.locationKey}|camera`,
      rule.windowSeconds,
      rule.counts.noise?.dailyBudget,
    ),
    ctx.env.observedAtMs,
    () => new VideoWindow(rule),
    readings,
  );
  if (win === 'late') return { readings, note: 'late-for-window' };
  win.add(ctx.device.lamppost, detections, ctx.keyring, ctx.nowMs);
  if (redacted === 'quota-exhausted') return { readings, note: 'redaction-quota-exhausted' };
  return redacted ? { readings, calibrationFrames: [redacted] } : { readings };
}

function redactIfAllowed(
  ctx: KindContext,
  rule: VideoRule,
  quota: RedactionQuota,
  detections: Detection[],
): RedactedFrame | RejectOutcome | 'quota-exhausted' | null {
  const p = ctx.env.payload;
  if (p.calibration !== true || !rule.redaction || typeof p.frame !== 'string') return null;
  const day = Math.floor(ctx.nowMs / 86_400_000);
  const entry = quota.get(ctx.device.lamppost);
  const used = entry && entry.day === day ? entry.used : 0;
  if (used >= rule.redaction.maxFramesPerDay) return 'quota-exhausted';
  const bytes = Buffer.from(p.frame, 'base64');
  const result = coverDetections(bytes, detections, rule.redaction.coverClasses);
  bytes.fill(0);
  if (!result)
    return reject('PAYLOAD_INVALID', 'calibration frame is not a decodable JPEG', 'frame');
  quota.set(ctx.device.lamppost, { day, used: used + 1 });
  return {
    lab: ctx.device.lab,
    lamppost: ctx.device.lamppost,
    observedAt: new Date(ctx.env.observedAtMs).toISOString(),
    expiresAt: new Date(ctx.nowMs + rule.redaction.maxRetentionHours * 3_600_000).toISOString(),
    redacted: true,
    jpeg: result.jpeg,
    coveredBoxes: result.covered,
    rule: ctx.provenance,
    transforms: [
      `redact:cover:${rule.redaction.coverClasses.join(',')}`,
      're-encode:strip-metadata',
    ],
  };
}
