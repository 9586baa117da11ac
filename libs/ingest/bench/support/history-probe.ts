/**
 * Sends GraphQL history queries over HTTP at a steady rate (open loop: a slow answer does not
 * delay the next query) and records each one's latency, for `historyP99MsUnderLoad`.
 */
const query = (page: number): string =>
  `{ readings(filter: { lab: "scheveningen" }, last: ${page}) { edges { cursor node { observedAt values } } } }`;

export interface HistoryProbeResult {
  readonly queries: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface HistoryProbe {
  stop(): Promise<HistoryProbeResult>;
}

export function startHistoryProbe(
  httpPort: number,
  token: string,
  perSec: number,
  /** Readings per query (`last`). */
  page = 20,
): HistoryProbe {
  const QUERY = query(page);
  const latencies: number[] = [];
  const pending = new Set<Promise<void>>();
  let errors = 0;
  const one = async (): Promise<void> => {
    const t0 = performance.now();
    try {
      const res = await fetch(`http://127.0.0.1:${httpPort}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: QUERY }),
      });
      const body = (await res.json()) as { errors?: unknown[] };
      if (!res.ok || body.errors) errors++;
      else latencies.push(performance.now() - t0);
    } catch {
      errors++;
    }
  };
  const timer = setInterval(() => {
    const p = one().finally(() => pending.delete(p));
    pending.add(p);
  }, 1000 / perSec);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(pending);
      const sorted = [...latencies].sort((a, b) => a - b);
      const at = (q: number): number =>
        sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
      return { queries: sorted.length, errors, p50Ms: at(0.5), p99Ms: at(0.99) };
    },
  };
}
