import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startAdminChildHub, type AdminChildHub } from './support/admin-child-hub.js';
import { graphqlHttp } from './support/clients.js';

const ADMIN = 'admin-token-for-request-logs-e2e-0123456789';

interface RequestLine {
  level: number;
  msg?: string;
  req?: { method?: string; url?: string; headers?: Record<string, string> };
  res?: { statusCode?: number };
}

/**
 * HTTP requests are logged at debug level with credentials redacted, read from the real log of
 * the built hub. (They are logged by pino-http mounted in hub.ts, not by nestjs-pino's
 * middleware, whose per-request AsyncLocalStorage turned promise hooks on for the whole process.)
 */
describe('HTTP request logs', () => {
  let hub: AdminChildHub;

  beforeAll(async () => {
    hub = await startAdminChildHub(ADMIN, { HUB_LOG_LEVEL: 'debug' });
  });
  afterAll(() => hub?.close());

  test('a GraphQL request is logged at debug level, its authorization redacted; /health is not', async () => {
    await fetch(`http://127.0.0.1:${hub.httpPort}/health`);
    const { body } = await graphqlHttp<{ labs: unknown[] }>(hub.httpPort, ADMIN, '{ labs { id } }');
    expect(body.errors).toBeUndefined();
    const line = await hub.waitForLine(
      (l) => l.startsWith('{') && l.includes('"url":"/graphql"') && l.includes('"statusCode"'),
    );
    const logged = JSON.parse(line) as RequestLine;
    expect(logged).toMatchObject({
      level: 20,
      req: { method: 'POST', url: '/graphql', headers: { authorization: '[Redacted]' } },
      res: { statusCode: 200 },
    });
    const output = hub.output();
    expect(output).not.toContain(ADMIN);
    const requests = output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as RequestLine)
      .filter((l) => l.req?.url !== undefined);
    expect(requests.some((l) => l.req?.url === '/health')).toBe(false);
  });
});
