import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/**
 * Where a process spent its time, from a V8 CPU profile (`node --cpu-prof`), in the whole run or
 * only while messages were slow. With `--trace` (the JSON lines of `bench:feeds --latency-trace`:
 * `{sentUs, latencyMs}`, sentUs on the monotonic clock the profile uses too) it finds the stalls
 * (messages slower than `--over` ms, the trace's p99 by default, merged into windows from send to
 * delivery) and sums the profile's samples that fall inside them.
 *
 * With `--saturated` it sums only the seconds in which the thread was at least 90% busy: what
 * limits a thread that has no time left (the hub's main thread at maximum ingest).
 *
 * With `--last-sec N` it sums only the profile's last N seconds (the last phase of a bench,
 * e.g. `bench:ingest --no-sweep`'s half-load run) and prints how busy each of them was.
 *
 *   node dist/tools/bench/profile-window.js HUB.cpuprofile [--trace FILE] [--over MS]
 *     [--saturated] [--last-sec N] [--top N]
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}
interface TracePoint {
  sentUs: number;
  latencyMs: number;
}

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    trace: { type: 'string' },
    over: { type: 'string' },
    saturated: { type: 'boolean', default: false },
    'last-sec': { type: 'string' },
    top: { type: 'string', default: '15' },
  },
});
if (positionals.length !== 1) {
  process.stderr.write(
    'usage: profile-window.js FILE.cpuprofile [--trace FILE] [--over MS] [--top N]\n',
  );
  process.exit(2);
}

const profile = JSON.parse(readFileSync(positionals[0], 'utf8')) as CpuProfile;
const top = Number(flags.top);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));

/** `name file:line`, with the path cut to the repository's or the package's part. */
function functionKey(cf: CallFrame): string {
  return `${cf.functionName || '(anonymous)'} ${shortUrl(cf.url)}:${cf.lineNumber + 1}`;
}
function shortUrl(url: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return `node_modules/${pkg[1]}`;
  const dist = /\/dist\/(.*)$/.exec(url);
  return dist ? dist[1] : url;
}
/** The package, or the repository folder two levels down (libs/ingest/src), or V8's own. */
function areaKey(cf: CallFrame): string {
  if (!cf.url) return cf.functionName || '(native)';
  const u = shortUrl(cf.url);
  if (u.startsWith('node_modules/') || u.startsWith('node:')) return u;
  return u.split('/').slice(0, 3).join('/');
}

/** Each sample as [time in µs on the monotonic clock, node]. */
const samples: Array<[number, ProfileNode]> = [];
let t = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i] ?? 0;
  const node = byId.get(profile.samples[i]);
  if (node) samples.push([t, node]);
}
/** The time a sample stands for: up to the next sample. */
const weight = (i: number): number =>
  i + 1 < samples.length ? samples[i + 1][0] - samples[i][0] : 0;

function summarise(title: string, inside: (us: number) => boolean): void {
  const fns = new Map<string, number>();
  const areas = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < samples.length; i++) {
    const [us, node] = samples[i];
    if (!inside(us)) continue;
    const w = weight(i);
    total += w;
    fns.set(functionKey(node.callFrame), (fns.get(functionKey(node.callFrame)) ?? 0) + w);
    areas.set(areaKey(node.callFrame), (areas.get(areaKey(node.callFrame)) ?? 0) + w);
  }
  const print = (m: Map<string, number>): void => {
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      process.stdout.write(`  ${((100 * v) / (total || 1)).toFixed(1).padStart(5)}%  ${k}\n`);
    }
  };
  process.stdout.write(`${title}: ${(total / 1000).toFixed(0)} ms of samples\n by area\n`);
  print(areas);
  process.stdout.write(' by function (self time)\n');
  print(fns);
}

summarise('whole profile', () => true);

if (flags.saturated) {
  const busy = new Map<number, [number, number]>();
  for (let i = 0; i < samples.length; i++) {
    const second = Math.floor((samples[i][0] - profile.startTime) / 1e6);
    const [b, all] = busy.get(second) ?? [0, 0];
    const idle = samples[i][1].callFrame.functionName === '(idle)';
    busy.set(second, [b + (idle ? 0 : weight(i)), all + weight(i)]);
  }
  const full = new Set(
    [...busy].filter(([, [b, all]]) => all > 0 && b / all >= 0.9).map(([s]) => s),
  );
  process.stdout.write(`\n${full.size} of ${busy.size} seconds at least 90% busy\n`);
  summarise('inside them', (us) => full.has(Math.floor((us - profile.startTime) / 1e6)));
}

if (flags['last-sec']) {
  const end = samples.at(-1)?.[0] ?? profile.startTime;
  const from = end - Number(flags['last-sec']) * 1e6;
  const busy = new Map<number, [number, number]>();
  for (let i = 0; i < samples.length; i++) {
    if (samples[i][0] < from) continue;
    const second = Math.floor((samples[i][0] - from) / 1e6);
    const [b, all] = busy.get(second) ?? [0, 0];
    const idle = samples[i][1].callFrame.functionName === '(idle)';
    busy.set(second, [b + (idle ? 0 : weight(i)), all + weight(i)]);
  }
  const shares = [...busy]
    .sort((a, b) => a[0] - b[0])
    .map(([, [b, all]]) => `${Math.round((100 * b) / (all || 1))}%`);
  process.stdout.write(`\nbusy in each of the last ${busy.size} seconds: ${shares.join(' ')}\n`);
  summarise('inside them', (us) => us >= from);
}

if (flags.trace) {
  const trace = readFileSync(flags.trace, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as TracePoint);
  const sorted = trace.map((p) => p.latencyMs).sort((a, b) => a - b);
  const over = flags.over ? Number(flags.over) : sorted[Math.floor(0.99 * sorted.length)];
  const windows: Array<[number, number, number]> = [];
  for (const p of trace.filter((x) => x.latencyMs >= over)) {
    const from = p.sentUs;
    const to = p.sentUs + p.latencyMs * 1000;
    const last = windows.at(-1);
    if (last && from <= last[1]) {
      last[1] = Math.max(last[1], to);
      last[2] += 1;
    } else windows.push([from, to, 1]);
  }
  const start = trace[0]?.sentUs ?? 0;
  process.stdout.write(
    `\n${trace.length} messages, stalls: latency >= ${over.toFixed(1)} ms in ${windows.length} windows\n`,
  );
  for (const [from, to, n] of windows) {
    process.stdout.write(
      `  at +${((from - start) / 1000).toFixed(0)} ms for ${((to - from) / 1000).toFixed(1)} ms, ${n} messages\n`,
    );
  }
  summarise('\ninside the stalls', (us) => windows.some(([a, b]) => us >= a && us <= b));
}
