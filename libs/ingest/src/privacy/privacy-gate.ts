import type { RuleStamp } from '@hub/contracts';
import type { EventStore } from '@hub/event-store';
import {
  createKeyring,
  createPrivacyFilter,
  cryptoRandom,
  ruleProvenance,
  type Keyring,
  type PrivacyFilter,
} from '@hub/privacy';
import { KeyLifecycleRecorder } from './key-lifecycle-events.js';
import { loadRuleSetsFromDir } from './load-rule-sets.js';

/** The privacy filter of a running hub with its in-memory keyring. */
export interface PrivacyGate {
  readonly filter: PrivacyFilter;
  readonly keyring: Keyring;
  readonly keyEvents: KeyLifecycleRecorder;
  /** The rule sets in force at boot, per lab. */
  readonly active: readonly (RuleStamp & { lab: string })[];
}

export function createPrivacyGate(
  rulesDir: string,
  store: EventStore,
  onError: (error: unknown) => void,
  /** HUB_MAX_CLOCK_SKEW_SEC in ms: the same bound the ingest validator applies. */
  maxFutureSkewMs: number,
  /** HUB_NODE_ID: key ids name the node that holds the keys. */
  nodeId: string,
): PrivacyGate {
  const keyEvents = new KeyLifecycleRecorder(store, onError);
  const keyring = createKeyring({ onLifecycle: keyEvents.record, holder: nodeId });
  const ruleSets = loadRuleSetsFromDir(rulesDir);
  const filter = createPrivacyFilter({
    ruleSets,
    keyring,
    clock: Date.now,
    maxFutureSkewMs,
    random: cryptoRandom,
  });
  const active = ruleSets.map((rs) => ({ lab: rs.lab, ...ruleProvenance(rs) }));
  return { filter, keyring, keyEvents, active };
}
