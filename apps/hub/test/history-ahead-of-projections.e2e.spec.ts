import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { EVENT_STORE, type EventStore } from '@hub/event-store';
import { Projections } from '@hub/feeds';
import type { RunningHub } from '../src/hub.js';
import { appendReading, createLab, createToken, gql, grant } from './feeds-fixtures.js';
import { connectDevice } from './support/clients.js';
import { provisionDevice } from './support/devices.js';
import { scrapeValue } from './support/metrics.js';
import {
  adminToken,
  removeDir,
  startTestHub,
  tempDataDir,
  API_ON_BROKER_THREAD,
} from './support/test-hub.js';

// A history query answers with everything stored before it was asked, without waiting for the
// projections (issue 14): the read model gives what it has applied, the live tail the rest.
// Here the projections are stopped for real (the worker ends; its checkpoint stays behind), the
// log goes on (MQTT and direct appends), and every page, in both directions and for every
// scope, must be the page the read model gives once it has caught up again.

const T0 = Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000;
const at = (second: number) => new Date(T0 + second * 1000).toISOString();

const NODE = 'position: cursor node { lab lamppost kind observedAt values }';
const FORWARDS = `query ($filter: ReadingFilter, $after: String) {
  readings(filter: $filter, first: 4, after: $after) {
    edges { ${NODE} } pageInfo { hasNextPage hasPreviousPage endCursor } } }`;
const BACKWARDS = `query ($filter: ReadingFilter, $before: String) {
  readings(filter: $filter, last: 3, before: $before) {
    edges { ${NODE} } pageInfo { hasNextPage hasPreviousPage startCursor } } }`;

interface Page {
  readings: {
    edges: { position: string; node: Record<string, unknown> }[];
    pageInfo: {
      hasNextPage: boolean;
      hasPreviousPage: boolean;
      endCursor?: string | null;
      startCursor?: string | null;
    };
  };
}

