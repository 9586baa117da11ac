import type { RuleLifecycle } from './rule-lifecycle.js';
import type { SensorRegister } from './sensor-register.js';
import { activeVersion } from '../domain/rule-history.js';

/** One lab as another municipality sees it before asking for sharing. */
export interface DirectoryLab {
  readonly lab: string;
  readonly owner: string;
  /** Kinds its privacy rule in force handles or its register entries name, sorted. */
  readonly kinds: string[];
  /** Public contacts from its sensor register entries (empty when none is published). */
  readonly contacts: string[];
  readonly lampposts: number;
}

/**
 * The hub's labs with their owner, sensor kinds and public contact: the public sensor register's
 * facts joined with the lab owners. Nothing here is a reading or confidential.
 */
export async function labDirectory(
  owners: ReadonlyMap<string, string>,
  register: SensorRegister,
  lifecycle: RuleLifecycle,
): Promise<DirectoryLab[]> {
  const out: DirectoryLab[] = [];
  for (const [lab, owner] of [...owners].sort(([a], [b]) => a.localeCompare(b))) {
    const entries = await register.entriesOf(lab);
    const history = lifecycle.historyOf(lab);
    const active = history ? activeVersion(history) : undefined;
    const kinds = new Set<string>([
      ...entries.map((e) => e.kind),
      ...Object.keys(active?.content.kinds ?? {}),
    ]);
    out.push({
      lab,
      owner,
      kinds: [...kinds].sort(),
      contacts: [...new Set(entries.map((e) => e.contact))].sort(),
      lampposts: (await register.lamppostsOf(lab)).length,
    });
  }
  return out;
}
