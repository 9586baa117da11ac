import { Inject } from '@nestjs/common';
import { Args, Context, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AccessDirectory, type Principal } from '@hub/access';
import { auditableLabs, requireAuditor } from '../application/audit-scope.js';
import { RuleLifecycle } from '../application/rule-lifecycle.js';
import { GovernanceNotFoundError } from '../domain/governance-errors.js';
import { diffRuleSets } from '../domain/rule-diff.js';
import type { RuleVersion } from '../domain/rule-history.js';
import {
  ProposeRuleSetInput,
  RuleChainVerification,
  RuleRefusal,
  RuleSetDiff,
  RuleSetVersion,
} from './rule-version.models.js';
import { toActor, toRuleSetVersion } from './to-models.js';

/** A lifecycle command's resulting version (its refusal reaches the client as a coded error). */
const asVersion = async (command: () => Promise<RuleVersion>): Promise<RuleSetVersion> =>
  toRuleSetVersion(await command());

/** The rule lifecycle over GraphQL: propose, four-eyes approval, activation, history, chain. */
@Resolver()
export class RuleLifecycleResolver {
  constructor(
    @Inject(RuleLifecycle) private readonly lifecycle: RuleLifecycle,
    @Inject(AccessDirectory) private readonly directory: AccessDirectory,
  ) {}

  private ownerOf = (lab: string): string | undefined => this.directory.state.labOwners.get(lab);

  @Mutation(() => RuleSetVersion, {
    description:
      'Partners of the lab and privacy officers of its municipality: propose a new rule set version.',
  })
  proposeRuleSet(
    @Args('input', { type: () => ProposeRuleSetInput }) input: ProposeRuleSetInput,
    @Context('principal') principal: Principal,
  ): Promise<RuleSetVersion> {
    return asVersion(() => this.lifecycle.propose(principal, input));
  }

  @Mutation(() => RuleSetVersion, {
    description:
      "A privacy officer of the lab's municipality who is not the author: approve a proposal.",
  })
  approveRuleSet(
    @Args('lab', { type: () => String }) lab: string,
    @Args('version', { type: () => Int }) version: number,
    @Args('note', { type: () => String, nullable: true }) note: string | undefined,
    @Context('principal') principal: Principal,
  ): Promise<RuleSetVersion> {
    return asVersion(() => this.lifecycle.approve(principal, lab, version, note ?? undefined));
  }

  @Mutation(() => RuleSetVersion, {
    description: "A privacy officer of the lab's municipality: reject a proposal.",
  })
  rejectRuleSet(
    @Args('lab', { type: () => String }) lab: string,
    @Args('version', { type: () => Int }) version: number,
    @Args('reason', { type: () => String }) reason: string,
    @Context('principal') principal: Principal,
  ): Promise<RuleSetVersion> {
    return asVersion(() => this.lifecycle.reject(principal, lab, version, reason));
  }

  @Mutation(() => RuleSetVersion, {
    description:
      'The author (or a privacy officer of the municipality): withdraw a version not yet in force.',
  })
  withdrawRuleSet(
    @Args('lab', { type: () => String }) lab: string,
    @Args('version', { type: () => Int }) version: number,
    @Args('reason', { type: () => String }) reason: string,
    @Context('principal') principal: Principal,
  ): Promise<RuleSetVersion> {
    return asVersion(() => this.lifecycle.withdraw(principal, lab, version, reason));
  }

  @Mutation(() => RuleSetVersion, {
    description:
      'Privacy officers of the municipality or admins: switch an approved version at effectiveAt (default now), without a restart.',
  })
  activateRuleSet(
    @Args('lab', { type: () => String }) lab: string,
    @Args('version', { type: () => Int }) version: number,
    @Args('effectiveAt', { type: () => String, nullable: true }) effectiveAt: string | undefined,
    @Context('principal') principal: Principal,
  ): Promise<RuleSetVersion> {
    return asVersion(() =>
      this.lifecycle.activate(principal, lab, version, effectiveAt ?? undefined),
    );
  }

