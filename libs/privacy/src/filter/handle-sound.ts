import { AudioWindow } from '../audio/audio-window.js';
import type { ChunkFolder } from '../audio/chunk-fold.js';
import { calibrationGain, LevelMeter } from '../audio/level-meter.js';
import type { PcmDecoder } from '../audio/pcm.js';
import type { AudioRule } from '../rules/rule-set.js';
import { reject, type FilteredReading } from './filter-types.js';
import type { HandlerResult, KindContext } from './kind-context.js';

/** A checked chunk and the window it belongs to, ready to be folded here or elsewhere. */
interface SoundChunk {
  readonly win: AudioWindow;
  readonly rule: AudioRule;
  readonly pcm: string;
  readonly sampleRate: number;
  readonly gain: number;
  readonly soundClass: unknown;
  /** Windows this chunk closed (an earlier window of the device). */
  readonly readings: FilteredReading[];
}

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
  const chunk = openChunk(ctx, rule, meters, registeredCalibration);
  if (!('win' in chunk)) return chunk;
  const { win, sampleRate, gain } = chunk;
  const whole = pcm.withSamples(chunk.pcm, (samples) => win.meter.fold(samples, sampleRate, gain));
  if (!whole) return notWhole();
  return tally(chunk);
}

/**
 * handleSound with the decoding and folding on `folder` (the hub's audio thread). The meter's
 * state goes with the chunk and comes back folded, so the levels are those of handleSound; the
 * caller keeps one device's chunks in order (one at a time). While the chunk is away its window
 * is busy and no flush closes it; a rule change or shutdown that closes it anyway leaves the
 * chunk out of its levels ('late-for-window'). A folder that fails refuses the chunk.
 */
export async function handleSoundElsewhere(
  ctx: KindContext,
  rule: AudioRule,
  meters: Map<string, LevelMeter>,
  registeredCalibration: number | undefined,
  folder: ChunkFolder,
): Promise<HandlerResult> {
  const chunk = openChunk(ctx, rule, meters, registeredCalibration);
  if (!('win' in chunk)) return chunk;
  const { win } = chunk;
  const done = win.weighing();
  try {
    const reply = await folder.fold({
      pcm: chunk.pcm,
      sampleRate: chunk.sampleRate,
      gain: chunk.gain,
      subIntervalMs: rule.subIntervalMs,
      octaveBands: rule.octaveBands,
      state: win.meter.exportState(),
    });
    if (!reply.whole) return notWhole();
    if (win.isClosed) return { readings: chunk.readings, note: 'late-for-window' };
    win.meter.importState(reply.state);
    return tally(chunk);
  } catch (error) {
    return reject(
      'AUDIO_WORKER_FAILED',
      `the audio thread could not weigh this chunk (${error instanceof Error ? error.message : String(error)}); nothing of it was kept: send it again`,
      'pcm',
    );
  } finally {
    done();
  }
}

function openChunk(
  ctx: KindContext,
  rule: AudioRule,
  meters: Map<string, LevelMeter>,
  registeredCalibration: number | undefined,
): SoundChunk | HandlerResult {
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
  const deviceKey = soundDeviceKey(ctx.device);
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
  return { win, rule, pcm: p.pcm, sampleRate: fs, gain, soundClass: p.soundClass, readings };
}

/** The key of one microphone's meter and window (and of its queue on the audio thread). */
export function soundDeviceKey(device: { lab: string; lamppost: string }): string {
  return `${device.lab}|lamppost:${device.lamppost}`;
}

function notWhole(): HandlerResult {
  return reject('PAYLOAD_INVALID', 'pcm must hold whole 16-bit samples', 'pcm');
}

function tally(chunk: SoundChunk): HandlerResult {
  const sc = chunk.soundClass as { label?: unknown; confidence?: unknown } | undefined;
  if (sc && typeof sc === 'object') chunk.win.tallyClass(sc.label, sc.confidence);
  return { readings: chunk.readings };
}
