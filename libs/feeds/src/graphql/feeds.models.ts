import { Field, Float, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import { PositionModel } from '@hub/registry';
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

@ObjectType({
  description:
    'A lamppost of a lab (registered and not decommissioned, or with readings), where it stands and the latest reading of each of its sensor kinds.',
})
export class Lamppost {
  @Field(() => String) id!: string;
  @Field(() => String) lab!: string;
  @Field(() => PositionModel, {
    nullable: true,
    description: 'WGS84 position from the registry; null until given (or for a grid cell).',
  })
  position!: PositionModel | null;
  @Field(() => [Reading]) latest!: Reading[];
}

@ObjectType({
  description:
    'The figure an hour of one kind is summarised by: people counted (camera), motion events (motion), the energy-mean LAeq (sound) or the mean temperature.',
})
export class HourlyMeasure {
  @Field(() => String, { description: 'people, motionEvents, LAeq or celsius.' })
  name!: string;
  @Field(() => String, { description: 'persons, events, dB(A) or °C.' })
  unit!: string;
  @Field(() => Float, {
    nullable: true,
    description:
      'The total (people, motionEvents), the energy mean 10·log10(mean(10^(L/10))) (LAeq) or the mean (celsius); null when suppressed by the privacy rule or when no reading that hour carried it.',
  })
  value!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Lowest value of one reading that hour (not shared for counted measures).',
  })
  min!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Highest value of one reading that hour (not shared for counted measures).',
  })
  max!: number | null;
  @Field(() => Boolean, { description: 'Withheld by the privacy rule (value, min, max null).' })
  suppressed!: boolean;
  @Field(() => Boolean, { description: 'Whether Laplace noise was added to the value.' })
  noisy!: boolean;
}

@ObjectType({ description: 'Readings of one kind in one lab during one UTC hour.' })
export class HourlyAggregate {
  @Field(() => String) lab!: string;
  @Field(() => String, {
    nullable: true,
    description: 'The lamppost (perLamppost: true); null for the whole lab.',
  })
  lamppost!: string | null;
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
  @Field(() => HourlyMeasure, {
    nullable: true,
    description: 'The measure of the hour; null for kinds without one (air, radio).',
  })
  measure!: HourlyMeasure | null;
}