describe('history pages while the projections are behind the log', () => {
  const dir = tempDataDir();
  let hub: RunningHub;
  let admin: string;
  let denHaag: string;
  let rotterdam: string;

  /** Every page of one query, forwards and backwards, following the cursors. */
  async function everyPage(token: string, filter: Record<string, unknown>): Promise<unknown[]> {
    const pages: unknown[] = [];
    let after: string | null = null;
    do {
      const data: Page = await gql<Page>(hub, token, FORWARDS, { filter, after });
      pages.push(data.readings);
      after = data.readings.pageInfo.hasNextPage ? data.readings.pageInfo.endCursor! : null;
    } while (after !== null && pages.length < 50);
    let before: string | null = null;
    do {
      const data: Page = await gql<Page>(hub, token, BACKWARDS, { filter, before });
      pages.push(data.readings);
      before = data.readings.pageInfo.hasPreviousPage ? data.readings.pageInfo.startCursor! : null;
    } while (before !== null && pages.length < 100);
    return pages;
  }

  const filters: Record<string, unknown>[] = [
    {},
    { lab: 'scheveningen' },
    { kind: 'sound' },
    { lab: 'scheveningen', lamppost: 'lp-2' },
    { lamppost: 'lp-mqtt' },
    { from: at(5), to: at(14) },
  ];

  async function everyAnswer(): Promise<unknown[]> {
    const answers: unknown[] = [];
    for (const filter of filters) {
      answers.push(await everyPage(admin, filter));
      answers.push(await everyPage(denHaag, { lab: 'scheveningen', ...filter }));
    }
    return answers;
  }

  /** Readings of both labs, kinds, lampposts and stored copies, seconds `from`..`from + n`. */
  async function appendMixed(from: number, n: number): Promise<void> {
    for (let i = from; i < from + n; i++) {
      await appendReading(hub, {
        lab: i % 3 === 0 ? 'lab-b' : 'scheveningen',
        lamppost: `lp-${(i % 2) + 1}`,
        kind: i % 4 === 0 ? 'sound' : 'temperature',
        observedAt: at(i),
        audience: (['any', 'owner', 'shared'] as const)[i % 3],
        values: { celsius: i },
      });
    }
  }

  beforeAll(async () => {
    hub = await startTestHub(dir, API_ON_BROKER_THREAD);
    admin = adminToken(dir);
    const device = await connectDevice(
      hub.mqttPort,
      await provisionDevice(hub, dir, 'scheveningen', 'lp-mqtt'),
    );
    await createLab(hub, admin, 'lab-b', 'leiden');
    denHaag = (await createToken(hub, admin, { role: 'municipality', municipality: 'den-haag' }))
      .token;
    await appendMixed(0, 8);
    // Caught up once: the read model holds these.
    await gql(hub, admin, FORWARDS, { filter: {} });

    await hub.app.get(Projections).stop();
    await appendMixed(8, 10);
    for (let seq = 1; seq <= 3; seq++) {
      await device.publishAsync(
        'labs/scheveningen/lampposts/lp-mqtt/temperature',
        JSON.stringify({ seq, observedAt: at(20 + seq), celsius: 15 + seq }),
        { qos: 1 },
      );
    }
    await device.endAsync();
  }, 60_000);

  afterAll(async () => {
    await hub?.close();
    removeDir(dir);
  });

  test('every page holds what the log holds, and equals the caught-up read model’s', async () => {
    const projections = hub.app.get(Projections);
    const head = await hub.app.get<EventStore>(EVENT_STORE).headPosition();
    // The setup is what it says: the read model is behind the readings appended after the stop.
    expect(projections.checkpoint).toBeLessThan(head);

    const read = (by: string) =>
      scrapeValue(hub.httpPort, dir, `hub_history_reads_total{answered_by="${by}"}`);
    const [tailBefore, waitBefore] = [await read('tail'), await read('wait')];
    const behind = await everyAnswer();
    // Every page of them took its newest readings from the tail; none waited.
    expect((await read('tail')) - tailBefore).toBeGreaterThanOrEqual(filters.length * 4);
    expect(await read('wait')).toBe(waitBefore);
    const all = await gql<Page>(hub, admin, '{ readings(first: 100) { edges { node { kind } } } }');
    // 8 appended before the stop, 10 after it and 3 over MQTT; an admin reads the owner's
    // copies (every third appended one is the shared copy only).
    const appended = Array.from({ length: 18 }, (_, i) => i).filter((i) => i % 3 !== 2);
    expect(all.readings.edges).toHaveLength(appended.length + 3);
    const mqtt = await everyPage(admin, { lamppost: 'lp-mqtt' });
    expect(JSON.stringify(mqtt)).toContain('"celsius":18');

    await projections.start(head);
    expect(projections.checkpoint).toBeGreaterThanOrEqual(head);
    const fromReadModel = await read('read-model');
    const caughtUp = await everyAnswer();
    expect((await read('read-model')) - fromReadModel).toBeGreaterThanOrEqual(filters.length * 4);
    expect(behind).toEqual(caughtUp);
  }, 120_000);

  const AGGREGATES = `query ($lab: String!, $kinds: [String!], $first: Int, $per: Boolean) {
    aggregates(lab: $lab, kinds: $kinds, first: $first, perLamppost: $per) {
      lab lamppost kind hour count suppressed noisy agreementId
      measure { name value min max suppressed noisy } } }`;
  const aggregateArgs: Record<string, unknown>[] = [
    { lab: 'scheveningen' },
    { lab: 'scheveningen', per: true },
    { lab: 'scheveningen', kinds: ['sound'] },
    { lab: 'scheveningen', per: true, first: 3 },
    { lab: 'lab-b', per: true },
  ];

  async function everyAggregate(): Promise<unknown[]> {
    const answers: unknown[] = [];
    for (const args of aggregateArgs) {
      answers.push(await gql(hub, admin, AGGREGATES, args));
      if (args.lab !== 'scheveningen') continue;
      answers.push(await gql(hub, denHaag, AGGREGATES, args));
      // A grantee's figures: suppressed below k, with noise seeded by the cell's exact count.
      answers.push(await gql(hub, rotterdam, AGGREGATES, args));
    }
    return answers;
  }

  test('aggregates count what the log holds, and equal the caught-up read model’s', async () => {
    rotterdam = (await createToken(hub, admin, { role: 'municipality', municipality: 'rotterdam' }))
      .token;
    await grant(hub, denHaag, {
      lab: 'scheveningen',
      to: 'rotterdam',
      kinds: ['temperature', 'sound'],
      until: new Date(Date.now() + 86_400_000).toISOString(),
      level: 'aggregates',
    });
    const projections = hub.app.get(Projections);
    await projections.stop();
    const stale = await everyAggregate();
    // Into the hours the read model holds, and into a new one.
    await appendMixed(30, 12);
    await appendMixed(3600, 6);
    const head = await hub.app.get<EventStore>(EVENT_STORE).headPosition();
    expect(projections.checkpoint).toBeLessThan(head);

    const read = (by: string) =>
      scrapeValue(hub.httpPort, dir, `hub_history_reads_total{answered_by="${by}"}`);
    const [tailBefore, waitBefore] = [await read('tail'), await read('wait')];
    const started = Date.now();
    const behind = await everyAggregate();
    const tookMs = Date.now() - started;
    expect((await read('tail')) - tailBefore).toBe(behind.length);
    expect(await read('wait')).toBe(waitBefore);
    // The readings appended after the stop are in the answers already; the grantee's are shared
    // figures (noisy), not the owner's.
    expect(behind).not.toEqual(stale);
    expect(JSON.stringify(behind)).toMatch(/"noisy":true/);

    await projections.start(head);
    expect(projections.checkpoint).toBeGreaterThanOrEqual(head);
    const caughtUp = await everyAggregate();
    expect(behind).toEqual(caughtUp);
    process.stdout.write(
      `aggregates behind the projections: ${behind.length} answers in ${tookMs} ms\n`,
    );
  }, 120_000);

  test('a lag longer than one read may look at is left to the read model, for every alias', async () => {
    const projections = hub.app.get(Projections);
    await projections.stop();
    // More tail events than TAIL_SCAN_MAX (2,000) after the read model's checkpoint.
    for (let i = 0; i < 2_050; i += 50) await appendMixed(10_000 + i, 50);
    const head = await hub.app.get<EventStore>(EVENT_STORE).headPosition();
    expect(head - projections.checkpoint).toBeGreaterThan(2_000);

    const read = (by: string) =>
      scrapeValue(hub.httpPort, dir, `hub_history_reads_total{answered_by="${by}"}`);
    const [tailBefore, waitBefore] = [await read('tail'), await read('wait')];
    // The attack: many aliases, each a page whose filter matches nothing, so each would walk the
    // whole lag on the broker's thread; and an aggregates field. (12 pages: two reads each, and
    // a token may have 32 reads waiting for the query worker.)
    const fields = Array.from(
      { length: 12 },
      (_, i) => `p${i}: readings(first: 1, filter: { lamppost: "none-${i}" }) { edges { cursor } }`,
    );
    const data = await gql<Record<string, { edges: unknown[] }>>(
      hub,
      admin,
      `{ ${fields.join(' ')} a: aggregates(lab: "scheveningen") { count } }`,
    );
    expect(Object.keys(data)).toHaveLength(13);
    expect(data.p0.edges).toEqual([]);
    // None walked the tail: every field waited for the projections (stopped here, so each
    // answered from the read model after the wait's bound), as before decision 0021.
    expect(await read('tail')).toBe(tailBefore);
    expect((await read('wait')) - waitBefore).toBe(13);
    await projections.start(head);
  }, 120_000);
});
