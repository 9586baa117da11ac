import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-type-json';

@ObjectType({ description: 'A name and how often it occurred.' })
export class NameCount {
  @Field(() => String) name!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({
  description: "The filter's counters for one rule version, over every run of the hub.",
})
export class RuleVersionStats {
  @Field(() => String, { description: 'ruleSetId@version' }) ruleKey!: string;
  @Field(() => Int) version!: number;
  @Field(() => Int) messagesFiltered!: number;
  @Field(() => Int) readingsEmitted!: number;
  @Field(() => Int, {
    description:
      'Messages for a window that had already closed (e.g. delayed in transit, or sent just after a rule switch closed the window): they add nothing to a stored reading.',
  })
  lateMessages!: number;
  @Field(() => Int, {
    description:
      'Windows that closed without producing a reading (too little input, e.g. a sound window cut short by a rule switch or shutdown).',
  })
  shortWindowsDiscarded!: number;
  @Field(() => Int, { description: 'Counts published as null because 0 < n < k.' })
  countsSuppressed!: number;
  @Field(() => [NameCount], { description: 'Refused messages by reason code.' })
  messagesRejected!: NameCount[];
  @Field(() => [NameCount], { description: 'Dropped input fields by name.' })
  fieldsDropped!: NameCount[];
}

@ObjectType({ description: 'A pseudonymisation key event: ids and times, never key material.' })
export class KeyEvent {
  @Field(() => String, { description: 'key-created, key-rotated or key-destroyed' }) event!: string;
  @Field(() => String) keyId!: string;
  @Field(() => String) at!: string;
  @Field(() => String, { nullable: true }) successorKeyId!: string | null;
  @Field(() => String, { nullable: true }) epochStart!: string | null;
  @Field(() => String, { nullable: true }) epochEnd!: string | null;
}

@ObjectType()
export class RetentionRunInfo {
  @Field(() => String) ranAt!: string;
  @Field(() => Int) removedEvents!: number;
  @Field(() => Int) streamCount!: number;
  @Field(() => GraphQLJSON, { description: '[{ streamId, removed }]' }) streams!: unknown;
}

@ObjectType({ description: "Who received a lab's feed, under which agreement and rule versions." })
export class SharingRecipient {
  @Field(() => String) agreementId!: string;
  @Field(() => String) grantee!: string;
  @Field(() => [String]) kinds!: string[];
  @Field(() => String) purpose!: string;
  @Field(() => String) legalBasis!: string;
  @Field(() => String) level!: string;
  @Field(() => String) status!: string;
  @Field(() => String) grantedAt!: string;
  @Field(() => String) until!: string;
  @Field(() => String, { nullable: true }) revokedAt!: string | null;
  @Field(() => [Int]) ruleVersions!: number[];
  @Field(() => Int, { description: 'Recorded reads (queries and subscription starts).' })
  accesses!: number;
  @Field(() => String, { nullable: true }) lastAccessAt!: string | null;
}

@ObjectType({ description: 'A compliance scan of the event log, as recorded.' })
export class ComplianceScan {
  @Field(() => String, { nullable: true, description: 'The lab scanned; null for the whole log.' })
  lab!: string | null;
  @Field(() => String) startedAt!: string;
  @Field(() => String) finishedAt!: string;
  @Field(() => String, { description: 'Who ran it: the holder, "admin", or the token subject.' })
  by!: string;
  @Field(() => Int) eventsScanned!: number;
  @Field(() => Int) total!: number;
  @Field(() => Boolean) clean!: boolean;
  @Field(() => GraphQLJSON, { description: 'Findings per signature.' }) bySignature!: unknown;
  @Field(() => GraphQLJSON, { description: 'First findings: signature, location, offset.' })
  findings!: unknown;
}

@InputType()
export class SensorRegisterEntryInput {
  @Field(() => String) lab!: string;
  @Field(() => String) kind!: string;
  @Field(() => String) purpose!: string;
  @Field(() => String) legalGround!: string;
  @Field(() => String) privacyStatementUrl!: string;
  @Field(() => String, { description: 'ISO date, e.g. 2027-12-31' }) activeUntil!: string;
  @Field(() => String) contact!: string;
}

@ObjectType()
export class SensorRegisterEntryModel {
  @Field(() => String) lab!: string;
  @Field(() => String) kind!: string;
  @Field(() => String) purpose!: string;
  @Field(() => String) legalGround!: string;
  @Field(() => String) privacyStatementUrl!: string;
  @Field(() => String) activeUntil!: string;
  @Field(() => String) contact!: string;
  @Field(() => String) at!: string;
}
