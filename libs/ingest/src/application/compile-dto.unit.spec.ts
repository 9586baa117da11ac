import { describe, expect, test } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import fc from 'fast-check';
import { NESTED_DTOS, READING_DTOS } from '../dto/reading-dtos.js';
import { compileDto } from './compile-dto.js';

const slowOk = (dto: new () => object, value: object): boolean =>
  validateSync(plainToInstance(dto, value), {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  }).length === 0;

/** Values near and across every boundary the DTOs draw. */
const anyValue = fc.oneof(
  fc.integer({ min: -100, max: 3000 }),
  fc.double({ min: -100, max: 3000, noNaN: false }),
  fc.constantFrom(
    NaN,
    Infinity,
    -0,
    70,
    70.0001,
    -50,
    -50.0001,
    0,
    -1,
    Number.MAX_SAFE_INTEGER + 2,
  ),
  fc.constantFrom('wifi', '5g', 'lora', '', 'a4:5e:60:00:00:01', 'x'.repeat(65)),
  fc.constantFrom(
    '2026-07-01T12:00:00.000Z',
    '2026-07-01 12:00:00Z',
    '2026-13-01T00:00:00Z',
    'yesterday',
  ),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.constantFrom('a4:5e:60:00:00:01', '', 7), { maxLength: 3 }),
);

const FIELDS: Record<string, string[]> = {
  temperature: ['seq', 'observedAt', 'celsius'],
  air: ['seq', 'observedAt', 'pm25', 'pm10', 'no2'],
  motion: ['seq', 'observedAt', 'events'],
  radio: ['seq', 'observedAt', 'identifiers', 'technology'],
};

describe('compiled DTO checks agree with class-validator', () => {
  test('nested DTOs compile only when their classes are declared', () => {
    expect(compileDto(READING_DTOS.camera)).toBeUndefined();
    expect(compileDto(READING_DTOS.camera, NESTED_DTOS)).toBeDefined();
  });

  test('camera: same verdict on generated detections', () => {
    const fast = compileDto(READING_DTOS.camera, NESTED_DTOS)!;
    const detection = fc.record(
      {
        class: fc.constantFrom('person', 'car', 'ufo', 3),
        bbox: fc.oneof(
          fc.array(fc.integer({ min: -2, max: 50 }), { maxLength: 5 }),
          fc.constant('1,2,3,4'),
        ),
        confidence: fc.oneof(fc.double({ min: -0.5, max: 1.5 }), fc.constant(NaN)),
        trackId: fc.oneof(fc.string({ maxLength: 70 }), fc.integer()),
        plate: fc.oneof(fc.constant('XX-123-Y'), fc.constant(null)),
        direction: fc.constantFrom('in', 'out', 'x'.repeat(17)),
        colour: fc.constant('red'),
      },
      { requiredKeys: ['class', 'bbox', 'confidence'] },
    );
    const payload = fc.record(
      {
        seq: fc.constantFrom(1, -1, 'a'),
        observedAt: fc.constantFrom('2026-07-01T12:00:00.000Z', 'now'),
        frame: fc.constantFrom('/9j/4AAQ', 'not base64!', 'QUJD'),
        calibration: fc.constantFrom(true, 'yes'),
        detections: fc.oneof(
          fc.array(fc.oneof(detection, fc.constant(7)), { maxLength: 4 }),
          fc.constant({}),
        ),
      },
      { requiredKeys: ['seq', 'observedAt', 'detections'] },
    );
    fc.assert(
      fc.property(payload, (value) => {
        expect(fast(value as Record<string, unknown>)).toBe(slowOk(READING_DTOS.camera, value));
      }),
      { numRuns: 3000 },
    );
  });

  test.each(Object.keys(FIELDS))('%s: same verdict on generated payloads', (kind) => {
    const dto = READING_DTOS[kind as keyof typeof READING_DTOS];
    const fast = compileDto(dto);
    expect(fast).toBeDefined();
    const fields = FIELDS[kind];
    const payload = fc.record(Object.fromEntries([...fields, 'extra'].map((f) => [f, anyValue])), {
      requiredKeys: [],
    });
    fc.assert(
      fc.property(payload, (value) => {
        const expected = slowOk(dto, value);
        expect(fast!(value as Record<string, unknown>)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
    // A check that never sees a valid payload would prove little.
    const example = { seq: 1, observedAt: '2026-07-01T12:00:00.000Z' } as Record<string, unknown>;
    if (kind === 'temperature') example.celsius = 20;
    if (kind === 'motion') example.events = 2;
    if (kind === 'radio')
      Object.assign(example, { identifiers: ['a4:5e:60:00:00:01'], technology: 'wifi' });
    expect(fast!(example)).toBe(true);
    expect(slowOk(dto, example)).toBe(true);
  });
});
