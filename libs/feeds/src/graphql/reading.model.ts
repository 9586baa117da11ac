import { Field, GraphQLISODateTime, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-type-json';

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
}
