import { Inject } from '@nestjs/common';
import { Args, Context, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AccessDirectory, type Principal } from '@hub/access';
import { EVENT_STORE, type EventStore } from '@hub/event-store';
import { requireAuditScope, requireAuditor } from '../application/audit-scope.js';
import { AuditService } from '../application/audit-service.js';
import { buildPrivacyReport } from '../application/build-report.js';
import { runComplianceScan, type ComplianceScanCompleted } from '../application/compliance-scan.js';
import { RuleLifecycle } from '../application/rule-lifecycle.js';
import { SensorRegister } from '../application/sensor-register.js';
import { nameOf } from '../domain/same-person.js';
import { GovernanceInputError } from '../domain/governance-errors.js';
import { actorOf } from '../domain/rule-decisions.js';
import { renderHtml } from '../report/render-html.js';
import { renderMarkdown } from '../report/render-markdown.js';
import {
  ComplianceScan,
  KeyEvent,
  RetentionRunInfo,
  RuleVersionStats,
  SensorRegisterEntryInput,
  SensorRegisterEntryModel,
  SharingRecipient,
} from './audit.models.js';

const LAB_ARG =
  'One lab (privacy officers: a lab of their municipality). Without it the audit is hub-wide: admins only.';
const clamp = (n: number, max: number): number => Math.max(1, Math.min(n, max));
const named = (m: Record<string, number | undefined>) =>
  Object.entries(m).map(([name, count]) => ({ name, count: count ?? 0 }));
const toScan = (s: ComplianceScanCompleted): ComplianceScan => ({
  lab: s.lab ?? null,
  startedAt: s.startedAt,
  finishedAt: s.finishedAt,
  by: nameOf(s.by),
  eventsScanned: s.eventsScanned,
  total: s.total,
  clean: s.total === 0,
  bySignature: s.bySignature,
  findings: s.findings,
});

