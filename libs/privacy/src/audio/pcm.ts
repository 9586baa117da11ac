import { endianness } from 'node:os';

const LITTLE_ENDIAN_HOST = endianness() === 'LE';

export interface DecodedPcm {
  samples: Int16Array;
  /** Overwrite the decoded samples; call right after folding them into the window. */
  wipe: () => void;
}

/** Decode base64 s16le mono PCM; null when the byte length is odd (not whole samples). */
export function decodePcm(base64: string): DecodedPcm | null {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length % 2 !== 0) return null;
  if (LITTLE_ENDIAN_HOST && bytes.byteOffset % 2 === 0) {
    // Zero-copy view; wiping the view wipes the decoded bytes.
    const samples = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
    return { samples, wipe: () => samples.fill(0) };
  }
  const samples = new Int16Array(bytes.length / 2);
  for (let i = 0, j = 0; i < samples.length; i++, j += 2) {
    samples[i] = ((bytes[j] | (bytes[j + 1] << 8)) << 16) >> 16;
  }
  bytes.fill(0);
  return { samples, wipe: () => samples.fill(0) };
}
