import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import { Reading } from './reading.model.js';

@ObjectType({ description: 'How the caller may read one lab.' })
export class LabAccess {
  @Field(() => String) lab!: string;
  @Field(() => String, { nullable: true, description: 'The municipality that owns the lab.' })
  owner!: string | null;
  @Field(() => String, { description: 'admin, owner, partner or agreement' }) basis!: string;
  @Field(() => String, { description: 'readings or aggregates' }) level!: string;
  @Field(() => [String], {
    nullable: true,
    description: 'Kinds you may read; null means every kind.',
  })
  kinds!: string[] | null;
  @Field(() => [String], { description: 'Agreements this access rests on.' })
  agreementIds!: string[];
  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When the earliest of those agreements ends.',
  })
  until!: Date | null;
}

@ObjectType({ description: 'What the caller can see: its role, scope and every readable lab.' })
export class Visibility {
  @Field(() => String) role!: string;
  @Field(() => String, { nullable: true }) municipality!: string | null;
  @Field(() => String, { nullable: true }) lab!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'The person the token was issued to (privacy officers: what four eyes compares); null for admin tokens and tokens issued without one.',
  })
  holder!: string | null;
  @Field(() => [LabAccess], { description: 'Labs readable at the readings level.' })
  readings!: LabAccess[];
  @Field(() => [LabAccess], { description: 'Labs readable as hourly aggregates only.' })
  aggregatesOnly!: LabAccess[];
}

@ObjectType({ description: 'A lamppost and the latest reading of each of its sensor kinds.' })
export class Lamppost {
  @Field(() => String) id!: string;
  @Field(() => String) lab!: string;
  @Field(() => [Reading]) latest!: Reading[];
}

@ObjectType({ description: 'Readings of one kind in one lab during one UTC hour.' })
export class HourlyAggregate {
  @Field(() => String) lab!: string;
  @Field(() => String) kind!: string;
  @Field(() => GraphQLISODateTime, { description: 'Start of the hour (UTC).' }) hour!: Date;
  @Field(() => Int, {
    nullable: true,
    description: 'Readings that hour; null when suppressed (too few to share).',
  })
  count!: number | null;
  @Field(() => Boolean) suppressed!: boolean;
  @Field(() => Boolean, { description: 'Whether Laplace noise was added (shared figures).' })
  noisy!: boolean;
  @Field(() => String, {
    nullable: true,
    description: 'The agreement this figure is shared under.',
  })
  agreementId!: string | null;
}
