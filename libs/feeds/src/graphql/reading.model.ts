import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-type-json';

@ObjectType({ description: 'The privacy rule set version that produced a reading.' })
export class RuleProvenance {
  @Field(() => String, { description: 'Rule set id, e.g. scheveningen-default.' })
  id!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => String, { description: 'SHA-256 of the rule set content (canonical JSON).' })
  hash!: string;
}

@ObjectType({ description: 'One filtered sensor reading, as stored in the event log.' })
export class Reading {
  @Field(() => String, {
    description: "The reading's position in the event log; pass it as `after` to resume from here.",
  })
  cursor!: string;

  @Field(() => String)
  lab!: string;

  @Field(() => String)
  lamppost!: string;

  @Field(() => String, { description: 'Sensor kind, e.g. temperature.' })
  kind!: string;

  @Field(() => GraphQLISODateTime)
  observedAt!: Date;

  @Field(() => GraphQLJSON, {
    description: 'The measurement after the privacy filter, e.g. {"celsius": 21.4}.',
  })
  values!: Record<string, unknown>;

  @Field(() => RuleProvenance, {
    description: 'The rule version that produced this reading (see the privacy officers’ audit).',
  })
  rule!: RuleProvenance;

  @Field(() => [String], {
    description: 'The transforms applied, by name and parameters (never values).',
  })
  transforms!: string[];

  @Field(() => Int, { description: 'Length of the time bucket or window the values cover.' })
  intervalSeconds!: number;
}
