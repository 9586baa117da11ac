/** The hub's settings for the console (`GET /console/config.json`, apps/hub/src/console). */
export interface ConsoleConfig {
  /** Raster tile URL template (`{z}/{x}/{y}`), or null: draw the map without tiles. */
  readonly mapTileUrl: string | null;
  readonly graphqlPath: string;
}

let cached: Promise<ConsoleConfig> | undefined;

/** Fetched once per page load. */
export function consoleConfig(): Promise<ConsoleConfig> {
  cached ??= fetch('/console/config.json').then((r) => {
    if (!r.ok) throw new Error(`GET /console/config.json answered ${r.status}`);
    return r.json() as Promise<ConsoleConfig>;
  });
  return cached;
}
