import { LevelMeter } from './level-meter.js';
import type { PcmDecoder } from './pcm.js';

/**
 * One sound chunk to weigh away from the meter that owns it: the base64 PCM, how to scale it,
 * the meter's settings and its state before the chunk (LevelMeter.exportState()).
 */
export interface ChunkFoldRequest {
  readonly pcm: string;
  readonly sampleRate: number;
  /** calibrationGain() of the device. */
  readonly gain: number;
  readonly subIntervalMs: number;
  readonly octaveBands: boolean;
  readonly state: Float64Array<ArrayBuffer>;
}

/** The meter's state after the chunk, or `whole: false` when the bytes were not 16-bit samples. */
export type ChunkFoldReply =
  { readonly whole: true; readonly state: Float64Array<ArrayBuffer> } | { readonly whole: false };

/**
 * Decode and fold one chunk into a meter rebuilt from the request's state; the same code as the
 * in-thread path (LevelMeter.fold), so the levels are identical. The decoded samples are wiped
 * by the decoder after the fold; only the meter's sums leave.
 */
export function foldChunk(request: ChunkFoldRequest, decoder: PcmDecoder): ChunkFoldReply {
  const meter = new LevelMeter(request.subIntervalMs, request.octaveBands);
  meter.importState(request.state);
  const whole = decoder.withSamples(request.pcm, (samples) =>
    meter.fold(samples, request.sampleRate, request.gain),
  );
  return whole ? { whole, state: meter.exportState() } : { whole };
}

/** Weighs chunks elsewhere (the hub: a worker thread). Rejects when the chunk could not be weighed. */
export interface ChunkFolder {
  fold(request: ChunkFoldRequest): Promise<ChunkFoldReply>;
}
