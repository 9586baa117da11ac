import { Inject } from '@nestjs/common';
import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { AccessDirectory, type Principal } from '@hub/access';
import { requireAuditor } from '../application/audit-scope.js';
import { dryRun, type DryRunSample } from '../application/dry-run.js';
import { RuleLifecycle } from '../application/rule-lifecycle.js';
import { presetSamples } from '../application/sample-presets.js';
import { SAMPLE_SOURCE, type SampleSource } from '../application/sample-source.port.js';
import { GovernanceInputError, GovernanceNotFoundError } from '../domain/governance-errors.js';
import type { SampleOutcome } from '../domain/output-diff.js';
import { validatedContent } from '../domain/rule-decisions.js';
import { activeVersion } from '../domain/rule-history.js';
import { DryRunInput, DryRunOutput, DryRunResult } from './dry-run.models.js';

/** At most this many samples per dry run (inline and generated together). */
const MAX_SAMPLES = 200;

const toOutput = (o: SampleOutcome): DryRunOutput => ({
  outcome: o.outcome,
  code: o.code ?? null,
  readings: o.readings.map((r) => ({
    kind: r.kind,
    location: r.location,
    observedAt: r.observedAt,
    intervalSeconds: r.intervalSeconds,
    audience: r.audience,
    values: r.values,
    transforms: r.transforms,
  })),
  dropped: [...o.dropped],
});

@Resolver()
export class DryRunResolver {
  constructor(
    @Inject(RuleLifecycle) private readonly lifecycle: RuleLifecycle,
    @Inject(AccessDirectory) private readonly directory: AccessDirectory,
    @Inject(SAMPLE_SOURCE) private readonly sampleSource: SampleSource,
  ) {}

  @Query(() => DryRunResult, {
    description:
      'Runs sample messages through the active version and a proposal (throwaway filter, test keys, nothing stored) and lists what would newly be exposed or dropped.',
  })
  privacyDryRun(
    @Args('input', { type: () => DryRunInput }) input: DryRunInput,
    @Context('principal') principal: Principal,
  ): DryRunResult {
    requireAuditor(principal, input.lab, this.directory.state.labOwners.get(input.lab), true);
    const h = this.lifecycle.historyOf(input.lab);
    let proposal;
    if (input.proposal !== undefined && input.proposal !== null) {
      proposal = validatedContent(input.proposal, input.lab);
    } else if (input.version !== undefined && input.version !== null) {
      const v = h?.versions.get(input.version);
      if (!v) {
        throw new GovernanceNotFoundError(
          'UNKNOWN_VERSION',
          `lab "${input.lab}" has no version ${input.version}`,
        );
      }
      proposal = v.content;
    } else {
      throw new GovernanceInputError(
        'MISSING_FIELD',
        'give a proposal (rule set) or a version',
        'proposal',
      );
    }
    const now = Date.now();
    const samples: DryRunSample[] = (input.samples ?? []).map((s) => ({
      kind: s.kind,
      lamppost: s.lamppost,
      payload: s.payload,
      source: 'inline',
    }));
    if (input.preset)
      samples.push(...presetSamples({ lab: input.lab, ...input.preset }, now, this.sampleSource));
    if (samples.length === 0) {
      throw new GovernanceInputError('MISSING_FIELD', 'give samples, a preset, or both', 'samples');
    }
    if (samples.length > MAX_SAMPLES) {
      throw new GovernanceInputError(
        'TOO_MANY_SAMPLES',
        `at most ${MAX_SAMPLES} samples per dry run`,
        'samples',
      );
    }
    const active = h ? activeVersion(h) : undefined;
    const result = dryRun(active?.content, proposal, samples, now);
    return {
      lab: input.lab,
      activeVersion: active?.version ?? null,
      proposalVersion: proposal.version,
      samples: result.samples.map((s) => ({
        index: s.index,
        kind: s.kind,
        lamppost: s.lamppost,
        source: s.source,
        active: s.active ? toOutput(s.active) : null,
        proposal: toOutput(s.proposal),
        newlyExposed: s.newlyExposed,
        newlyDropped: s.newlyDropped,
        changes: s.lines,
      })),
      newlyExposed: result.newlyExposed,
      newlyDropped: result.newlyDropped,
      changes: result.lines,
    };
  }
}
