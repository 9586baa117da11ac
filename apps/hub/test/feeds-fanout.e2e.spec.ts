import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import type { Client } from 'graphql-ws';
import { encodeCursor, LiveSessions, SharedResultStats } from '@hub/feeds';
import type { RunningHub } from '../src/hub.js';
import { graphqlWs } from './support/clients.js';
import { waitUntil } from './support/deadline.js';
import {
  adminToken,
  removeDir,
  startTestHub,
  tempDataDir,
  API_ON_BROKER_THREAD,
} from './support/test-hub.js';
import {
  appendReading,
  collect,
  createLab,
  createToken,
  gql,
  grant,
  revokeAgreement,
  type Collected,
} from './feeds-fixtures.js';

const LAB = 'fan-lab';
const FULL = `subscription ($after: String) {
  readings(filter: { lab: "fan-lab" }, after: $after) {
    cursor lab lamppost kind observedAt values rule { id version hash } transforms intervalSeconds
  }
}`;
const SMALL = `subscription { readings(filter: { lab: "fan-lab" }) { cursor values } }`;
const OPTIONAL_RULE = `subscription ($withRule: Boolean!) {
  readings(filter: { lab: "fan-lab" }) { cursor rule @include(if: $withRule) { id } }
}`;

interface Full {
  cursor: string;
  lab: string;
  lamppost: string;
  kind: string;
  observedAt: string;
  values: { copy: string; n: number };
  rule: { id: string; version: number; hash: string };
  transforms: string[];
  intervalSeconds: number;
}
type Item<T> = { readings: T };

/** One reading as the test stores it, and as every subscriber that may see it must receive it. */
interface Stored {
  position: number;
  kind: string;
  audience: 'owner' | 'shared' | 'any';
  observedAt: string;
  values: { copy: string; n: number };
}

const asFull = (r: Stored): Full => ({
  cursor: encodeCursor(r.position),
  lab: LAB,
  lamppost: 'lp-fan',
  kind: r.kind,
  observedAt: r.observedAt,
  values: r.values,
  rule: { id: 'test-rules', version: 1, hash: 'a'.repeat(64) },
  transforms: ['allowlist'],
  intervalSeconds: 60,
});

/**
 * Fan-out: an event is executed once per distinct operation and the result shared by every
 * subscriber of that operation it reaches; subscribers of other operations, other variables or
 * the other audience (exact copy for the owner, noisy copy under an agreement) get their own.
 */
