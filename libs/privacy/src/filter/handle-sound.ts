import { AudioWindow } from '../audio/audio-window.js';
import { calibrationGain, LevelMeter } from '../audio/level-meter.js';
import type { PcmDecoder } from '../audio/pcm.js';
import type { AudioRule } from '../rules/rule-set.js';
import { reject, type FilteredReading } from './filter-types.js';
import type { HandlerResult, KindContext } from './kind-context.js';

/**
 * Sound: PCM chunk -> A-weighted sums of the device's open LAeq,T window. The decoded samples are
 * wiped right after folding (in the filter's one PcmDecoder); only levels leave when the window
 * closes. A chunk belongs to the window containing its observedAt (its start).
 */
export function handleSound(
  ctx: KindContext,
  rule: AudioRule,
  meters: Map<string, LevelMeter>,
  registeredCalibration: number | undefined,
  pcm: PcmDecoder,
): HandlerResult {
  const p = ctx.env.payload;
  const fs = p.sampleRate;
  if (typeof fs !== 'number' || !rule.sampleRates.includes(fs)) {
    return reject(
      'SAMPLE_RATE_NOT_ALLOWED',
      `sample rate must be one of ${rule.sampleRates.join(', ')}`,
      'sampleRate',
    );
  }
  if (typeof p.pcm !== 'string') return reject('PAYLOAD_INVALID', 'pcm must be base64 text', 'pcm');
  // Check the size before decoding: base64 is 4 characters per 3 bytes.
  if ((p.pcm.length * 3) / 4 > rule.maxChunkSeconds * fs * 2 + 3) {
    return reject('PAYLOAD_TOO_LARGE', `chunk longer than ${rule.maxChunkSeconds} s`, 'pcm');
  }
  // Registry (measured by a technician) first, then what the device says, then the rule default.
  const cal = registeredCalibration ?? p.calibrationDbfsAt94 ?? rule.defaultCalibrationDbfsAt94;
  if (typeof cal !== 'number' || !(cal >= -90 && cal <= 0)) {
    return reject(
      'CALIBRATION_MISSING',
      'no valid calibrationDbfsAt94 for this device',
      'calibrationDbfsAt94',
    );
  }
  const deviceKey = `${ctx.device.lab}|lamppost:${ctx.device.lamppost}`;
  let meter = meters.get(deviceKey);
  if (!meter) meters.set(deviceKey, (meter = new LevelMeter(rule.subIntervalMs, rule.octaveBands)));
  const readings: FilteredReading[] = [];
  const m = meter;
  // Levels are per microphone: the window is keyed by device even when the location is a grid cell.
  const win = ctx.windows.windowFor(
    ctx.spec(`${deviceKey}|sound`, rule.windowSeconds),
    ctx.env.observedAtMs,
    () => new AudioWindow(rule, m),
    readings,
  );
  if (win === 'late') return { readings, note: 'late-for-window' };
  const gain = calibrationGain(cal);
  const whole = pcm.withSamples(p.pcm, (samples) => win.meter.fold(samples, fs, gain));
  if (!whole) return reject('PAYLOAD_INVALID', 'pcm must hold whole 16-bit samples', 'pcm');
  const sc = p.soundClass as { label?: unknown; confidence?: unknown } | undefined;
  if (sc && typeof sc === 'object') win.tallyClass(sc.label, sc.confidence);
  return { readings };
}
