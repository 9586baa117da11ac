import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Aedes } from 'aedes';
import { openSqliteEventStore } from '@hub/event-store';

/**
 * The physical reference of the ingest bench (a helper process of ingest.bench.ts): aedes with
 * nothing of the hub but what "acknowledged means stored" needs: parse the JSON payload and
 * append it as one event to the same embedded log, with the same defaults (group commit,
 * `synchronous=NORMAL`), before the PUBACK. No authentication, validation, privacy filter,
 * projections or live feeds. Arguments: port, log file. Listens on 127.0.0.1 until SIGTERM.
 */
const port = Number(process.argv[2]);
const file = process.argv[3];
if (!Number.isInteger(port) || !file) {
  process.stderr.write('usage: bare-aedes <port> <events.sqlite>\n');
  process.exit(2);
}

const store = openSqliteEventStore({ file });
const broker = await Aedes.createBroker({
  authorizePublish(client, packet, done) {
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(packet.payload.toString()) as Record<string, unknown>;
    } catch (error) {
      done(error as Error);
      return;
    }
    store
      .appendToStream(`reading-${client?.id ?? 'anonymous'}`, [
        { id: randomUUID(), type: 'ReadingRecorded', data },
      ])
      .then(
        () => done(null),
        (error: unknown) => done(error as Error),
      );
  },
});
const server = createServer(broker.handle);
server.listen(port, '127.0.0.1');

process.once('SIGTERM', () => {
  server.close();
  broker.close(() => {
    void store.close().then(() => process.exit(0));
  });
});
