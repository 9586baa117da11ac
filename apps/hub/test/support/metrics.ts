import { expect } from '@jest/globals';
import { metricsToken } from './test-hub.js';

/**
 * The exposition lines of one metric family from `/metrics`, without HELP/TYPE comments. The
 * scrape carries the hub's metrics token (`<data dir>/metrics-token`), as Prometheus would.
 */
export async function scrapeFamily(
  httpPort: number,
  dataDir: string,
  family: string,
): Promise<string[]> {
  const response = await fetch(`http://127.0.0.1:${httpPort}/metrics`, {
    headers: { authorization: `Bearer ${metricsToken(dataDir)}` },
    signal: AbortSignal.timeout(10_000),
  });
  expect(response.status).toBe(200);
  return (await response.text()).split('\n').filter((line) => line.startsWith(`${family}{`));
}

/** The value of one series (`family{labels}`), 0 when it does not exist yet. */
export async function scrapeValue(
  httpPort: number,
  dataDir: string,
  series: string,
): Promise<number> {
  const family = series.slice(0, series.indexOf('{'));
  const line = (await scrapeFamily(httpPort, dataDir, family)).find((l) =>
    l.startsWith(`${series} `),
  );
  return line ? Number(line.slice(series.length + 1)) : 0;
}
