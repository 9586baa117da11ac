import { randomUUID } from 'node:crypto';
import type { Principal } from '@hub/access';
import {
  loadFromLog,
  type EventStore,
  type LogFollower,
  type LogSubscription,
  type RecordedEvent,
} from '@hub/event-store';
import type { KindRules } from '@hub/privacy';
import {
  DEVICE_PROVISIONED,
  LAB_CREATED,
  LAMPPOST_DECOMMISSIONED,
  readingStreamId,
} from '@hub/contracts';
import { GovernanceForbiddenError } from '../domain/governance-errors.js';
import {
  personalDataOf,
  registerStream,
  SENSOR_REGISTER_ENTRY_SET,
  validateRegisterEntry,
  type SensorRegisterEntry,
  type SensorRegisterEntrySet,
} from '../domain/register-entry.js';
import { keptFacts, type KeptFacts } from '../domain/kept-facts.js';
import { describeKind } from '../domain/plain-words.js';
import { actorOf } from '../domain/rule-decisions.js';
import { activeVersion } from '../domain/rule-history.js';
import type { RuleLifecycle } from './rule-lifecycle.js';

const TYPES = [SENSOR_REGISTER_ENTRY_SET, DEVICE_PROVISIONED, LAMPPOST_DECOMMISSIONED, LAB_CREATED];

/** One sensor as a resident sees it in the public register. */
export interface PublicSensor {
  readonly id: string;
  readonly lab: string;
  readonly lamppost: string;
  readonly kind: string;
  readonly municipality: string | null;
  readonly purpose: string;
  readonly legalGround: string;
  readonly personalData: boolean;
  readonly personalDataNote: string;
  readonly privacyStatement: string;
  readonly activeUntil: string;
  readonly contact: string;
  /** The rule set version in force, e.g. `scheveningen-default@2`, or null when none. */
  readonly rules: string | null;
  /** What that rule keeps, as data (null when no rule is in force: the kind is refused). */
  readonly kept: KeptFacts | null;
  /** The same in plain English words (the privacy officers' summary), or null. */
  readonly keptDescription: string | null;
  /** Days the stored values are kept (the stream's retention), or null when no period is set. */
  readonly retentionDays: number | null;
}

/**
 * Register entries (set by privacy officers, event-sourced) joined with the lampposts of the
 * registry: what the public endpoint serves. Loaded from the log at start, then a consumer of the
 * hub's one log follower; a read waits until the follower has applied the newest event of its
 * types (so a reader sees every write committed before its read). It pages through no log
 * itself: no second copy of the follower's loop.
 */
export class SensorRegister {
  private readonly entries = new Map<string, SensorRegisterEntrySet>();
  private readonly lampposts = new Map<string, Set<string>>();
  private readonly owners = new Map<string, string>();
  private subscription: LogSubscription | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly follower: LogFollower,
    private readonly lifecycle: RuleLifecycle,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Loads the register's events, then joins the log follower from where the load stopped. */
  async start(): Promise<void> {
    if (this.subscription) return;
    const after = await loadFromLog(this.store, { after: 0, eventTypes: TYPES }, (event) =>
      this.apply(event),
    );
    this.subscription = this.follower.register({
      name: 'sensor-register',
      after,
      eventTypes: TYPES,
      handle: (events) => events.forEach((event) => this.apply(event)),
    });
  }

  /** Leaves the log follower (before the log closes). */
  stop(): void {
    this.subscription?.close();
    this.subscription = undefined;
  }

  async set(principal: Principal, input: Record<string, unknown>): Promise<SensorRegisterEntrySet> {
    const entry = validateRegisterEntry(input);
    await this.caughtUp();
    const owner = this.owners.get(entry.lab);
    const allowed =
      principal.role === 'admin' ||
      (principal.role === 'privacy-officer' &&
        owner !== undefined &&
        principal.municipality === owner);
    if (!allowed) {
      throw new GovernanceForbiddenError(
        principal.role === 'privacy-officer' ? 'OUT_OF_SCOPE' : 'ROLE_NOT_ALLOWED',
        `only privacy officers of the municipality that owns lab "${entry.lab}" (or admins) keep its register entries`,
      );
    }
    const data: SensorRegisterEntrySet = {
      ...entry,
      by: actorOf(principal),
      at: this.clock().toISOString(),
    };
    const appended = await this.store.appendToStream(registerStream(entry.lab), [
      { id: randomUUID(), type: SENSOR_REGISTER_ENTRY_SET, data },
    ]);
    await this.reach(appended.position);
    return data;
  }

