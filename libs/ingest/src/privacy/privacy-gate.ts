import type { HubLogger, RuleStamp } from '@hub/contracts';
import type { EventStore } from '@hub/event-store';
import {
  createKeyring,
  createPrivacyFilter,
  cryptoRandom,
  ruleProvenance,
  type Keyring,
  type PrivacyFilter,
  type SoundBacklogLimits,
} from '@hub/privacy';
import { AudioThread } from './audio-thread.js';
import { KeyLifecycleRecorder } from './key-lifecycle-events.js';
import { loadRuleSetsFromDir } from './load-rule-sets.js';

/** The privacy filter of a running hub with its in-memory keyring. */
export interface PrivacyGate {
  readonly filter: PrivacyFilter;
  readonly keyring: Keyring;
  readonly keyEvents: KeyLifecycleRecorder;
  /** The rule sets in force at boot, per lab. */
  readonly active: readonly (RuleStamp & { lab: string })[];
  /** The audio worker (HUB_AUDIO_THREAD=worker), started here; stopped after the last flush. */
  readonly audio?: AudioThread;
}

export interface PrivacyGateOptions {
  /** HUB_AUDIO_THREAD: `worker` weighs sound chunks on the audio worker thread. */
  readonly audioThread: 'worker' | 'main';
  /** HUB_AUDIO_BACKLOG_*: what may wait for the audio worker (default DEFAULT_SOUND_BACKLOG). */
  readonly audioBacklog?: SoundBacklogLimits;
  readonly logger: HubLogger;
}

export function createPrivacyGate(
  rulesDir: string,
  store: EventStore,
  onError: (error: unknown) => void,
  /** HUB_MAX_CLOCK_SKEW_SEC in ms: the same bound the ingest validator applies. */
  maxFutureSkewMs: number,
  /** HUB_NODE_ID: key ids name the node that holds the keys. */
  nodeId: string,
  options: PrivacyGateOptions,
): PrivacyGate {
  const keyEvents = new KeyLifecycleRecorder(store, onError);
  const keyring = createKeyring({ onLifecycle: keyEvents.record, holder: nodeId });
  const ruleSets = loadRuleSetsFromDir(rulesDir);
  const audio =
    options.audioThread === 'worker' ? new AudioThread({ logger: options.logger }) : undefined;
  audio?.start();
  const filter = createPrivacyFilter({
    ruleSets,
    keyring,
    clock: Date.now,
    maxFutureSkewMs,
    random: cryptoRandom,
    ...(audio && { audioFolder: audio }),
    ...(options.audioBacklog && { soundBacklog: options.audioBacklog }),
  });
  const active = ruleSets.map((rs) => ({ lab: rs.lab, ...ruleProvenance(rs) }));
  return { filter, keyring, keyEvents, active, ...(audio && { audio }) };
}