describe('feeds fan-out: one execution per event and operation, shared by its subscribers', () => {
  let dataDir: string;
  let hub: RunningHub;
  let admin: string;
  let owner: string;
  let ownerSecond: { token: string; id: string };
  let grantee: string;
  let agreement: string;
  const clients: Client[] = [];
  const client = (token: string): Client => {
    const ws = graphqlWs(hub.httpPort, token);
    clients.push(ws);
    return ws;
  };

  const store = async (
    kind: string,
    audience: Stored['audience'],
    values: Stored['values'],
  ): Promise<Stored> => {
    const observedAt = new Date(Date.now() - 1000).toISOString();
    const position = await appendReading(hub, {
      lab: LAB,
      lamppost: 'lp-fan',
      kind,
      audience,
      observedAt,
      values,
    });
    return { position, kind, audience, observedAt, values };
  };

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir, API_ON_BROKER_THREAD);
    admin = adminToken(dataDir);
    await createLab(hub, admin, LAB, 'delft');
    owner = (await createToken(hub, admin, { role: 'municipality', municipality: 'delft' })).token;
    ownerSecond = await createToken(hub, admin, { role: 'municipality', municipality: 'delft' });
    grantee = (await createToken(hub, admin, { role: 'municipality', municipality: 'leiden' }))
      .token;
    agreement = await grant(hub, owner, {
      lab: LAB,
      to: 'leiden',
      kinds: ['camera', 'temperature'],
      until: '2999-01-01',
      level: 'readings',
    });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.dispose();
    // The next test counts executions: no stream of this one may still be running on the hub.
    const sessions = hub.app.get(LiveSessions);
    await waitUntil(() => sessions.size === 0, {
      what: 'the streams of disposed clients to end on the hub',
    });
  });
  afterAll(async () => {
    await hub.close();
    removeDir(dataDir);
  });

  test('same operation: identical, correct data from one execution; others get their own', async () => {
    const before = await store('temperature', 'any', { copy: 'before', n: 0 });
    const after = encodeCursor(before.position);
    // Owner side: five subscribers of FULL (one resuming from the start, one an admin, one on a
    // second owner token), one of SMALL, two of OPTIONAL_RULE with different variables.
    const ownerFull = [
      collect<Item<Full>>(client(owner), FULL, { after }),
      collect<Item<Full>>(client(owner), FULL, { after }),
      collect<Item<Full>>(client(owner), FULL, { after: null }),
      collect<Item<Full>>(client(admin), FULL, { after }),
      collect<Item<Full>>(client(ownerSecond.token), FULL, { after }),
    ];
    const small = collect<Item<{ cursor: string; values: Full['values'] }>>(
      client(owner),
      SMALL,
      {},
    );
    const withRule = collect<Item<{ cursor: string; rule?: { id: string } }>>(
      client(owner),
      OPTIONAL_RULE,
      { withRule: true },
    );
    const withoutRule = collect<Item<{ cursor: string; rule?: { id: string } }>>(
      client(owner),
      OPTIONAL_RULE,
      { withRule: false },
    );
    // Grantee side: two subscribers of FULL, on one socket.
    const granteeClient = client(grantee);
    const granteeFull = [
      collect<Item<Full>>(granteeClient, FULL, { after }),
      collect<Item<Full>>(granteeClient, FULL, { after }),
    ];
    const all: Collected<unknown>[] = [...ownerFull, small, withRule, withoutRule, ...granteeFull];

    // Everyone follows the live tail once it has this marker (catch-up reads are per subscriber).
    const marker = await store('temperature', 'any', { copy: 'marker', n: 0 });
    const markerSeen = (c: Collected<unknown>) =>
      (c.items as Item<{ cursor: string }>[]).findIndex(
        (i) => i.readings.cursor === encodeCursor(marker.position),
      ) + 1;
    await waitUntil(() => all.every((c) => markerSeen(c) > 0), {
      what: 'the marker at every subscriber',
    });
    const offset = new Map(all.map((c) => [c, markerSeen(c)]));

    const stats = hub.app.get(SharedResultStats);
    const start = {
      executions: stats.executions,
      reuses: stats.reuses,
      serialisations: stats.serialisations,
      pushes: stats.pushes,
    };
    const exact = await store('camera', 'owner', { copy: 'exact', n: 1 });
    const noisy = await store('camera', 'shared', { copy: 'noisy', n: 1 });
    const both = await store('temperature', 'any', { copy: 'both', n: 2 });
    // The end marker, for everyone: the stream runs in log order, so a wrongly routed extra copy
    // of the three (stored before it) arrives before the end marker does.
    const end = await store('temperature', 'any', { copy: 'end', n: 3 });
    const endSeen = (c: Collected<unknown>) =>
      (c.items as Item<{ cursor: string }>[]).some(
        (i) => i.readings.cursor === encodeCursor(end.position),
      );
    await waitUntil(() => all.every(endSeen), { what: 'the end marker at every subscriber' });
    const after3 = (c: Collected<unknown>) => c.items.slice(offset.get(c));

    // (a) the same operation: identical and correct data for each subscriber
    const ownerExpected = [exact, both, end].map((r) => ({ readings: asFull(r) }));
    for (const s of ownerFull) expect(after3(s)).toEqual(ownerExpected);
    // (b) other operations, variables and audiences: each their own correct data
    expect(after3(small)).toEqual(
      [exact, both, end].map((r) => ({
        readings: { cursor: encodeCursor(r.position), values: r.values },
      })),
    );
    expect(after3(withRule)).toEqual(
      [exact, both, end].map((r) => ({
        readings: { cursor: encodeCursor(r.position), rule: { id: 'test-rules' } },
      })),
    );
    expect(after3(withoutRule)).toEqual(
      [exact, both, end].map((r) => ({ readings: { cursor: encodeCursor(r.position) } })),
    );
    const granteeExpected = [noisy, both, end].map((r) => ({ readings: asFull(r) }));
    for (const s of granteeFull) expect(after3(s)).toEqual(granteeExpected);

    // (c) executions: per event, one per distinct operation among the subscribers it reaches.
    // exact: FULL, SMALL, OPTIONAL_RULE(true), OPTIONAL_RULE(false) -> 4 for 8 deliveries
    // noisy: FULL -> 1 for 2 deliveries
    // both and end (each the same object for both audiences): 4 for 10 deliveries each
    expect(stats.executions - start.executions).toBe(4 + 1 + 4 + 4);
    expect(stats.reuses - start.reuses).toBe(8 - 4 + (2 - 1) + (10 - 4) + (10 - 4));
    // (d) serialisations: each result is turned into JSON once, for every socket it is sent to
    // (30 deliveries above, each parsed by graphql-ws's client and checked in (a) and (b)).
    expect(stats.serialisations - start.serialisations).toBe(4 + 1 + 4 + 4);
    // (e) pushed: live after the marker, every stream wrote its 3 messages to its socket itself,
    // not through graphql-ws's loop of one awaited `next()` per message.
    expect(stats.pushes - start.pushes).toBe(30);
  });

  test('errors stay with their subscriber: a revoked agreement or token ends only its streams', async () => {
    const head = await store('temperature', 'any', { copy: 'head', n: 0 });
    const after = encodeCursor(head.position);
    const owners = [
      collect<Item<Full>>(client(owner), FULL, { after }),
      collect<Item<Full>>(client(owner), FULL, { after }),
    ];
    const second = collect<Item<Full>>(client(ownerSecond.token), FULL, { after });
    const grantees = [
      collect<Item<Full>>(client(grantee), FULL, { after }),
      collect<Item<Full>>(client(grantee), FULL, { after }),
    ];
    const first = await store('temperature', 'any', { copy: 'first', n: 1 });
    await Promise.all([...owners, second, ...grantees].map((c) => c.waitFor(1)));

    await revokeAgreement(hub, owner, agreement);
    for (const g of grantees) {
      expect((await g.ended)?.extensions).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'AGREEMENT_REVOKED',
      });
    }
    await gql(hub, admin, 'mutation ($id: String!) { revokeToken(id: $id) { revokedAt } }', {
      id: ownerSecond.id,
    });
    expect((await second.ended)?.extensions).toMatchObject({ code: 'TOKEN_REVOKED' });

    const stats = hub.app.get(SharedResultStats);
    const executions = stats.executions;
    const later = await store('temperature', 'any', { copy: 'later', n: 2 });
    // The end marker: once it is in, anything wrongly sent about `later` has arrived before it.
    const end = await store('temperature', 'any', { copy: 'end', n: 3 });
    await Promise.all(owners.map((c) => c.waitFor(3)));
    for (const o of owners) {
      expect(o.items).toEqual([first, later, end].map((r) => ({ readings: asFull(r) })));
    }
    for (const g of grantees) expect(g.items).toEqual([{ readings: asFull(first) }]);
    expect(second.items).toEqual([{ readings: asFull(first) }]);
    // The two remaining subscribers still share one execution per event.
    expect(stats.executions - executions).toBe(2);
  });
});
