import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machineInfo } from './machine.js';
import { ingestSweepSvg, type SweepPoint } from './plot.js';
import { renderReport, type BenchOutcome } from './report.js';

/**
 * `npm run bench`: runs every `bench:*` script of package.json in sequence (the build is done
 * once, before), takes the JSON object each prints as its last line, and writes docs/benchmarks.md
 * with the targets of the issues, the machine, and a plot of ingest against offered load.
 */

const { values: flags } = parseArgs({
  options: {
    only: { type: 'string' },
    skip: { type: 'string' },
    /** Extra flags for one bench: --args ingest="--runs 1 --no-idle" (repeatable). */
    args: { type: 'string', multiple: true, default: [] },
    out: { type: 'string', default: 'docs/benchmarks.md' },
    plot: { type: 'string', default: 'docs/benchmarks-ingest.svg' },
    'timeout-min': { type: 'string', default: '10' },
    help: { type: 'boolean', default: false },
  },
});

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BUILD_PREFIX = /^npm run build( --silent)? && /;

if (flags.help) {
  process.stdout.write(
    [
      'npm run bench -- [flags]',
      '  --only a,b            run only these benches (names without bench:)',
      '  --skip a,b            leave these out (reported as skipped)',
      '  --args name="flags"   extra flags for one bench, e.g. --args ingest="--runs 1"',
      '  --out FILE            report (docs/benchmarks.md)',
      '  --plot FILE           ingest plot (docs/benchmarks-ingest.svg)',
      '  --timeout-min N       per bench (10)',
      '',
    ].join('\n'),
  );
  process.exit(0);
}

const list = (s: string | undefined): string[] | undefined =>
  s
    ?.split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const only = list(flags.only);
const skip = new Set(list(flags.skip) ?? []);
const extraArgs = new Map(
  flags.args.map((a) => {
    const eq = a.indexOf('=');
    if (eq < 1) throw new Error(`--args expects name="flags", got ${a}`);
    return [a.slice(0, eq), a.slice(eq + 1)] as const;
  }),
);

/** Runs one command through the shell, echoing its output; resolves with stdout and the exit code. */
function run(
  command: string,
  timeoutMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const child = spawn('sh', ['-c', command], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      process.stdout.write(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      process.stderr.write(d);
    });
    const timer = setTimeout(() => {
      stderr += `\n(timed out after ${timeoutMs / 60000} min)`;
      child.kill('SIGTERM');
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      res({ code, stdout, stderr });
    });
  });
}

function lastJsonLine(stdout: string): Record<string, unknown> | undefined {
  const last = stdout.trim().split('\n').at(-1)?.trim() ?? '';
  if (!last.startsWith('{')) return undefined;
  try {
    return JSON.parse(last) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const benches = Object.entries(pkg.scripts)
    .filter(([name]) => name.startsWith('bench:'))
    .map(([name, script]) => ({ name: name.slice('bench:'.length), script }));
  const machine = machineInfo();
  const timeoutMs = Number(flags['timeout-min']) * 60_000;
  const outcomes: BenchOutcome[] = [];
  for (const { name, script } of benches) {
    if (skip.has(name) || (only && !only.includes(name))) {
      outcomes.push({ name, status: 'skipped', seconds: 0 });
      continue;
    }
    const command = `${script.replace(BUILD_PREFIX, '')} ${extraArgs.get(name) ?? ''}`.trim();
    process.stdout.write(`\n=== bench:${name}: ${command}\n`);
    const started = performance.now();
    const { code, stdout, stderr } = await run(command, timeoutMs);
    const seconds = (performance.now() - started) / 1000;
    const result = lastJsonLine(stdout);
    if (code === 0 && result) outcomes.push({ name, status: 'ok', seconds, result });
    else {
      const tail = (stderr || stdout).trim().split('\n').slice(-8).join('\n');
      outcomes.push({
        name,
        status: 'failed',
        seconds,
        error: `exit code ${code}${result ? '' : ', no JSON last line'}\n${tail}`,
      });
    }
  }

  const ingest = outcomes.find((o) => o.name === 'ingest' && o.status === 'ok')?.result;
  const sweep = Array.isArray(ingest?.sweep) ? (ingest.sweep as SweepPoint[]) : [];
  let plotLink: string | null = null;
  if (sweep.length > 0) {
    const svg = await ingestSweepSvg(
      sweep,
      `Ingest, 100 devices, QoS 1 (${machine.cores} cores, ${machine.date.slice(0, 10)})`,
    );
    writeFileSync(join(root, flags.plot), svg);
    plotLink = relative(dirname(join(root, flags.out)), join(root, flags.plot));
  }
  const report = renderReport(
    machine,
    outcomes,
    plotLink,
    `npm run bench${
      process.argv.length > 2
        ? ` -- ${process.argv
            .slice(2)
            .map((a) => (/\s/.test(a) ? `'${a}'` : a))
            .join(' ')}`
        : ''
    }`,
  );
  writeFileSync(join(root, flags.out), report);
  process.stdout.write(`\nwrote ${flags.out}${plotLink ? ` and ${flags.plot}` : ''}\n`);
  process.stdout.write(
    `${JSON.stringify({ machine, benches: outcomes.map((o) => ({ name: o.name, status: o.status, seconds: Math.round(o.seconds) })) })}\n`,
  );
  if (outcomes.some((o) => o.status === 'failed')) process.exitCode = 1;
}

await main();