  async entriesOf(lab: string): Promise<SensorRegisterEntry[]> {
    await this.caughtUp();
    return [...this.entries.values()].filter((e) => e.lab === lab);
  }

  async lamppostsOf(lab: string): Promise<string[]> {
    await this.caughtUp();
    return [...(this.lampposts.get(lab) ?? [])].sort();
  }

  /** Every registered sensor kind at every lamppost in service. */
  async publicSensors(): Promise<PublicSensor[]> {
    await this.caughtUp();
    const out: PublicSensor[] = [];
    for (const e of [...this.entries.values()].sort((a, b) =>
      `${a.lab}/${a.kind}`.localeCompare(`${b.lab}/${b.kind}`),
    )) {
      const h = this.lifecycle.historyOf(e.lab);
      const active = h ? activeVersion(h) : undefined;
      const kindRuled = active?.content.kinds[e.kind as keyof typeof active.content.kinds];
      const personal = personalDataOf(e.kind);
      const kind = e.kind as keyof KindRules;
      const kept = active && kindRuled ? (keptFacts(kind, active.content.kinds) ?? null) : null;
      const keptDescription =
        active && kindRuled ? (describeKind(kind, active.content.kinds) ?? null) : null;
      for (const lamppost of [...(this.lampposts.get(e.lab) ?? [])].sort()) {
        const meta = await this.store.getStreamMetadata(
          readingStreamId({ lab: e.lab, lamppost, kind: e.kind }),
        );
        out.push({
          id: `${e.lab}/${lamppost}/${e.kind}`,
          lab: e.lab,
          lamppost,
          kind: e.kind,
          municipality: this.owners.get(e.lab) ?? null,
          purpose: e.purpose,
          legalGround: e.legalGround,
          personalData: personal.personalData,
          personalDataNote: personal.note,
          privacyStatement: e.privacyStatementUrl,
          activeUntil: e.activeUntil,
          contact: e.contact,
          rules: active && kindRuled ? `${active.ruleSetId}@${active.version}` : null,
          kept,
          keptDescription,
          retentionDays: meta.maxAge !== undefined ? Math.round(meta.maxAge / 86400) : null,
        });
      }
    }
    return out;
  }

  /**
   * Waits until the follower has applied every event of the register's types committed before
   * this call: the newest of them is one read of the log's type index (the follower's position
   * only moves over the types some consumer follows, so the head itself may never be reached).
   */
  private async caughtUp(): Promise<void> {
    const [newest] = await this.store.readAll({
      direction: 'backwards',
      maxCount: 1,
      eventTypes: TYPES,
    });
    if (newest) await this.reach(newest.position);
  }

  private async reach(position: number): Promise<void> {
    if (!this.subscription) throw new Error('the sensor register is not started');
    if (!(await this.subscription.waitForPosition(position))) {
      throw new Error(`the sensor register did not reach log position ${position} in time`);
    }
  }

  private apply(event: RecordedEvent): void {
    const d = event.data as { lab: string; lamppost?: string; municipality?: string };
    if (event.type === SENSOR_REGISTER_ENTRY_SET) {
      const e = event.data as SensorRegisterEntrySet;
      this.entries.set(`${e.lab}/${e.kind}`, e);
    } else if (event.type === LAB_CREATED && d.municipality) {
      this.owners.set(d.lab, d.municipality);
    } else if (event.type === DEVICE_PROVISIONED && d.lamppost) {
      const set = this.lampposts.get(d.lab) ?? new Set<string>();
      set.add(d.lamppost);
      this.lampposts.set(d.lab, set);
    } else if (event.type === LAMPPOST_DECOMMISSIONED && d.lamppost) {
      this.lampposts.get(d.lab)?.delete(d.lamppost);
    }
  }
}