  @Mutation(() => RuleSetVersion, {
    description:
      'Privacy officers of the municipality or admins: retire the active version (the lab is then refused).',
  })
  retireRuleSet(
    @Args('lab', { type: () => String }) lab: string,
    @Args('version', { type: () => Int }) version: number,
    @Args('reason', { type: () => String }) reason: string,
    @Context('principal') principal: Principal,
  ): Promise<RuleSetVersion> {
    return asVersion(() => this.lifecycle.retire(principal, lab, version, reason));
  }

  @Query(() => [RuleSetVersion], { description: "A lab's rule set versions, newest first." })
  ruleSetVersions(
    @Args('lab', { type: () => String }) lab: string,
    @Context('principal') principal: Principal,
  ): RuleSetVersion[] {
    requireAuditor(principal, lab, this.ownerOf(lab), true);
    const h = this.lifecycle.historyOf(lab);
    return [...(h?.versions.values() ?? [])]
      .sort((a, b) => b.version - a.version)
      .map(toRuleSetVersion);
  }

  @Query(() => RuleSetDiff, {
    description: "What changed between two versions of a lab's rule set.",
  })
  ruleSetDiff(
    @Args('lab', { type: () => String }) lab: string,
    @Args('from', { type: () => Int }) from: number,
    @Args('to', { type: () => Int }) to: number,
    @Context('principal') principal: Principal,
  ): RuleSetDiff {
    requireAuditor(principal, lab, this.ownerOf(lab), true);
    const h = this.lifecycle.historyOf(lab);
    const get = (v: number) => {
      const found = h?.versions.get(v);
      if (!found) {
        throw new GovernanceNotFoundError('UNKNOWN_VERSION', `lab "${lab}" has no version ${v}`);
      }
      return found.content;
    };
    const changes = diffRuleSets(get(from), get(to)).map((c) => ({
      ...c,
      before: c.before ?? null,
      after: c.after ?? null,
    }));
    return { lab, from, to, changes };
  }

  @Query(() => RuleChainVerification, {
    description:
      'Checks the hash chain of rule events as stored now: intact, or the position of the first break per lab.',
  })
  async ruleChainVerification(
    @Args('lab', { type: () => String, nullable: true }) lab: string | undefined,
    @Context('principal') principal: Principal,
  ): Promise<RuleChainVerification> {
    let labs: string[];
    if (lab) {
      requireAuditor(principal, lab, this.ownerOf(lab));
      labs = [lab];
    } else {
      labs = auditableLabs(principal, this.lifecycle.labs(), this.ownerOf);
      if (principal.role !== 'admin' && principal.role !== 'privacy-officer') {
        requireAuditor(principal, '*', undefined);
      }
    }
    const reports = await Promise.all(labs.map((l) => this.lifecycle.verifyLab(l)));
    return {
      intact: reports.every((r) => r.intact),
      labs: reports.map((r) => ({
        lab: r.lab,
        events: r.events,
        intact: r.intact,
        break: r.break ?? null,
        head: r.head ?? null,
      })),
    };
  }

  @Query(() => [RuleRefusal], { description: 'Refused lifecycle commands (newest first).' })
  async ruleRefusals(
    @Args('lab', { type: () => String }) lab: string,
    @Args('first', { type: () => Int, defaultValue: 100 }) first: number,
    @Context('principal') principal: Principal,
  ): Promise<RuleRefusal[]> {
    requireAuditor(principal, lab, this.ownerOf(lab));
    const list = await this.lifecycle.refusals(lab, Math.max(1, Math.min(first, 1000)));
    return list.map((r) => ({
      ...r,
      version: r.version ?? null,
      by: toActor(r.by)!,
      at: new Date(r.at),
    }));
  }
}
