import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunningHub } from '../src/hub.js';
import { removeDir, startTestHub, tempDataDir } from './support/test-hub.js';

/**
 * How the hub serves the web console (apps/hub/src/console): the page with its CSP, hashed
 * assets cached for a year, clear 404s, the map tile origin, the /graphql redirect, and nothing
 * at all when the console is switched off. The console itself is built by Jest's global setup.
 */
const TILES = 'https://{s}.tile.example.org/{z}/{x}/{y}.png';

describe('the hub serves the web console', () => {
  let hub: RunningHub;
  let dataDir: string;
  let base: string;

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir, { HUB_MAP_TILE_URL: TILES });
    base = `http://127.0.0.1:${hub.httpPort}`;
  });

  afterAll(async () => {
    await hub?.close();
    removeDir(dataDir);
  });

  test('/ and /register serve the same page, with a self-only CSP naming the tile origin', async () => {
    const built = readFileSync('dist/console/index.html', 'utf8');
    for (const path of ['/', '/register']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toBe(built);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${hub.httpPort}`);
      expect(csp).toContain("img-src 'self' data: blob: https://*.tile.example.org");
      expect(csp).toContain("worker-src 'self' blob:");
      expect(csp).toContain("frame-ancestors 'none'");
    }
    const json = await fetch(`${base}/register/sensors`);
    expect(json.headers.get('content-type')).toContain('application/json');
    await json.text();
  });

  test('assets are served with a year of caching; unknown assets and paths get a clear 404', async () => {
    const html = await (await fetch(`${base}/`)).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${base}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    await asset.arrayBuffer();
    const missing = await fetch(`${base}/assets/nope.js`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual(expect.objectContaining({ code: 'NOT_FOUND' }));
    const traversal = await fetch(`${base}/assets/..%2Fpackage.json`);
    expect(traversal.status).toBe(404);
    await traversal.text();
    const unknown = await fetch(`${base}/no-such-page`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual(expect.objectContaining({ statusCode: 404 }));
  });

  test('the console gets the tile URL from /console/config.json', async () => {
    const res = await fetch(`${base}/console/config.json`);
    expect(await res.json()).toEqual({ mapTileUrl: TILES, graphqlPath: '/graphql' });
  });

  test('a browser opening /graphql is sent to the IDE, not to a CDN page', async () => {
    const res = await fetch(`${base}/graphql`, {
      headers: { accept: 'text/html,application/xhtml+xml' },
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/#/ide');
    await res.text();
  });
});

describe('HUB_CONSOLE_ENABLED=false', () => {
  let hub: RunningHub;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir, { HUB_CONSOLE_ENABLED: 'false' });
  });

  afterAll(async () => {
    await hub?.close();
    removeDir(dataDir);
  });

  test('serves no page, no asset and no redirect; the register JSON stays', async () => {
    const base = `http://127.0.0.1:${hub.httpPort}`;
    for (const path of ['/', '/register', '/console/config.json']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(404);
      await res.text();
    }
    const graphql = await fetch(`${base}/graphql`, {
      headers: { accept: 'text/html' },
      redirect: 'manual',
    });
    expect(graphql.status).not.toBe(302);
    // Apollo's landing page (GraphiQL from a CDN) stays off too.
    expect(await graphql.text()).not.toContain('unpkg.com');
    const register = await fetch(`${base}/register/sensors`);
    expect(register.status).toBe(200);
    await register.text();
  });
});
