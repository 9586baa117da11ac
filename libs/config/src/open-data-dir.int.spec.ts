import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, test } from '@jest/globals';
import { DataDirInUseError } from './data-dir-lock.js';
import { DataDirNotPrivateError } from './data-dir-modes.js';
import { openDataDir, type DataDirLease } from './open-data-dir.js';

const mode = (path: string) => '0' + (lstatSync(path).mode & 0o777).toString(8);

describe('openDataDir: one holder, private modes (real files, real SQLite locks)', () => {
  const cleanup: (() => void)[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-data-dir-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  };
  const open = (dir: string, holder = 'hub'): DataDirLease => {
    const lease = openDataDir(dir, holder);
    cleanup.unshift(() => lease.release());
    return lease;
  };
  afterEach(() => cleanup.splice(0).forEach((f) => f()));

  test('a second open in the same process is refused, naming the holder and its ports', () => {
    const dir = tempDir();
    const first = open(dir);
    first.describe({ httpPort: 3000, mqttPort: 1883 });
    expect(existsSync(join(dir, 'hub.lock-journal'))).toBe(false);
    const refusal = (() => {
      try {
        openDataDir(dir, 'demo');
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(DataDirInUseError);
    expect((refusal as DataDirInUseError).code).toBe('DATA_DIR_IN_USE');
    expect((refusal as Error).message).toContain(
      `in use by hub (pid ${process.pid}, HTTP port 3000, MQTT port 1883`,
    );
    first.release();
    // Released: the next holder gets it at once.
    open(dir, 'demo').release();
  });

  test('the same data dir under another path (a symlink) is the same lock', () => {
    const parent = tempDir();
    const dir = join(parent, 'data');
    open(dir);
    symlinkSync(dir, join(parent, 'alias'));
    expect(() => openDataDir(join(parent, 'alias'), 'hub')).toThrow(DataDirInUseError);
  });

  test('files created after the lease (SQLite -wal and -shm) are 0600', () => {
    const dir = join(tempDir(), 'fresh');
    open(dir);
    const db = new Database(join(dir, 'events.sqlite'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    try {
      expect(mode(dir)).toBe('0700');
      for (const f of ['events.sqlite', 'events.sqlite-wal', 'events.sqlite-shm', 'hub.lock']) {
        expect(`${f} ${mode(join(dir, f))}`).toBe(`${f} 0600`);
      }
    } finally {
      db.close();
    }
  });

  test('a data dir that is itself a symlink (to a bigger disk) is accepted; a symlink inside is not', () => {
    const parent = tempDir();
    const target = join(parent, 'disk');
    open(target).release();
    symlinkSync(target, join(parent, 'data'));
    open(join(parent, 'data')).release();
    symlinkSync('/etc/hostname', join(target, 'admin-token'));
    expect(() => openDataDir(join(parent, 'data'), 'hub')).toThrow(DataDirNotPrivateError);
    expect(statSync('/etc/hostname').mode & 0o777).not.toBe(0o600);
  });

  // Giving a file to another user needs root (this machine's tests run as root).
  const asRoot = process.getuid?.() === 0 ? test : test.skip;
  asRoot('a file of another user stops the open with its path, and leaves the lock free', () => {
    const dir = tempDir();
    const file = join(dir, 'admin-token');
    writeFileSync(file, 'token\n');
    chmodSync(file, 0o644);
    chownSync(file, 65534, 65534);
    expect(() => openDataDir(dir, 'hub')).toThrow(
      new RegExp(`DATA_DIR_NOT_PRIVATE: ${file} belongs to uid 65534`),
    );
    expect(mode(file)).toBe('0644');
    chownSync(file, 0, 0);
    open(dir);
    expect(mode(file)).toBe('0600');
  });
});
