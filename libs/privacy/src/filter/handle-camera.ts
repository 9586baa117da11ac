import type { VideoRule } from '../rules/rule-set.js';
import { asDetections } from '../video/detection.js';
import { VideoWindow } from '../video/video-window.js';
import { reject, type FilteredReading } from './filter-types.js';
import type { HandlerResult, KindContext } from './kind-context.js';

const MAX_DETECTIONS_PER_MESSAGE = 10_000;

/**
 * Camera: detections -> counts in the location's open window. The frame (and any other field but
 * the detections) is dropped unread: the hub keeps no images.
 */
export function handleCamera(ctx: KindContext, rule: VideoRule): HandlerResult {
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
  return { readings };
}
