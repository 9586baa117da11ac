import {
  Field,
  Float,
  GraphQLISODateTime,
  InputType,
  Int,
  ObjectType,
  registerEnumType,
} from '@nestjs/graphql';

export enum DeviceStatusValue {
  active = 'active',
  revoked = 'revoked',
  decommissioned = 'decommissioned',
}

registerEnumType(DeviceStatusValue, {
  name: 'DeviceStatus',
  description:
    'active: may connect; revoked: refused until its credentials are rotated; decommissioned: gone for good.',
});

@ObjectType({ description: 'Where a lamppost stands: WGS84 decimal degrees (EPSG:4326).' })
export class Position {
  @Field(() => Float, { description: 'Latitude, -90 to 90 (north positive).' })
  lat!: number;

  @Field(() => Float, { description: 'Longitude, -180 to 180 (east positive).' })
  lon!: number;
}

@InputType({ description: 'A WGS84 position: lat -90 to 90, lon -180 to 180.' })
export class PositionInput {
  @Field(() => Float)
  lat!: number;

  @Field(() => Float)
  lon!: number;
}

@ObjectType({
  description: 'A living lab: a group of lampposts run by partners for a municipality.',
})
export class Lab {
  @Field(() => String, { description: 'Lab id, as in the topic labs/{id}/lampposts/...' })
  id!: string;

  @Field(() => String, { description: 'The municipality that owns the lab.' })
  municipality!: string;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => Int, { description: 'Lampposts provisioned and not decommissioned.' })
  devices!: number;
}

@ObjectType({
  description: 'A lamppost gateway: one MQTT device. Its password is never shown again.',
})
export class Device {
  @Field(() => String)
  lab!: string;

  @Field(() => String)
  lamppost!: string;

  @Field(() => String, { description: 'MQTT username: {lab}.{lamppost}.' })
  username!: string;

  @Field(() => String, { description: 'The only topic prefix the device may publish under.' })
  topicPrefix!: string;

  @Field(() => DeviceStatusValue)
  status!: DeviceStatusValue;

  @Field(() => Position, { nullable: true, description: 'Where it stands; null until given.' })
  position!: Position | null;

  @Field(() => GraphQLISODateTime)
  provisionedAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'Last provisioning, rotation or revocation.' })
  changedAt!: Date;
}

@ObjectType({
  description:
    'New device credentials. The password is shown only in this answer: store it on the device now.',
})
export class DeviceCredentials {
  @Field(() => String)
  lab!: string;

  @Field(() => String)
  lamppost!: string;

  @Field(() => String, { description: 'MQTT username.' })
  username!: string;

  @Field(() => String, { description: 'MQTT password (shown once, stored only as a hash).' })
  password!: string;

  @Field(() => String, { description: 'Publish under this prefix: {topicPrefix}{kind}.' })
  topicPrefix!: string;

  @Field(() => Position, { nullable: true, description: 'Where it stands; null until given.' })
  position!: Position | null;
}
