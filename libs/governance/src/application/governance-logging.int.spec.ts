import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import type { HubLogger } from '@hub/contracts';
import { LogFollower, openSqliteEventStore, type EventStore } from '@hub/event-store';
import { loadRuleSet } from '@hub/privacy';
import { editStoredEventData } from '../../../event-store/src/sqlite/tamper-stored-event.js';
import { ruleStream } from '../domain/rule-events.js';
import { FilterStatsRecorder } from './filter-stats-recorder.js';
import { GovernanceRuntime } from './governance-runtime.js';
import { RuleLifecycle } from './rule-lifecycle.js';

const dir = mkdtempSync(join(tmpdir(), 'gov-logging-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SHIPPED = 'libs/privacy/rules/scheveningen.json';
const shipped = readFileSync(SHIPPED, 'utf8');

/** The hub's one logger interface, keeping each line. */
const recorder = () => {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const logger: HubLogger = {
    info: (message, fields) => lines.push({ level: 'info', message, fields }),
    warn: (message, fields) => lines.push({ level: 'warn', message, fields }),
    error: (message, fields) => lines.push({ level: 'error', message, fields }),
  };
  return { lines, logger };
};

const lifecycle = (store: EventStore, logger: HubLogger) =>
  new RuleLifecycle({
    store,
    follower: new LogFollower({ store }),
    ownerOf: () => 'den-haag',
    logger,
  });

describe('governance reports through the HubLogger it is given', () => {
  test('the rule lifecycle: an edited rule file is a warning, a broken rule history an error', async () => {
    const file = join(dir, 'rules.sqlite');
    let store = openSqliteEventStore({ file });
    const first = recorder();
    const rules = lifecycle(store, first.logger);
    await rules.load();
    await rules.bootstrap([{ ruleSet: loadRuleSet(shipped), source: SHIPPED }]);
    const edited = { ...(JSON.parse(shipped) as object), description: 'edited on disk' };
    await rules.bootstrap([{ ruleSet: loadRuleSet(JSON.stringify(edited)), source: SHIPPED }]);
    await store.close();
    expect(first.lines).toEqual([
      {
        level: 'warn',
        message: 'rule file differs from the recorded rule history; ignored',
        fields: {
          lab: 'scheveningen',
          file: SHIPPED,
          hint: 'propose the change through proposeRuleSet',
        },
      },
    ]);

    // Someone with disk access edits the recorded first version: the next start refuses it.
    editStoredEventData(file, ruleStream('scheveningen'), 0, (data) => {
      (data as { content: { description: string } }).content.description = 'nothing to see here';
    });
    store = openSqliteEventStore({ file });
    const second = recorder();
    await lifecycle(store, second.logger).load();
    await store.close();
    expect(second.lines).toEqual([
      {
        level: 'error',
        message: 'rule history chain broken: no rules used for this lab',
        fields: { lab: 'scheveningen', break: expect.objectContaining({ revision: 0 }) },
      },
    ]);
  });

  test('the runtime: a statistics write that fails is an error, and stopping goes on', async () => {
    const store = openSqliteEventStore({ file: join(dir, 'stats.sqlite') });
    const stats = new FilterStatsRecorder(
      store,
      () => ({
        'scheveningen-default@1': {
          messagesFiltered: 1,
          messagesRejected: {},
          fieldsDropped: {},
          readingsEmitted: 1,
          lateMessages: 0,
          shortWindowsDiscarded: 0,
          countsSuppressed: 0,
        },
      }),
      'hub',
    );
    await stats.load();
    const { lines, logger } = recorder();
    const runtime = new GovernanceRuntime(lifecycle(store, logger), stats, undefined, logger);
    await store.close(); // the final statistics write at stop now fails
    await runtime.stop();
    expect(lines).toEqual([
      {
        level: 'error',
        message: 'could not record the filter statistics',
        fields: { err: expect.stringMatching(/closed/i) },
      },
    ]);
  });
});
