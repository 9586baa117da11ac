#!/usr/bin/env node
// `node scripts/run-built.js <dist entry> [args...]`: runs a compiled entry point (the hub, the
// demo, a simulator) in this process, building first only when dist/ is stale
// (scripts/ensure-built.js). The npm scripts use it so `npm start` does not rebuild every time.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuilt, ROOT } from './ensure-built.js';

const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('usage: node scripts/run-built.js <dist/.../main.js> [args...]\n');
  process.exit(2);
}
ensureBuilt(entry);
// The entry reads process.argv.slice(2): make that its own arguments.
process.argv.splice(2, process.argv.length - 2, ...rest);
await import(pathToFileURL(join(ROOT, entry)).href);
