import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { LogFollower, openSqliteEventStore, type EventStore } from '@hub/event-store';
import { AccessTokens } from '../access-tokens.js';
import { InvalidInputError } from '../domain/access-errors.js';
import { TOKEN_ISSUED } from '../domain/access-events.js';
import type { Principal } from '../principal.js';
import { AccessDirectory } from './access-directory.js';
import { TokenService } from './token-service.js';

const admin: Principal = { role: 'admin', subject: 'ops-alice', tokenId: 'admin' };

let dir: string;
let store: EventStore;
let follower: LogFollower;
let directory: AccessDirectory;
let tokens: TokenService;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hub-access-'));
  store = openSqliteEventStore({ file: join(dir, 'events.sqlite') });
  follower = new LogFollower({ store });
  directory = new AccessDirectory(store, follower);
  await directory.start();
  follower.start();
  tokens = new TokenService(store, directory);
});

afterEach(async () => {
  await directory.stop();
  await follower.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const refusal = (work: Promise<unknown>): Promise<unknown> =>
  work.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => error,
  );

describe('token holders on the SQLite log', () => {
  test('a privacy-officer token needs a holder, named by its option', async () => {
    for (const holder of [undefined, null, '', '   ']) {
      const e = await refusal(
        tokens.issue({ role: 'privacy-officer', municipality: 'den-haag', holder }, admin),
      );
      expect(e).toBeInstanceOf(InvalidInputError);
      expect((e as Error).message).toContain('--holder');
    }
    const tooLong = await refusal(
      tokens.issue(
        { role: 'privacy-officer', municipality: 'den-haag', holder: 'x'.repeat(201) },
        admin,
      ),
    );
    expect((tooLong as Error).message).toBe('holder must be at most 200 characters');
    const control = await refusal(
      tokens.issue(
        { role: 'privacy-officer', municipality: 'den-haag', holder: 'j.jansen\u0000' },
        admin,
      ),
    );
    expect(control).toBeInstanceOf(InvalidInputError);
    expect(await store.readAll({ eventTypes: [TOKEN_ISSUED] })).toEqual([]);
  });

  test('the holder is recorded with the issuer, listed, and carried in the principal', async () => {
    const issued = await tokens.issue(
      { role: 'privacy-officer', municipality: 'den-haag', holder: '  J.Jansen@denhaag.nl \n' },
      admin,
    );
    const [event] = await store.readAll({ eventTypes: [TOKEN_ISSUED] });
    expect(event?.data).toMatchObject({
      tokenId: issued.tokenId,
      holder: 'J.Jansen@denhaag.nl',
      issuedBy: 'ops-alice',
    });
    expect(tokens.list(admin).map((t) => [t.tokenId, t.holder, t.issuedBy])).toEqual([
      [issued.tokenId, 'J.Jansen@denhaag.nl', 'ops-alice'],
    ]);
    const principal = new AccessTokens('admin-secret', directory).authenticate(
      `Bearer ${issued.token}`,
    );
    expect(principal).toMatchObject({
      role: 'privacy-officer',
      tokenId: issued.tokenId,
      holder: 'J.Jansen@denhaag.nl',
    });
  });

  test('other roles may name a holder but need not; a blank one is refused', async () => {
    const partner = await tokens.issue({ role: 'partner', lab: 'scheveningen' }, admin);
    expect(partner.record.holder).toBeUndefined();
    const named = await tokens.issue(
      { role: 'municipality', municipality: 'den-haag', holder: 'team  GIS' },
      admin,
    );
    expect(named.record.holder).toBe('team GIS');
    const blank = await refusal(tokens.issue({ role: 'partner', lab: 'x', holder: ' ' }, admin));
    expect((blank as Error).message).toBe('holder, when given, must not be blank');
  });

  test('an explicit null label (as GraphQL may send) is no label, not a crash', async () => {
    const issued = await tokens.issue({ role: 'partner', lab: 'scheveningen', label: null }, admin);
    expect(issued.record.label).toBeUndefined();
    const long = await refusal(
      tokens.issue({ role: 'partner', lab: 'scheveningen', label: 'x'.repeat(201) }, admin),
    );
    expect((long as Error).message).toBe('label must be at most 200 characters');
  });
});
