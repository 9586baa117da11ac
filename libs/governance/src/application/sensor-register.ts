import { randomUUID } from 'node:crypto';
import type { Principal } from '@hub/access';
import type { EventStore } from '@hub/event-store';
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
const PAGE = 1000;

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
 * registry: what the public endpoint serves. Follows the log incrementally, from its own cursor.
 */
export class SensorRegister {
  private readonly entries = new Map<string, SensorRegisterEntrySet>();
  private readonly lampposts = new Map<string, Set<string>>();
  private readonly owners = new Map<string, string>();
  private position = 0;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly lifecycle: RuleLifecycle,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async set(principal: Principal, input: Record<string, unknown>): Promise<SensorRegisterEntrySet> {
    const entry = validateRegisterEntry(input);
    await this.refresh();
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
    await this.store.appendToStream(registerStream(entry.lab), [
      { id: randomUUID(), type: SENSOR_REGISTER_ENTRY_SET, data },
    ]);
    await this.refresh();
    return data;
  }

  async entriesOf(lab: string): Promise<SensorRegisterEntry[]> {
    await this.refresh();
    return [...this.entries.values()].filter((e) => e.lab === lab);
  }

  async lamppostsOf(lab: string): Promise<string[]> {
    await this.refresh();
    return [...(this.lampposts.get(lab) ?? [])].sort();
  }

  /** Every registered sensor kind at every lamppost in service. */
  async publicSensors(): Promise<PublicSensor[]> {
    await this.refresh();
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

  /** Applies the events appended since the last refresh (one refresh at a time). */
  refresh(): Promise<void> {
    this.refreshing ??= this.readNew().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async readNew(): Promise<void> {
    for (;;) {
      const page = await this.store.readAll({
        after: this.position,
        maxCount: PAGE,
        eventTypes: TYPES,
      });
      for (const event of page) {
        this.position = event.position;
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
      if (page.length < PAGE) return;
    }
  }
}
