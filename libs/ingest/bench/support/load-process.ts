import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { LoadResult } from '../../../../simulators/load/index.js';

export interface LoadProcessOptions {
  broker: string;
  devices: number;
  /** Messages per second over all devices; 0 = as fast as possible. */
  rate: number;
  inflight: number;
  durationSec: number;
  credentialsFile?: string;
  lab?: string;
}

/**
 * Runs the load generator (`simulators/load`, the `npm run load` CLI) as its own process and
 * returns its JSON result: the same client, with its own event loop, drives the hub and the
 * reference broker alike.
 */
export function runLoadProcess(root: string, opts: LoadProcessOptions): Promise<LoadResult> {
  const args = [
    join(root, 'dist/simulators/load/main.js'),
    '--broker',
    opts.broker,
    '--devices',
    String(opts.devices),
    '--rate',
    String(opts.rate),
    '--inflight',
    String(opts.inflight),
    '--qos',
    '1',
    '--kind',
    'temperature',
    '--duration',
    String(opts.durationSec),
    '--json',
    '--no-progress',
    ...(opts.credentialsFile ? ['--credentials', opts.credentialsFile] : []),
    ...(opts.lab ? ['--lab', opts.lab] : []),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(last) as LoadResult);
      } catch {
        reject(new Error(`load generator exited with ${code}: ${(err || out).trim().slice(-500)}`));
      }
    });
  });
}
