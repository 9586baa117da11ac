import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description:
    "A device's connection as the hub nodes recorded it (DeviceConnected, DeviceConnectionClosed, NodeConnectionsClosed) and when it was last seen.",
})
export class DeviceConnectionState {
  @Field(() => Boolean, { description: 'A hub node holds an MQTT connection of the device now.' })
  online!: boolean;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Online since (its oldest open connection) or offline since (its last close).',
  })
  since!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  lastConnectedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  lastDisconnectedAt!: Date | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description:
      'Last accepted message: the newest observedAt among its stored readings (for windowed kinds, the window they were counted in).',
  })
  lastSeen!: Date | null;

  @Field(() => [String], { description: 'The hub nodes holding a connection (HUB_NODE_ID).' })
  nodes!: string[];
}

@ObjectType({ description: 'Refusals of one code within the window asked for.' })
export class RefusalCount {
  @Field(() => String, { description: 'The refusal code (docs/sensors.md).' })
  code!: string;

  @Field(() => Int)
  count!: number;

  @Field(() => String, { nullable: true, description: 'The latest reason, in the hub’s words.' })
  latestReason!: string | null;

  @Field(() => GraphQLISODateTime)
  latestAt!: Date;
}

@ObjectType({ description: 'One refused message (never its payload).' })
export class DeviceRefusal {
  @Field(() => String)
  code!: string;

  @Field(() => String, { nullable: true, description: 'Why, in the hub’s words.' })
  reason!: string | null;

  @Field(() => String, { nullable: true, description: 'The field to blame, when one is.' })
  field!: string | null;

  @Field(() => String)
  topic!: string;

  @Field(() => Int, { nullable: true })
  seq!: number | null;

  @Field(() => GraphQLISODateTime, { description: 'When the hub received it.' })
  at!: Date;
}
