// Follow a lab's readings live with graphql-ws, resuming from the last cursor you stored.
// Run: HUB_WS_URL=ws://localhost:3000/graphql HUB_TOKEN=<token> node subscribe-readings.mjs
import { createClient } from 'graphql-ws';
import WebSocket from 'ws'; // Node 20 has no global WebSocket; the `ws` package works everywhere

const url = process.env.HUB_WS_URL ?? 'ws://localhost:3000/graphql';
const token = process.env.HUB_TOKEN;
const lab = process.env.LAB ?? 'scheveningen';
let last = process.env.AFTER; // e.g. loaded from your database; undefined: from the start
const stopAfter = Number(process.env.STOP_AFTER ?? Infinity); // readings, then exit

const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: { authorization: `Bearer ${token}` },
});
let received = 0;
const unsubscribe = client.subscribe(
  {
    query:
      'subscription ($lab: String!, $after: String) { readings(filter: { lab: $lab }, after: $after) { cursor lamppost kind values } }',
    variables: { lab, after: last },
  },
  {
    next: ({ data, errors }) => {
      if (errors) return console.error(JSON.stringify(errors));
      console.log(JSON.stringify(data.readings)); // store it, then remember its cursor
      last = data.readings.cursor;
      if (++received >= stopAfter) {
        unsubscribe();
        void client.dispose();
      }
    },
    error: (error) => {
      console.error('subscription failed:', error);
      process.exitCode = 1;
    },
    complete: () => {},
  },
);
