import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';

/**
 * docs/privacy-rules.md describes the shipped rule set in a table; privacy officers read it
 * instead of the JSON. This test reads both and fails when the table's id, version, windows,
 * sample rates or radio technologies are not the file's.
 */
interface Shipped {
  id: string;
  version: number;
  kinds: {
    motion: { timeBucketSeconds: number };
    sound: { windowSeconds: number; sampleRates: number[] };
    camera: { windowSeconds: number };
    radio: { windowSeconds: number; technologies: string[] };
  };
}
const shipped = JSON.parse(readFileSync('libs/privacy/rules/scheveningen.json', 'utf8')) as Shipped;
const page = readFileSync('docs/privacy-rules.md', 'utf8');
const row = (kind: string): string =>
  page.split('\n').find((line) => new RegExp(`^\\| ${kind} +\\|`).test(line)) ?? '';
const minutes = (seconds: number) => (seconds === 60 ? 'minute' : `${seconds / 60} minutes`);
const TECHNOLOGY_NAMES: Record<string, string> = {
  wifi: 'Wi-Fi',
  bluetooth: 'Bluetooth',
  '5g': '5G',
};

describe('docs/privacy-rules.md: the default rule set table matches the shipped file', () => {
  test('id and version', () => {
    expect(page).toContain(
      `## The default Scheveningen rule set (\`${shipped.id}\`, version ${shipped.version})`,
    );
  });

  test('windows', () => {
    const k = shipped.kinds;
    expect(row('motion')).toContain(`per ${minutes(k.motion.timeBucketSeconds)}`);
    expect(row('sound')).toContain(`LAeq,${k.sound.windowSeconds}s`);
    expect(row('camera')).toContain(`per ${minutes(k.camera.windowSeconds)}`);
    expect(row('radio')).toContain(`per ${minutes(k.radio.windowSeconds)}`);
  });

  test('sample rates, as kHz joined by /', () => {
    const kHz = shipped.kinds.sound.sampleRates.map((r) => String(r / 1000)).join('/');
    expect(row('sound')).toContain(`; ${kHz} kHz;`);
  });

  test('radio technologies, all of them', () => {
    const names = shipped.kinds.radio.technologies.map((t) => TECHNOLOGY_NAMES[t] ?? t);
    const listed = `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
    expect(row('radio')).toContain(`distinct ${listed} devices`);
  });
});
