#!/usr/bin/env node
// `npx hubctl ...` and `npm run hubctl -- ...`: the compiled CLI, built first only when needed
// (scripts/ensure-built.js), so a scripted loop of hubctl calls does not rebuild on every call.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { ensureBuilt, ROOT } from './ensure-built.js';

const ENTRY = 'dist/apps/hubctl/src/main.js';
ensureBuilt(ENTRY);
// Same process: hubctl reads process.argv.slice(2), which are this script's arguments.
await import(pathToFileURL(join(ROOT, ENTRY)).href);
