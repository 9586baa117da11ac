/**
 * The console's Content-Security-Policy: everything from the hub itself, nothing inline, no
 * frames. `connect-src` names ws(s) to the same host as well as 'self' (graphql-ws), `worker-src
 * blob:` lets MapLibre start its workers, and a configured map tile server is the one outside
 * origin allowed (for images and the fetches MapLibre makes for them).
 */
export function consoleCsp(host: string | undefined, mapTileUrl: string | undefined): string {
  const tiles = mapTileUrl ? tileOrigin(mapTileUrl) : undefined;
  const sameHostWs =
    host && /^[A-Za-z0-9.\-:[\]]+$/.test(host) ? [`ws://${host}`, `wss://${host}`] : [];
  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'"]],
    ['img-src', ["'self'", 'data:', 'blob:', ...(tiles ? [tiles] : [])]],
    ['font-src', ["'self'"]],
    ['connect-src', ["'self'", ...sameHostWs, ...(tiles ? [tiles] : [])]],
    ['worker-src', ["'self'", 'blob:']],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'self'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

/** `https://tile.example.org/{z}/{x}/{y}.png` → `https://tile.example.org` (placeholders are not part of an origin). */
export function tileOrigin(template: string): string {
  const match = /^(https?:\/\/[^/\s]+)/.exec(template);
  if (!match) throw new Error(`not an http(s) tile URL: ${template}`);
  // `https://{s}.tile.example.org`: a subdomain placeholder becomes a CSP wildcard.
  return match[1].replace(/\{[a-z]+\}/g, '*');
}
