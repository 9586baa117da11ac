import { SENSOR_KINDS, type RuleStamp, type SensorKind } from '@hub/contracts';
import type { ChunkFolder } from '../audio/chunk-fold.js';
import type { LevelMeter } from '../audio/level-meter.js';
import { PcmDecoder } from '../audio/pcm.js';
import type { RandomSource } from '../counts/random-source.js';
import { generaliseLocation, locationKey } from '../generalise/location.js';
import type { Keyring } from '../pseudonym/keyring.js';
import { ruleProvenance } from '../rules/load-rule-set.js';
import type { RuleSet } from '../rules/rule-set.js';
import { ENVELOPE_FIELDS, readEnvelope } from './envelope.js';
import { FilterStats, type RuleStats } from './filter-stats.js';
import {
  reject,
  type DeviceRef,
  type FilteredReading,
  type FilterOutcome,
} from './filter-types.js';
import { handleAllowlist } from './handle-allowlist.js';
import { handleCamera } from './handle-camera.js';
import { handleRadio } from './handle-radio.js';
import { handleSound, handleSoundElsewhere, soundDeviceKey } from './handle-sound.js';
import type { HandlerResult, KindContext } from './kind-context.js';
import { fieldPaths, guardRawPayload } from './raw-guard.js';
import { SoundBacklog, type SoundBacklogLimits, type SoundBacklogSize } from './sound-backlog.js';
import { WindowStore } from './window-store.js';

export interface PrivacyFilterOptions {
  /** Validated rule sets (see loadRuleSet), at most one per lab. */
  ruleSets: readonly RuleSet[];
  keyring: Keyring;
  /** Milliseconds since the epoch; used for key epochs, quotas and flush deadlines. */
  clock: () => number;
  /** How far observedAt may lie ahead of `clock` (the hub passes HUB_MAX_CLOCK_SKEW_SEC). */
  maxFutureSkewMs: number;
  random: RandomSource;
  /** Microphone sensitivity (dBFS at 94 dB SPL) from the device registry, if known. */
  calibrationOf?: (device: DeviceRef) => number | undefined;
  /**
   * Where sound chunks are decoded and A-weighted when they go through processAsync (the hub: a
   * worker thread, HUB_AUDIO_THREAD=worker). Without it every chunk is folded in the caller's
   * thread, as process() always does.
   */
  audioFolder?: ChunkFolder;
  /**
   * How many chunks one device, and how many bytes of raw audio all devices, may have waiting for
   * the `audioFolder`; a chunk beyond either is refused at once (AUDIO_BACKLOG_FULL). Default
   * DEFAULT_SOUND_BACKLOG.
   */
  soundBacklog?: SoundBacklogLimits;
}

/**
 * A microphone sends about one chunk a second and one is weighed in well under a millisecond, so
 * four waiting means the device sends several times faster than it should or the weighing is
 * stuck. 32 MiB is about 390 chunks of 1 s at 32 kHz (85 KB of base64 each).
 */
export const DEFAULT_SOUND_BACKLOG: SoundBacklogLimits = {
  chunksPerDevice: 4,
  totalBytes: 32 * 1024 * 1024,
};

export interface PrivacyFilter {
  /** Filter one device message. Readings may be empty: windowed kinds emit when a window closes. */
  process(device: DeviceRef, kind: string, payload: unknown): FilterOutcome;
  /**
   * process(), with sound chunks weighed on the `audioFolder` when there is one (the caller's
   * thread is free meanwhile). One device's sound chunks are handled one at a time, in the order
   * they were given; every other message is handled at once.
   */
  processAsync(device: DeviceRef, kind: string, payload: unknown): Promise<FilterOutcome>;
  /** Close windows that ended at or before now (call periodically). */
  flush(nowMs?: number): FilteredReading[];
  /** Close every open window, complete or not (call on shutdown, before destroying the keyring). */
  shutdown(): FilteredReading[];
  /**
   * Switch to newly approved rule sets. Every open window is closed first and returned, stamped
   * with the rule version it was collected under; later messages use the new rules.
   */
  replaceRuleSets(ruleSets: readonly RuleSet[]): FilteredReading[];
  /** Per "ruleSetId@version": messages filtered and rejected, fields dropped by name. */
  stats(): Record<string, RuleStats>;
  provenance(lab: string): RuleStamp | undefined;
  /**
   * The rule set in force for `lab` now (the one replaceRuleSets last installed: governance's
   * active approved version). Everything that applies a lab's rules outside the filter (e.g. the
   * k and epsilon of shared aggregates) reads them here, so the rules in force have one owner.
   */
  ruleSet(lab: string): RuleSet | undefined;
  /** Number of open windows (for memory metrics). */
  openWindows(): number;
  /** The sound chunks waiting for the audio folder now, and their raw audio in bytes. */
  soundBacklog(): SoundBacklogSize;
}