/** Audit queries for privacy officers (scoped to their municipality's labs), the report and the scan. */
@Resolver()
export class AuditResolver {
  constructor(
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(RuleLifecycle) private readonly lifecycle: RuleLifecycle,
    @Inject(SensorRegister) private readonly register: SensorRegister,
    @Inject(AccessDirectory) private readonly directory: AccessDirectory,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  private ownerOf = (lab: string): string | undefined => this.directory.state.labOwners.get(lab);

  @Query(() => [RuleVersionStats], {
    description:
      'Per rule version of the lab: messages filtered, refused by reason, fields dropped by name.',
  })
  async ruleVersionStats(
    @Args('lab', { type: () => String }) lab: string,
    @Context('principal') principal: Principal,
  ): Promise<RuleVersionStats[]> {
    requireAuditor(principal, lab, this.ownerOf(lab));
    return (await this.audit.filterStats(lab)).map((s) => ({
      ...s,
      countsSuppressed: s.countsSuppressed ?? 0,
      messagesRejected: named(s.messagesRejected),
      fieldsDropped: named(s.fieldsDropped),
    }));
  }

  @Query(() => [KeyEvent], {
    description: 'Pseudonymisation key lifecycle, newest first (ids and times only).',
  })
  async pseudonymKeyEvents(
    @Args('first', { type: () => Int, defaultValue: 100 }) first: number,
    @Context('principal') principal: Principal,
  ): Promise<KeyEvent[]> {
    // One keyring serves every lab: its lifecycle is a hub-wide audit (officers read the key
    // summary in their lab's privacyReport).
    requireAuditScope(principal, undefined, this.ownerOf, 'the key lifecycle');
    return (await this.audit.keyEvents(clamp(first, 10_000))).map((e) => ({
      event: e.event,
      keyId: e.keyId,
      at: e.at,
      successorKeyId: 'successorKeyId' in e ? e.successorKeyId : null,
      epochStart: 'epochStart' in e ? e.epochStart : null,
      epochEnd: 'epochEnd' in e ? e.epochEnd : null,
    }));
  }

  @Query(() => [RetentionRunInfo], {
    description: 'Retention runs and what they removed, newest first.',
  })
  async retentionRuns(
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Context('principal') principal: Principal,
    @Args('lab', { type: () => String, nullable: true, description: LAB_ARG }) lab?: string,
  ): Promise<RetentionRunInfo[]> {
    requireAuditScope(principal, lab ?? undefined, this.ownerOf, 'the retention history');
    return this.audit.retentionRuns(clamp(first, 1000), lab ?? undefined);
  }

  @Query(() => [SharingRecipient], {
    description:
      'Which municipality received which feed of the lab, under which agreement and rule versions.',
  })
  async sharingRecipients(
    @Args('lab', { type: () => String }) lab: string,
    @Context('principal') principal: Principal,
  ): Promise<SharingRecipient[]> {
    requireAuditor(principal, lab, this.ownerOf(lab));
    return (await this.audit.recipients(lab)).map((r) => ({ ...r, kinds: [...r.kinds] }));
  }

  @Query(() => [ComplianceScan], { description: 'The last compliance scans, newest first.' })
  async complianceScans(
    @Args('first', { type: () => Int, defaultValue: 10 }) first: number,
    @Context('principal') principal: Principal,
    @Args('lab', { type: () => String, nullable: true, description: LAB_ARG }) lab?: string,
  ): Promise<ComplianceScan[]> {
    requireAuditScope(principal, lab ?? undefined, this.ownerOf, 'the compliance scans');
    return (await this.audit.complianceScans(clamp(first, 100), lab ?? undefined)).map(toScan);
  }

  @Mutation(() => ComplianceScan, {
    description:
      "Scans the event log in the hub for raw-data signatures and records the result: one lab's events (`lab`), or the whole log (admins only).",
  })
  async runComplianceScan(
    @Context('principal') principal: Principal,
    @Args('lab', { type: () => String, nullable: true, description: LAB_ARG }) lab?: string,
  ): Promise<ComplianceScan> {
    requireAuditScope(principal, lab ?? undefined, this.ownerOf, 'a compliance scan');
    return toScan(await runComplianceScan(this.store, actorOf(principal), lab ?? undefined));
  }

  @Query(() => String, {
    description: 'The privacy report of a lab (DPIA annex, Art. 30 register) as md, html or json.',
  })
  async privacyReport(
    @Args('lab', { type: () => String }) lab: string,
    @Args('format', { type: () => String, defaultValue: 'json' }) format: string,
    @Context('principal') principal: Principal,
  ): Promise<string> {
    requireAuditor(principal, lab, this.ownerOf(lab));
    if (!['md', 'html', 'json'].includes(format)) {
      throw new GovernanceInputError('BAD_FORMAT', 'format must be md, html or json');
    }
    const report = await buildPrivacyReport(lab, {
      store: this.store,
      lifecycle: this.lifecycle,
      audit: this.audit,
      register: this.register,
      ownerOf: this.ownerOf,
    });
    if (format === 'md') return renderMarkdown(report);
    if (format === 'html') return renderHtml(report);
    return JSON.stringify(report, null, 2);
  }

  @Mutation(() => SensorRegisterEntryModel, {
    description:
      "Privacy officers of the lab's municipality (or admins): the public register entry of one sensor kind of a lab.",
  })
  async setSensorRegisterEntry(
    @Args('input', { type: () => SensorRegisterEntryInput }) input: SensorRegisterEntryInput,
    @Context('principal') principal: Principal,
  ): Promise<SensorRegisterEntryModel> {
    const e = await this.register.set(principal, { ...input });
    return {
      lab: e.lab,
      kind: e.kind,
      purpose: e.purpose,
      legalGround: e.legalGround,
      privacyStatementUrl: e.privacyStatementUrl,
      activeUntil: e.activeUntil,
      contact: e.contact,
      at: e.at,
    };
  }
}
