import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { loadRuleSet, scanForRawData, type RuleSet } from '@hub/privacy';
import { dryRun } from './dry-run.js';
import { sampleBodies } from '../../../../simulators/scheveningen/sample-bodies.js';
import { presetSamples } from './sample-presets.js';

const v1 = loadRuleSet(readFileSync('libs/privacy/rules/scheveningen.json', 'utf8'));
const NOW = Date.parse('2026-07-01T12:00:30Z');
const copy = (): RuleSet => structuredClone<RuleSet>(v1);

describe('dry run', () => {
  test('a proposal that keeps a new temperature field and drops LAmin, in words', () => {
    const p = copy();
    p.version = 2;
    p.kinds.temperature!.fields.humidity = { type: 'measure', decimals: 0 };
    p.kinds.sound!.metrics = p.kinds.sound!.metrics.filter((m) => m !== 'LAmin');
    const samples = [
      {
        kind: 'temperature',
        lamppost: 'lp-1',
        source: 'inline' as const,
        payload: { seq: 1, observedAt: '2026-07-01T12:00:12Z', celsius: 20.04, humidity: 81.2 },
      },
      ...presetSamples({ lab: 'scheveningen', kinds: ['sound'] }, NOW, sampleBodies),
    ];
    const result = dryRun(v1, p, samples, NOW);
    expect(result.samples[0]?.lines).toEqual(['would newly expose: humidity']);
    expect(result.samples[0]?.active?.dropped).toEqual(['humidity']);
    expect(result.samples[1]?.lines).toEqual(['would newly drop: LAmin']);
    expect(result.newlyExposed).toEqual(['humidity']);
    expect(result.newlyDropped).toEqual(['LAmin']);
  });

  test('publishing radio tags shows as newly exposed; noise and suppression changes as transforms', () => {
    const p = copy();
    p.version = 2;
    p.kinds.radio!.emitTags = true;
    p.kinds.radio!.counts = { k: 2 };
    const samples = presetSamples(
      { lab: 'scheveningen', kinds: ['radio'], lampposts: 2 },
      NOW,
      sampleBodies,
    );
    expect(samples.length).toBeGreaterThan(0);
    const result = dryRun(v1, p, samples, NOW);
    expect(result.newlyExposed.some((x) => x.startsWith('tags'))).toBe(true);
    expect(result.lines).toEqual(
      expect.arrayContaining([
        'would newly apply: small-count-suppression:k=2',
        'would no longer apply: small-count-suppression:k=10',
        'would no longer apply: laplace-noise:epsilon=0.5',
      ]),
    );
  });

  test('the same rule set changes nothing, for every preset kind; payloads are never echoed', () => {
    const samples = presetSamples({ lab: 'scheveningen', lampposts: 2 }, NOW, sampleBodies);
    const result = dryRun(v1, v1, samples, NOW);
    expect(result.lines).toEqual([]);
    expect(new Set(samples.map((s) => s.kind)).size).toBe(6);
    // Only names of dropped fields come back, never their values (no PCM, JPEG or MAC in it).
    expect(scanForRawData(JSON.stringify(result), 'dry-run')).toEqual([]);
  });

  test('with no active version every kept field is newly exposed', () => {
    const samples = presetSamples(
      { lab: 'scheveningen', kinds: ['temperature'] },
      NOW,
      sampleBodies,
    );
    const result = dryRun(undefined, v1, samples, NOW);
    expect(result.lines).toContain(
      'would newly accept this message (the active version refuses it: RULE_MISSING)',
    );
    expect(result.newlyExposed).toContain('celsius');
  });
});