/** A message that passed the checks every kind shares, with its handler's context. */
interface Admitted {
  readonly ctx: KindContext;
  readonly sensor: SensorKind;
  readonly ruleSet: RuleSet;
  readonly ruleKey: string;
}

export function createPrivacyFilter(options: PrivacyFilterOptions): PrivacyFilter {
  type LabRules = { ruleSet: RuleSet; provenance: RuleStamp; ruleKey: string };
  const byLab = new Map<string, LabRules>();
  const install = (ruleSets: readonly RuleSet[]): void => {
    const labs = new Set(ruleSets.map((rs) => rs.lab));
    if (labs.size !== ruleSets.length) throw new Error('at most one rule set per lab');
    byLab.clear();
    for (const rs of ruleSets) {
      byLab.set(rs.lab, {
        ruleSet: rs,
        provenance: ruleProvenance(rs),
        ruleKey: `${rs.id}@${rs.version}`,
      });
    }
  };
  install(options.ruleSets);
  const stats = new FilterStats();
  const windows = new WindowStore(
    options.random,
    (ruleKey) => stats.for(ruleKey).shortWindowsDiscarded++,
  );
  const meters = new Map<string, LevelMeter>();
  const pcm = new PcmDecoder();
  /** The last sound chunk queued per device (processAsync with an audio folder). */
  const soundQueues = new Map<string, Promise<unknown>>();
  const backlog = new SoundBacklog(options.soundBacklog ?? DEFAULT_SOUND_BACKLOG);

  function process(device: DeviceRef, kindName: string, payload: unknown): FilterOutcome {
    const admitted = admit(device, kindName, payload);
    if ('kind' in admitted) return admitted;
    return finish(admitted, dispatch(admitted.ctx, admitted.sensor, admitted.ruleSet));
  }

  function processAsync(device: DeviceRef, kindName: string, payload: unknown) {
    const folder = options.audioFolder;
    if (!folder || kindName !== 'sound') return Promise.resolve(process(device, kindName, payload));
    const key = soundDeviceKey(device);
    const bytes = pcmLength(payload);
    const full = backlog.enter(key, bytes);
    if (full) return Promise.resolve(backlogFull(device, full));
    const run = async (): Promise<FilterOutcome> => {
      const admitted = admit(device, kindName, payload);
      if ('kind' in admitted) return admitted;
      const { ctx, ruleSet } = admitted;
      const result = ruleSet.kinds.sound
        ? await handleSoundElsewhere(
            ctx,
            ruleSet.kinds.sound,
            meters,
            options.calibrationOf?.(ctx.device),
            folder,
          )
        : reject('RULE_MISSING', 'sound');
      return finish(admitted, result);
    };
    const outcome = (soundQueues.get(key) ?? Promise.resolve())
      .then(run)
      .finally(() => backlog.leave(key, bytes));
    const tail = outcome.catch(() => undefined);
    soundQueues.set(key, tail);
    void tail.then(() => {
      if (soundQueues.get(key) === tail) soundQueues.delete(key);
    });
    return outcome;
  }

  /** A chunk the backlog has no room for: refused before anything of it is queued. */
  function backlogFull(device: DeviceRef, full: 'device' | 'total'): FilterOutcome {
    const limits = backlog.limitsInForce;
    const refused = reject(
      'AUDIO_BACKLOG_FULL',
      full === 'device'
        ? `${limits.chunksPerDevice} sound chunks of this device are still waiting to be weighed; this one was dropped: send about one chunk a second`
        : 'the hub has too much sound waiting to be weighed; this chunk was dropped: send it again later',
      'pcm',
    );
    const entry = byLab.get(device.lab);
    stats.rejected(entry ? entry.ruleKey : 'none', refused.code);
    return refused;
  }

  /** The checks before a kind's handler, and the handler's context; or the refusal. */
  function admit(device: DeviceRef, kindName: string, payload: unknown): Admitted | FilterOutcome {
    const entry = byLab.get(device.lab);
    if (!entry) {
      stats.rejected('none', 'RULE_MISSING');
      return reject('RULE_MISSING', `no rule set for lab ${device.lab}`);
    }
    const { ruleSet, provenance, ruleKey } = entry;
    const fail = (r: Extract<FilterOutcome, { kind: 'reject' }>): FilterOutcome => {
      stats.rejected(ruleKey, r.code);
      return r;
    };
    const kind = SENSOR_KINDS.find((k) => k === kindName);
    const rule = kind ? ruleSet.kinds[kind] : undefined;
    if (!kind || !rule)
      return fail(reject('RULE_MISSING', `no rule for kind ${kindName} in ${ruleKey}`));
    const nowMs = options.clock();
    const env = readEnvelope(payload, nowMs, options.maxFutureSkewMs);
    if ('kind' in env) return fail(env);
    const raw = guardRawPayload(kind, env.payload);
    if (raw) return fail(raw);
    const location = generaliseLocation(rule.location, device.lamppost, device.position);
    if (!location)
      return fail(reject('LOCATION_MISSING', 'grid generalisation needs the lamppost position'));
    const ctx: KindContext = {
      device,
      env,
      provenance,
      ruleKey,
      location,
      locationKey: locationKey(location),
      keyring: options.keyring,
      random: options.random,
      nowMs,
      windows,
      spec: (key, seconds, dailyBudget) => ({
        key,
        lab: device.lab,
        location,
        locationMode: rule.location.mode,
        kind,
        seconds,
        provenance,
        ruleKey,
        ...(dailyBudget !== undefined ? { dailyBudget } : {}),
      }),
    };
    return { ctx, sensor: kind, ruleSet, ruleKey };
  }

  /** Counts a handler's result and names the fields it dropped. */
  function finish({ ctx, ruleKey }: Admitted, result: HandlerResult): FilterOutcome {
    if ('kind' in result) {
      stats.rejected(ruleKey, result.code);
      return result;
    }
    const { env } = ctx;
    const s = stats.for(ruleKey);
    s.messagesFiltered++;
    stats.emitted(ruleKey, result.readings);
    if (result.note === 'late-for-window') s.lateMessages++;
    const keep = new Set<string>([...ENVELOPE_FIELDS, ...(result.kept ?? [])]);
    const dropped = [...fieldPaths(env.payload)].filter((f) => !keep.has(f)).sort();
    stats.dropped(ruleKey, dropped);
    return {
      kind: 'emit',
      readings: result.readings,
      dropped,
      ...(result.note ? { note: result.note } : {}),
    };
  }

  function dispatch(ctx: KindContext, kind: SensorKind, rs: RuleSet): HandlerResult {
    switch (kind) {
      case 'temperature':
      case 'air':
      case 'motion': {
        const rule = rs.kinds[kind];
        return rule ? handleAllowlist(ctx, kind, rule) : reject('RULE_MISSING', kind);
      }
      case 'sound':
        return rs.kinds.sound
          ? handleSound(ctx, rs.kinds.sound, meters, options.calibrationOf?.(ctx.device), pcm)
          : reject('RULE_MISSING', kind);
      case 'camera':
        return rs.kinds.camera ? handleCamera(ctx, rs.kinds.camera) : reject('RULE_MISSING', kind);
      case 'radio':
        return rs.kinds.radio ? handleRadio(ctx, rs.kinds.radio) : reject('RULE_MISSING', kind);
      default: {
        const unreachable: never = kind;
        return unreachable;
      }
    }
  }

  function count(readings: FilteredReading[]): FilteredReading[] {
    for (const r of readings) stats.emitted(`${r.rule.id}@${r.rule.version}`, [r]);
    return readings;
  }

  return {
    process,
    processAsync,
    flush: (nowMs = options.clock()) => count(windows.flush(nowMs, false)),
    shutdown: () => count(windows.flush(options.clock(), true)),
    replaceRuleSets: (ruleSets) => {
      // Open windows were filled under the old rules: close them under the old stamp first.
      const closed = count(windows.flush(options.clock(), true));
      install(ruleSets);
      meters.clear();
      return closed;
    },
    stats: () => stats.snapshot(),
    provenance: (lab) => byLab.get(lab)?.provenance,
    ruleSet: (lab) => byLab.get(lab)?.ruleSet,
    openWindows: () => windows.openCount,
    soundBacklog: () => backlog.size(),
  };
}

/** The raw audio a sound message holds (its base64 text); 0 when it has none (refused later). */
function pcmLength(payload: unknown): number {
  if (typeof payload !== 'object' || payload === null) return 0;
  const pcm = (payload as { pcm?: unknown }).pcm;
  return typeof pcm === 'string' ? pcm.length : 0;
}
