import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { encodeCursor, LiveSessions, SharedResultStats } from '@hub/feeds';
import type { RunningHub } from '../src/hub.js';
import { waitUntil } from './support/deadline.js';
import { RawGraphqlWs } from './support/raw-graphql-ws.js';
import {
  adminToken,
  removeDir,
  startTestHub,
  tempDataDir,
  API_ON_BROKER_THREAD,
} from './support/test-hub.js';
import { appendReading, createLab, createToken } from './feeds-fixtures.js';

const LAB = 'hostile-ids-lab';
const QUERY = `subscription ($after: String) {
  readings(filter: { lab: "${LAB}" }, after: $after) { cursor values }
}`;

// The fan-out (libs/feeds/src/graphql/shared-results/shared-next-messages.ts) sends a shared
// result by replacing a `next` message's payload with a stand-in, `{"\u0000shared":<slot>}`,
// filled with the result's JSON when the socket writes the message. Subscription ids are chosen
// by the client and written into the same message: these are made to look like the stand-in, to
// hold JSON's special characters, and to be long (the subscribe message stays under the hub's
// 64 KiB websocket limit).
const socketAIds = [
  '"payload":{"\u0000shared":0}}',
  '{"\u0000shared":1}',
  '\u0000shared',
  'a"b\\c\n\r\t\u2028\u2029</script><!--',
  '\ud800 lone surrogate',
  'x'.repeat(50_000),
];
const socketBIds = [
  '}}',
  '"}}',
  '\\"payload\\":{\\"\\u0000shared\\":2}}',
  '1',
  `${'y'.repeat(20_000)}"payload":{"\u0000shared":3}}`,
  '"payload":{"\\u0000shared":4}}',
];

interface Stored {
  position: number;
  values: Record<string, unknown>;
}
const expectedPayload = (r: Stored) => ({
  data: { readings: { cursor: encodeCursor(r.position), values: r.values } },
});

describe('graphql-ws fan-out with hostile subscription ids, over a raw websocket', () => {
  let dataDir: string;
  let hub: RunningHub;
  let owner: string;
  let ownerSecond: string;

  const store = async (values: Record<string, unknown>): Promise<Stored> => ({
    position: await appendReading(hub, { lab: LAB, lamppost: 'lp-h', kind: 'noise', values }),
    values,
  });

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir, API_ON_BROKER_THREAD);
    const admin = adminToken(dataDir);
    await createLab(hub, admin, LAB, 'delft');
    owner = (await createToken(hub, admin, { role: 'municipality', municipality: 'delft' })).token;
    ownerSecond = (await createToken(hub, admin, { role: 'municipality', municipality: 'delft' }))
      .token;
  });
  afterAll(async () => {
    await hub.close();
    removeDir(dataDir);
  });

  test('each socket gets valid JSON, its own ids and the right data, never a stand-in', async () => {
    const a = new RawGraphqlWs(hub.httpPort);
    const b = new RawGraphqlWs(hub.httpPort);
    try {
      await a.init(owner);
      await b.init(ownerSecond);
      const before = await store({ db: 40 });
      const after = encodeCursor(before.position);
      for (const id of socketAIds) a.subscribe(id, QUERY, { after });
      for (const id of socketBIds) b.subscribe(id, QUERY, { after });

      // Every subscription follows the live tail once it has the marker (catch-up is per
      // subscriber; from there on one execution is shared by all twelve).
      const marker = await store({ db: 41 });
      const seen = (socket: RawGraphqlWs, id: string, r: Stored) =>
        socket
          .nexts()
          .some(
            (m) =>
              m.id === id &&
              (m.payload as { data?: { readings?: { cursor?: string } } } | undefined)?.data
                ?.readings?.cursor === encodeCursor(r.position),
          );
      const everywhere = (r: Stored) =>
        socketAIds.every((id) => seen(a, id, r)) && socketBIds.every((id) => seen(b, id, r));
      await waitUntil(() => everywhere(marker), { what: 'the marker on all twelve subscriptions' });
      const startA = a.received.length;
      const startB = b.received.length;
      const stats = hub.app.get(SharedResultStats);
      const start = { executions: stats.executions, serialisations: stats.serialisations };

      // Results that themselves look like the stand-in, or hold JSON's special characters.
      const live = [
        await store({ db: 50, payload: { '\u0000shared': 0 } }),
        await store({ '\u0000shared': 5, note: '"payload":{"\u0000shared":6}}' }),
        await store({ text: 'q"\\}}\u2028</script>', db: 51 }),
      ];
      const end = await store({ db: 52 });
      await waitUntil(() => everywhere(end), { what: 'the end marker on all twelve' });

      for (const [socket, ids, from] of [
        [a, socketAIds, startA],
        [b, socketBIds, startB],
      ] as const) {
        const messages = socket.received.slice(from);
        // Valid JSON, every one; only `next` messages (no error, no complete).
        expect(messages.filter((m) => m.parsed === undefined).map((m) => m.text)).toEqual([]);
        expect(messages.map((m) => m.parsed?.type)).toEqual(
          Array<string>(ids.length * 4).fill('next'),
        );
        // Per id of this socket: exactly the four readings, in order, with their own data.
        for (const id of ids) {
          expect(messages.filter((m) => m.parsed?.id === id).map((m) => m.parsed?.payload)).toEqual(
            [...live, end].map(expectedPayload),
          );
        }
        // No message carries an id of the other socket, or one this socket never sent.
        expect(messages.filter((m) => !ids.includes(m.parsed?.id as string))).toEqual([]);
      }
      // The four events were executed once each and serialised once each for all twelve
      // subscriptions: every message above went through the stand-in and its filling.
      expect(stats.executions - start.executions).toBe(4);
      expect(stats.serialisations - start.serialisations).toBe(4);
    } finally {
      await a.close();
      await b.close();
    }
    const sessions = hub.app.get(LiveSessions);
    await waitUntil(() => sessions.size === 0, {
      what: 'the streams of the closed sockets to end',
    });
  });
});
