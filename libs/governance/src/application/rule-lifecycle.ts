import { randomUUID } from 'node:crypto';
import type { Principal } from '@hub/access';
import {
  isWrongExpectedRevisionError,
  loadFromLog,
  type EventStore,
  type LogFollower,
  type LogSubscription,
  type RecordedEvent,
} from '@hub/event-store';
import { resolveRuleVersion, ruleProvenance, type RuleSet } from '@hub/privacy';
import { silentLogger, type HubLogger, type RuleVersionBook } from '@hub/contracts';
import { isGovernanceError, LifecycleConflictError } from '../domain/governance-errors.js';
import { linkAfter, type ChainVerification } from '../domain/rule-chain.js';
import {
  actorOf,
  decideActivation,
  decideApprove,
  decidePropose,
  decideReject,
  decideRetire,
  decideScheduleActivation,
  decideWithdraw,
  type DecisionContext,
  type ProposeInput,
} from '../domain/rule-decisions.js';
import {
  RULE_ACTION_REFUSED,
  RULE_EVENT_TYPES,
  RULE_REFUSALS_STREAM,
  RULE_SET_BOOTSTRAPPED,
  RULE_SET_PROPOSED,
  RULE_SET_SUPERSEDED,
  ruleStream,
  type RefusedAction,
  type RuleActionRefused,
  type RuleEvent,
} from '../domain/rule-events.js';
import {
  activeVersion,
  applyRuleEvent,
  dueActivations,
  emptyHistory,
  nextEffectiveAt,
  type LabRuleHistory,
  type RuleVersion,
} from '../domain/rule-history.js';
import { verifyStoredChain, type LabChainReport } from './verify-store-chain.js';

export type { LabChainReport };

export interface RuleLifecycleOptions {
  readonly store: EventStore;
  /** The hub's one follower of the log: rule events other nodes append come from it. */
  readonly follower: LogFollower;
  /** The municipality owning a lab (the registry's LabCreated), if known. */
  readonly ownerOf: (lab: string) => string | undefined;
  readonly clock?: () => Date;
  /** Called (inside the command queue) whenever the set of active versions may have changed. */
  readonly onActiveChanged?: (active: readonly RuleSet[]) => Promise<void>;
  /** Where a broken rule history (error) and an ignored rule file (warning) are reported. */
  readonly logger?: HubLogger;
  /** Filled with every stamped version read or appended: the compact readings' rule lookup. */
  readonly book?: RuleVersionBook;
}

/**
 * The rule lifecycle of every lab: loads the histories from the log, decides commands with the
 * pure functions of the domain, appends each event chained to its predecessor, and records every
 * refusal. Commands run one at a time, so two approvals can never race.
 */
export class RuleLifecycle {
  private readonly histories = new Map<string, LabRuleHistory>();
  /** Labs whose chain did not verify at start: no rules of theirs are used (deny by default). */
  private readonly broken = new Map<string, ChainVerification>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly clock: () => Date;
  /** Global position up to which the rule events of the log were read. */
  private position = 0;
  private subscription: LogSubscription | undefined;
  private readonly logger: HubLogger;

  constructor(private readonly options: RuleLifecycleOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.logger = options.logger ?? silentLogger;
  }

  /** Reads every lab's history from the log and verifies its chain. */
  async load(): Promise<void> {
    await this.catchUp();
    for (const lab of this.histories.keys()) {
      const report = await this.verifyLab(lab);
      if (!report.intact) {
        this.broken.set(lab, report);
        this.logger.error('rule history chain broken: no rules used for this lab', {
          lab,
          break: report.break,
        });
      }
    }
  }

  /** Applies every rule event after the last one read (at load, and after a lost race). */
  private async catchUp(): Promise<void> {
    const upTo = await loadFromLog(
      this.options.store,
      { after: this.position, eventTypes: RULE_EVENT_TYPES },
      (event) => this.applyRecorded(event),
    );
    this.position = Math.max(this.position, upTo);
  }

  /**
   * Joins the log follower after `load`: rule events other hub nodes on the same log append (an
   * approval, an activation their timer switched) are applied here too, inside the command
   * queue, and a change of the versions in force reaches this node's filter. Events this
   * lifecycle appended itself were applied by `append` and are skipped by their revision. The
   * follower waits for each batch's turn in the queue without holding back its other consumers.
   */
  follow(): void {
    if (this.subscription) return;
    this.subscription = this.options.follower.register({
      name: 'rule-lifecycle',
      after: this.position,
      eventTypes: RULE_EVENT_TYPES,
      handle: (events) =>
        this.serialize(async () => {
          const before = this.activeSignature();
          for (const event of events) this.applyRecorded(event);
          if (this.activeSignature() !== before) await this.publishActive();
        }),
    });
  }

  /** Leaves the log follower (before the log closes). */
  stop(): Promise<void> {
    this.subscription?.close();
    this.subscription = undefined;
    return Promise.resolve();
  }

