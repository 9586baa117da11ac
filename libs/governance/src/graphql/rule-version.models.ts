import { Field, GraphQLISODateTime, InputType, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-type-json';

@ObjectType({
  description: 'Who did something (never a token): subject, role, token id and holder.',
})
export class GovernanceActor {
  @Field(() => String) subject!: string;
  @Field(() => String) role!: string;
  @Field(() => String) tokenId!: string;
  @Field(() => String, { nullable: true }) municipality!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'The person the token was issued to: what four eyes compares. Null for admin tokens and tokens issued without a holder.',
  })
  holder!: string | null;
  @Field(() => String, {
    description:
      'The name to show: the holder (a person), "admin" for the admin token, else the token subject (tokens issued without a holder).',
  })
  name!: string;
}

@ObjectType({ description: "One version of a lab's privacy rule set and its lifecycle." })
export class RuleSetVersion {
  @Field(() => String) lab!: string;
  @Field(() => Int) version!: number;
  @Field(() => String) ruleSetId!: string;
  @Field(() => String, { description: 'SHA-256 of the canonical content: what readings carry.' })
  hash!: string;
  @Field(() => String, {
    description:
      'proposed, approved, scheduled, active, superseded, retired, rejected or withdrawn',
  })
  status!: string;
  @Field(() => Boolean, {
    description: 'The shipped rule file recorded at first start (no four-eyes review).',
  })
  bootstrap!: boolean;
  @Field(() => String, { nullable: true }) source!: string | null;
  @Field(() => GovernanceActor, { nullable: true }) author!: GovernanceActor | null;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => String, { nullable: true, description: 'DPIA or ticket reference.' })
  reference!: string | null;
  @Field(() => GraphQLISODateTime) proposedAt!: Date;
  @Field(() => GovernanceActor, { nullable: true }) approver!: GovernanceActor | null;
  @Field(() => String, { nullable: true }) approvalNote!: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) approvedAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) effectiveAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) activatedAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) supersededAt!: Date | null;
  @Field(() => GovernanceActor, {
    nullable: true,
    description: 'Who rejected, withdrew or retired it.',
  })
  closedBy!: GovernanceActor | null;
  @Field(() => String, { nullable: true }) closedReason!: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) closedAt!: Date | null;
  @Field(() => [String], { description: 'The rules in plain words, one line per sensor kind.' })
  summary!: string[];
  @Field(() => GraphQLJSON, { description: 'The full rule set.' }) content!: unknown;
}

@InputType()
export class ProposeRuleSetInput {
  @Field(() => String) lab!: string;
  @Field(() => GraphQLJSON, { description: 'The complete rule set (docs/privacy-rules.md).' })
  content!: unknown;
  @Field(() => String, { description: 'Why the change is needed.' }) reason!: string;
  @Field(() => String, { description: 'DPIA or ticket reference.' }) reference!: string;
}

@ObjectType({ description: 'One difference between two rule set versions.' })
export class RuleChange {
  @Field(() => String, { description: 'JSON path, e.g. kinds.sound.metrics' }) path!: string;
  @Field(() => String, { description: 'added, removed or changed' }) change!: string;
  @Field(() => GraphQLJSON, { nullable: true }) before!: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) after!: unknown;
  @Field(() => String, { description: 'The change in words.' }) description!: string;
}

@ObjectType()
export class RuleSetDiff {
  @Field(() => String) lab!: string;
  @Field(() => Int) from!: number;
  @Field(() => Int) to!: number;
  @Field(() => [RuleChange]) changes!: RuleChange[];
}

@ObjectType({ description: "Where a lab's rule history stops checking out." })
export class ChainBreakInfo {
  @Field(() => Int, { description: "0-based index of the event in the lab's chain." })
  revision!: number;
  @Field(() => Int, { description: 'Position of the event in the whole log.' }) position!: number;
  @Field(() => String) eventId!: string;
  @Field(() => String) type!: string;
  @Field(() => String) reason!: string;
}

@ObjectType()
export class LabChainVerification {
  @Field(() => String) lab!: string;
  @Field(() => Int) events!: number;
  @Field(() => Boolean) intact!: boolean;
  @Field(() => ChainBreakInfo, { nullable: true }) break!: ChainBreakInfo | null;
  @Field(() => String, { nullable: true, description: 'Hash of the last event (an anchor).' })
  head!: string | null;
}

@ObjectType()
export class RuleChainVerification {
  @Field(() => Boolean, { description: "True when every lab's chain is intact." }) intact!: boolean;
  @Field(() => [LabChainVerification]) labs!: LabChainVerification[];
}

@ObjectType({ description: 'A refused lifecycle command, as recorded.' })
export class RuleRefusal {
  @Field(() => String) action!: string;
  @Field(() => String) lab!: string;
  @Field(() => Int, { nullable: true }) version!: number | null;
  @Field(() => GovernanceActor) by!: GovernanceActor;
  @Field(() => String) code!: string;
  @Field(() => String) reason!: string;
  @Field(() => GraphQLISODateTime) at!: Date;
}
