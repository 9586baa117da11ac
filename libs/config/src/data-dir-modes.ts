import { chmodSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { HubError } from '@hub/contracts';

/** Owner-only: the data dir holds secret hashes, token digests, exact readings, the audit trail. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** A data dir entry whose mode cannot be made private (not ours, or not a file or folder). */
export class DataDirNotPrivateError extends HubError {
  override readonly audience = 'operator';
  readonly code = 'DATA_DIR_NOT_PRIVATE';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(
      `DATA_DIR_NOT_PRIVATE: ${path} ${reason}. The data dir must be 0700 and every file in it ` +
        '0600, owned by the user the hub runs as (see docs/configuration.md#data-dir).',
    );
  }
}

export interface TightenedMode {
  readonly path: string;
  /** Octal, e.g. `0644`. */
  readonly from: string;
  readonly to: string;
}

const octal = (mode: number) => '0' + (mode & 0o777).toString(8);

/**
 * Invariant: the data dir is 0700 and everything under it 0600 (folders 0700). A looser entry,
 * e.g. from a hub before this check or a copy with `cp -r`, is tightened and reported; one that
 * cannot be (another owner, a symlink, a socket) stops the process. Modes are changed without
 * opening any file, so the data dir lock is never disturbed.
 */
export function makeDataDirPrivate(dir: string): TightenedMode[] {
  const tightened: TightenedMode[] = [];
  const visit = (path: string, root: boolean) => {
    // The data dir itself may be a symlink to a bigger disk (the operator's choice); what is
    // inside it is the hub's, and there a symlink is refused.
    const stat = root ? statSync(path) : lstatSync(path);
    const isDir = stat.isDirectory();
    if (!isDir && !stat.isFile()) {
      // A symlink could point anywhere; chmod would follow it out of the data dir.
      throw new DataDirNotPrivateError(path, 'is neither a regular file nor a folder');
    }
    const want = isDir ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE;
    if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
      throw new DataDirNotPrivateError(path, `belongs to uid ${stat.uid}, not to this process`);
    }
    if ((stat.mode & 0o777) !== want) {
      chmodSync(path, want);
      tightened.push({ path, from: octal(stat.mode), to: octal(want) });
    }
    if (isDir) {
      for (const name of readdirSync(path)) visit(join(path, name), false);
    }
  };
  visit(dir, true);
  return tightened;
}
