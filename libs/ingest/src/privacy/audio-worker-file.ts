import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ENTRY = 'audio-worker.entry.js';

/**
 * The compiled audio worker script. A worker thread cannot load TypeScript, so the entry is
 * always the built file in dist/: beside this module when the hub runs from dist/, and under
 * dist/ of the repository when this module is TypeScript (the tests run the hub in-process under
 * ts-jest; their global setup builds dist/ first). As projection-worker-file.ts does.
 */
export function audioWorkerFile(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const file = import.meta.url.endsWith('.ts')
    ? join(here, '../../../../dist/libs/ingest/src/privacy', ENTRY)
    : join(here, ENTRY);
  if (!existsSync(file)) {
    throw new Error(
      `audio worker script ${file} is missing: run "npm run build" (or set HUB_AUDIO_THREAD=main)`,
    );
  }
  return file;
}
