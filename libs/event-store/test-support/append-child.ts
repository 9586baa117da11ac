// Crash-test child: appends at full speed through the real SQLite adapter with group commit and
// prints one line per acknowledged append ("ack <eventId> <position>"). The parent SIGKILLs it.
import { randomUUID } from 'node:crypto';
import { openSqliteEventStore } from '../src/sqlite/sqlite-event-store.js';

const [file, synchronous = 'NORMAL'] = process.argv.slice(2);
const store = openSqliteEventStore({
  file,
  synchronous: synchronous === 'FULL' ? 'FULL' : 'NORMAL',
  groupCommitWindowMs: 1,
  groupCommitMaxEvents: 200,
});
process.stdout.write('ready\n');

async function appender(worker: number): Promise<never> {
  for (;;) {
    const events = Array.from({ length: 1 + (worker % 3) }, () => ({
      id: randomUUID(),
      type: 'CrashTestEvent',
      data: { worker, payload: 'x'.repeat(150) },
    }));
    const result = await store.appendToStream(`crash-${worker % 16}`, events);
    process.stdout.write(`ack ${events.map((e) => e.id).join(',')} ${result.position}\n`);
  }
}

await Promise.all(Array.from({ length: 64 }, (_, i) => appender(i)));
