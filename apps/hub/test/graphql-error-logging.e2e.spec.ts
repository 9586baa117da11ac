import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { graphqlHttp, graphqlWs } from './support/clients.js';
import { startChildHub, type ChildHub } from '../../../tools/processes/child-hub.js';
import { waitUntil, within } from './support/deadline.js';
import { removeDir, tempDataDir } from './support/test-hub.js';
import { collect } from './feeds-fixtures.js';

// Issue 11, finding 7: every GraphQL user error was logged at error level with a stack trace,
// so a client's bad cursor looked like a hub fault. Read from the hub's real log output.
const ADMIN = 'admin-token-for-error-logging-e2e';
const BOUND_MS = 10_000;

interface LogLine {
  level: number;
  msg?: string;
  code?: string;
  reason?: string;
  err?: { stack?: string };
}

describe('GraphQL user errors are logged as what they are (issue 11)', () => {
  let dataDir: string;
  let hub: ChildHub;
  let alpha: string;

  const logLines = (): LogLine[] =>
    hub
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as LogLine);

  /** Waits (bounded) for the hub to log a line about `code`, then returns every such line. */
  const linesAbout = async (code: string): Promise<LogLine[]> => {
    await hub.waitForLine((l) => l.startsWith('{') && l.includes(`"${code}"`)).catch(() => '');
    return logLines().filter((l) => l.code === code || JSON.stringify(l).includes(`"${code}"`));
  };

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startChildHub({ HUB_DATA_DIR: dataDir, HUB_ADMIN_TOKEN: ADMIN });
    const admin = async (query: string, variables: Record<string, unknown> = {}) => {
      const { body } = await graphqlHttp<Record<string, { token: string }>>(
        hub.httpPort,
        ADMIN,
        query,
        variables,
      );
      if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    await admin('mutation { createLab(id: "beta-lab", municipality: "beta") { id } }');
    const created = await admin(
      'mutation ($input: CreateTokenInput!) { createToken(input: $input) { token } }',
      { input: { role: 'municipality', municipality: 'alpha' } },
    );
    alpha = created?.createToken?.token ?? '';
  });

  afterAll(async () => {
    if (hub)
      await within(hub.stop(), 15_000, 'hub stop').catch(() => process.kill(hub.pid, 'SIGKILL'));
    removeDir(dataDir);
  });

  test('BAD_USER_INPUT over HTTP: info, with code and reason, no stack', async () => {
    const { body } = await graphqlHttp(
      hub.httpPort,
      alpha,
      '{ readings(after: "abc") { edges { cursor } } }',
    );
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const lines = await linesAbout('BAD_USER_INPUT');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line.level).toBe(30);
      expect(line).toMatchObject({ msg: 'graphql user error', reason: 'INVALID_CURSOR' });
      expect(JSON.stringify(line)).not.toContain('stack');
    }
  });

  test('FORBIDDEN over HTTP and over graphql-ws: info, no stack', async () => {
    const { body } = await graphqlHttp(
      hub.httpPort,
      alpha,
      '{ readings(filter: { lab: "beta-lab" }, first: 1) { edges { cursor } } }',
    );
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const ws = graphqlWs(hub.httpPort, alpha);
    try {
      const sub = collect(
        ws,
        'subscription { readings(filter: { lab: "beta-lab" }) { cursor } }',
        {},
      );
      const error = await within(sub.ended, BOUND_MS, 'the FORBIDDEN subscription');
      expect(error?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    } finally {
      await ws.dispose();
    }
    // The HTTP refusal is a resolver's and is logged; the websocket one ends the stream (it is
    // the stream's error, which Nest does not log); neither may reach error level (last test).
    const lines = await linesAbout('FORBIDDEN');
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const line of lines) {
      expect(line.level).toBe(30);
      expect(JSON.stringify(line)).not.toContain('stack');
    }
  });

  test('no user error of this file reached error level', async () => {
    // The marker: one more logged user error. The hub's log is written in order, so a line about
    // an earlier request (an error-level one, say) has reached this process once this one has.
    const userErrors = () =>
      logLines().filter((l) => JSON.stringify(l).includes('"BAD_USER_INPUT"')).length;
    const before = userErrors();
    await graphqlHttp(hub.httpPort, alpha, '{ readings(after: "abc") { edges { cursor } } }');
    await waitUntil(() => userErrors() > before, { what: 'the log line of the marker request' });
    const errors = logLines().filter((l) => l.level >= 50);
    expect(errors).toEqual([]);
  });
});