  /** Applies one rule event read from the log unless its lab's history already has it. */
  private applyRecorded(event: RecordedEvent): boolean {
    this.position = Math.max(this.position, event.position);
    const lab = (event.data as { lab?: unknown }).lab;
    if (typeof lab !== 'string') return false;
    const h = this.history(lab);
    if (event.revision <= h.revision) return false;
    applyRuleEvent(h, event as unknown as RuleEvent);
    this.remember(event as unknown as RuleEvent);
    h.last = { type: event.type, data: event.data };
    h.revision = event.revision;
    return true;
  }

  /** Which version of which lab is in force, as one comparable string. */
  private activeSignature(): string {
    return this.activeRuleSets()
      .map((r) => `${r.lab}:${r.id}@${r.version}`)
      .join(',');
  }

  /**
   * Records the shipped rule file of each lab without history as its first version, already
   * active (a `RuleSetBootstrapped` event: no four-eyes review happened). A file that differs
   * from a lab's recorded history is ignored with a warning: changes go through proposals.
   */
  bootstrap(files: readonly { ruleSet: RuleSet; source: string }[]): Promise<void> {
    return this.serialize(async () => {
      for (const { ruleSet, source } of files) {
        const h = this.history(ruleSet.lab);
        const hash = ruleProvenance(ruleSet).hash;
        if (h.revision >= 0) {
          if (![...h.versions.values()].some((v) => v.hash === hash)) {
            this.logger.warn('rule file differs from the recorded rule history; ignored', {
              lab: ruleSet.lab,
              file: source,
              hint: 'propose the change through proposeRuleSet',
            });
          }
          continue;
        }
        try {
          await this.append(h, [
            {
              type: RULE_SET_BOOTSTRAPPED,
              data: {
                lab: ruleSet.lab,
                version: ruleSet.version,
                ruleSetId: ruleSet.id,
                hash,
                content: ruleSet,
                source,
                at: this.clock().toISOString(),
              },
            },
          ]);
        } catch (error) {
          // Another node on the same log bootstrapped the lab first: take its history.
          if (!isWrongExpectedRevisionError(error)) throw error;
          await this.catchUp();
        }
      }
    });
  }

  propose(principal: Principal, input: ProposeInput): Promise<RuleVersion> {
    return this.command('propose', input.lab, undefined, principal, (h, ctx) =>
      decidePropose(h, input, ctx),
    );
  }

  approve(principal: Principal, lab: string, version: number, note?: string): Promise<RuleVersion> {
    return this.command('approve', lab, version, principal, (h, ctx) =>
      decideApprove(h, version, note, ctx),
    );
  }

  reject(principal: Principal, lab: string, version: number, reason: string): Promise<RuleVersion> {
    return this.command('reject', lab, version, principal, (h, ctx) =>
      decideReject(h, version, reason, ctx),
    );
  }

  withdraw(
    principal: Principal,
    lab: string,
    version: number,
    reason: string,
  ): Promise<RuleVersion> {
    return this.command('withdraw', lab, version, principal, (h, ctx) =>
      decideWithdraw(h, version, reason, ctx),
    );
  }

  /** Schedules an approved version; it switches at `effectiveAt` (now when omitted or past). */
  async activate(
    principal: Principal,
    lab: string,
    version: number,
    effectiveAt?: string,
  ): Promise<RuleVersion> {
    const v = await this.command('activate', lab, version, principal, (h, ctx) =>
      decideScheduleActivation(h, version, effectiveAt, ctx),
    );
    await this.activateDue();
    return this.histories.get(lab)?.versions.get(v.version) ?? v;
  }

  retire(principal: Principal, lab: string, version: number, reason: string): Promise<RuleVersion> {
    return this.command('retire', lab, version, principal, (h, ctx) =>
      decideRetire(h, version, reason, ctx),
    ).then(async (v) => {
      await this.serialize(() => this.publishActive());
      return v;
    });
  }

  /** Switches every scheduled version whose effective time has come (called by the timer). */
  activateDue(): Promise<void> {
    return this.serialize(async () => {
      const now = this.clock();
      let changed = false;
      for (const h of this.histories.values()) {
        if (this.broken.has(h.lab)) continue;
        for (const v of dueActivations(h, now.getTime())) {
          const events: RuleEvent[] =
            h.active !== undefined && v.version < h.active
              ? [
                  {
                    type: RULE_SET_SUPERSEDED,
                    data: {
                      lab: h.lab,
                      version: v.version,
                      supersededBy: h.active,
                      at: now.toISOString(),
                    },
                  },
                ]
              : decideActivation(h, v, now);
          try {
            await this.append(h, events);
          } catch (error) {
            // Another node switched it first (its timer, before this node took the lease over):
            // take its events; what is still due is switched at the next tick.
            if (!isWrongExpectedRevisionError(error)) throw error;
            await this.catchUp();
            changed = true;
            break;
          }
          changed = true;
        }
      }
      if (changed) await this.publishActive();
    });
  }

