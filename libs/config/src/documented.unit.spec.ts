import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { HubEnvironment } from './hub-environment.js';

/**
 * docs/configuration.md is the operator's list of every variable. It stays true because this
 * test reads the schema (HubEnvironment: every variable the hub reads, with its default) and the
 * tables of the page, and fails on a variable missing from the page, a row for a variable the hub
 * does not read, or a documented default that is not the schema's.
 */
const PAGE = 'docs/configuration.md';

/** `| \`HUB_X\` | \`default\` | ...` rows: variable name -> default cell (without backticks). */
function documentedRows(markdown: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of markdown.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const name = /^`(HUB_[A-Z0-9_]+)`$/.exec(cells[1] ?? '')?.[1];
    if (name) rows.set(name, (cells[2] ?? '').replace(/`/g, ''));
  }
  return rows;
}

describe(`${PAGE} documents the config schema`, () => {
  const schema = Object.entries(new HubEnvironment() as unknown as Record<string, unknown>);
  const rows = documentedRows(readFileSync(PAGE, 'utf8'));

  test('the schema is read (guards against an empty comparison)', () => {
    expect(schema.length).toBeGreaterThan(30);
  });

  test('every variable of the schema has a row', () => {
    const missing = schema.map(([name]) => name).filter((name) => !rows.has(name));
    expect(missing).toEqual([]);
  });

  test('every row names a variable of the schema', () => {
    const names = new Set(schema.map(([name]) => name));
    expect([...rows.keys()].filter((name) => !names.has(name))).toEqual([]);
  });

  test("every documented default is the schema's default", () => {
    const wrong = schema
      .filter(([name]) => rows.has(name))
      .map(([name, value]) => [
        name,
        rows.get(name),
        value === undefined ? '' : String(value as string | number),
      ])
      .filter(([, documented, actual]) => documented !== actual);
    expect(wrong).toEqual([]);
  });
});
