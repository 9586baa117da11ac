// Multi-process test child: appends COUNT events through the real PostgreSQL adapter from 8
// concurrent loops (group commit on), printing "ack <ids> <position>" per acknowledged append,
// then "done". Several of these append to the same database at once: each prints "ready" once
// connected and starts appending when a line arrives on stdin, so the parent can start them
// together however long each took to start.
import { randomUUID } from 'node:crypto';
import { connectPostgresEventStore } from '../src/postgres/postgres-event-store.js';

const [url, label, countArg] = process.argv.slice(2);
const count = Number(countArg);
const store = await connectPostgresEventStore({
  connectionString: url,
  groupCommitWindowMs: 1,
  groupCommitMaxEvents: 100,
});
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
process.stdin.pause();

let issued = 0;
async function appender(worker: number): Promise<void> {
  while (issued < count) {
    const n = Math.min(1 + (worker % 3), count - issued);
    issued += n;
    const events = Array.from({ length: n }, () => ({
      id: randomUUID(),
      type: 'ProcessTestEvent',
      data: { label, worker },
    }));
    const result = await store.appendToStream(`${label}-${worker % 4}`, events);
    process.stdout.write(`ack ${events.map((e) => e.id).join(',')} ${result.position}\n`);
  }
}

await Promise.all(Array.from({ length: 8 }, (_, i) => appender(i)));
await store.close();
process.stdout.write('done\n');