  /** The earliest pending effective time over all labs (ms), if any. */
  nextEffectiveAt(): number | undefined {
    const times = [...this.histories.values()]
      .filter((h) => !this.broken.has(h.lab))
      .map(nextEffectiveAt)
      .filter((t): t is number => t !== undefined);
    return times.length === 0 ? undefined : Math.min(...times);
  }

  /** The rule sets the filter must use: the active version of every lab with an intact chain. */
  activeRuleSets(): RuleSet[] {
    return [...this.histories.values()]
      .filter((h) => !this.broken.has(h.lab))
      .map(activeVersion)
      .filter((v): v is RuleVersion => v !== undefined)
      .map((v) => v.content);
  }

  /** Re-sends the active rule sets to the filter (at start). */
  publishActiveNow(): Promise<void> {
    return this.serialize(() => this.publishActive());
  }

  labs(): string[] {
    return [...this.histories.keys()].sort();
  }

  historyOf(lab: string): LabRuleHistory | undefined {
    return this.histories.get(lab);
  }

  /**
   * Verifies a lab's chain from what the store holds now (not from memory); a chain cut off at
   * the end still links up, so what this hub has already seen of it is checked too.
   */
  verifyLab(lab: string): Promise<LabChainReport> {
    return verifyStoredChain(this.options.store, lab, {
      revision: this.histories.get(lab)?.revision ?? -1,
      knownBy: 'this hub has seen',
    });
  }

  async refusals(lab: string | undefined, limit: number): Promise<RuleActionRefused[]> {
    const events = await this.options.store.readStream(RULE_REFUSALS_STREAM, {
      direction: 'backwards',
      maxCount: 10_000,
    });
    return events
      .map((e) => e.data as RuleActionRefused)
      .filter((r) => lab === undefined || r.lab === lab)
      .slice(0, limit);
  }

  private history(lab: string): LabRuleHistory {
    let h = this.histories.get(lab);
    if (!h) {
      h = emptyHistory(lab);
      this.histories.set(lab, h);
    }
    return h;
  }

  private async publishActive(): Promise<void> {
    await this.options.onActiveChanged?.(this.activeRuleSets());
  }

  private command(
    action: RefusedAction,
    lab: string,
    version: number | undefined,
    principal: Principal,
    decide: (h: LabRuleHistory, ctx: DecisionContext) => RuleEvent | Promise<RuleEvent>,
  ): Promise<RuleVersion> {
    return this.serialize(async () => {
      const ctx: DecisionContext = {
        principal,
        owner: this.options.ownerOf(lab),
        now: this.clock(),
      };
      const h = this.histories.get(lab) ?? emptyHistory(lab);
      let event: RuleEvent;
      try {
        if (this.broken.has(lab)) {
          throw new LifecycleConflictError(
            'NOT_OPEN',
            `the rule history of lab "${lab}" failed verification; no change is accepted until it is repaired`,
          );
        }
        event = await decide(h, ctx);
      } catch (error) {
        if (isGovernanceError(error)) {
          await this.recordRefusal(action, lab, version, principal, error.reason, error.message);
        }
        throw error;
      }
      if (!this.histories.has(lab)) this.histories.set(lab, h);
      await this.append(h, [event]);
      const v = h.versions.get(event.data.version);
      if (!v) throw new Error(`version ${event.data.version} missing after append`);
      return v;
    });
  }

  private async recordRefusal(
    action: RefusedAction,
    lab: string,
    version: number | undefined,
    principal: Principal,
    code: string,
    reason: string,
  ): Promise<void> {
    const data: RuleActionRefused = {
      action,
      lab,
      ...(version !== undefined && { version }),
      by: actorOf(principal),
      code,
      reason,
      at: this.clock().toISOString(),
    };
    await this.options.store.appendToStream(RULE_REFUSALS_STREAM, [
      { id: randomUUID(), type: RULE_ACTION_REFUSED, data },
    ]);
  }

  /** Chains and appends events to the lab's stream, then applies them. */
  private async append(h: LabRuleHistory, events: readonly RuleEvent[]): Promise<void> {
    let last = h.last;
    const stored = events.map((event) => {
      const data = { ...event.data, chain: linkAfter(last, event.type, event.data) };
      last = { type: event.type, data };
      return { event, data };
    });
    const result = await this.options.store.appendToStream(
      ruleStream(h.lab),
      stored.map(({ event, data }) => ({ id: randomUUID(), type: event.type, data })),
      { expectedRevision: h.revision < 0 ? 'no_stream' : h.revision },
    );
    for (const { event } of stored) {
      applyRuleEvent(h, event);
      this.remember(event);
    }
    h.last = last;
    h.revision = result.nextExpectedRevision;
  }

  /** A version's stamp (its content and hash) enters the book when it is proposed or bootstrapped. */
  private remember(event: RuleEvent): void {
    if (event.type !== RULE_SET_BOOTSTRAPPED && event.type !== RULE_SET_PROPOSED) return;
    this.options.book?.record(
      event.data.lab,
      resolveRuleVersion(event.data.content, event.data.hash),
    );
  }

  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
