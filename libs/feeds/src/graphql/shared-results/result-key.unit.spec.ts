import { describe, expect, test } from '@jest/globals';
import { buildSchema, parse } from 'graphql';
import { shareableSubscriptions } from './context-free-fields.js';
import { resultKey } from './result-key.js';

const schema = buildSchema(`
  type Query { ok: Boolean }
  type Rule { id: String }
  type Reading { cursor: String, rule: Rule, secret: String }
  type Subscription { readings(after: String, lab: String): Reading, other: Reading }
`);
const ROOTS = new Set(['readings']);

const key = (query: string, variables: Record<string, unknown> = {}, operationName?: string) =>
  resultKey({ schema, document: parse(query), variableValues: variables, operationName }, ROOTS);

describe('resultKey: what a subscription result depends on', () => {
  test('root-field arguments choose events, not results: they stay out of the key', () => {
    const q = 'subscription ($a: String, $l: String) { readings(after: $a, lab: $l) { cursor } }';
    expect(key(q, { a: 'x', l: 'one' })).toBe(key(q, { a: 'y', l: 'two' }));
    expect(key(q, { a: 'x' })).toBeDefined();
    expect(key('subscription { readings(lab: "one") { cursor } }')).toBe(
      key('subscription { readings(lab: "two", after: "5") { cursor } }'),
    );
  });

  test('variables in directives change the key, on the root field as below it', () => {
    const root =
      'subscription ($i: Boolean!, $a: String) { readings(after: $a) @include(if: $i) { cursor } }';
    expect(key(root, { i: true, a: '1' })).not.toBe(key(root, { i: false, a: '1' }));
    expect(key(root, { i: true, a: '1' })).toBe(key(root, { i: true, a: '2' }));
    const nested = 'subscription ($i: Boolean!) { readings { cursor rule @skip(if: $i) { id } } }';
    expect(key(nested, { i: true })).not.toBe(key(nested, { i: false }));
  });

  test('selection set, aliases, fragments and operation name change the key', () => {
    const a = key('subscription { readings { cursor } }');
    expect(key('subscription { readings { cursor rule { id } } }')).not.toBe(a);
    expect(key('subscription { r: readings { cursor } }')).not.toBe(a);
    expect(key('subscription { readings { ...F } } fragment F on Reading { cursor }')).not.toBe(a);
    expect(key('subscription S { readings { cursor } }', {}, 'S')).not.toBe(a);
    // Whitespace and comments do not: the document is printed.
    expect(key('subscription {\n  readings { # the cursor\n cursor }\n}')).toBe(a);
  });

  test('not shared: another root field, a query, or variables that are not plain JSON', () => {
    expect(key('subscription { other { cursor } }')).toBeUndefined();
    expect(
      key('subscription { ...R } fragment R on Subscription { other { cursor } }'),
    ).toBeUndefined();
    expect(key('query { ok }')).toBeUndefined();
    const q = 'subscription ($i: Boolean!) { readings { rule @include(if: $i) { id } } }';
    expect(key(q, { i: undefined })).toBeUndefined();
    expect(key(q, { i: new Date() })).toBeUndefined();
  });
});

describe('shareableSubscriptions: every reachable field reviewed as context-free', () => {
  const reviewed = [
    'Subscription.readings',
    'Subscription.other',
    'Reading.cursor',
    'Reading.rule',
    'Rule.id',
  ];

  test('a root field is shareable only when the whole type below it is reviewed', () => {
    expect(shareableSubscriptions(schema, new Set(reviewed))).toEqual(new Set());
    expect(shareableSubscriptions(schema, new Set([...reviewed, 'Reading.secret']))).toEqual(
      new Set(['readings', 'other']),
    );
    expect(
      shareableSubscriptions(schema, new Set([...reviewed, 'Reading.secret'].slice(1))),
    ).toEqual(new Set(['other']));
  });
});
