import {
  Field,
  GraphQLISODateTime,
  InputType,
  ObjectType,
  registerEnumType,
} from '@nestjs/graphql';

export enum RequestDirection {
  INCOMING = 'INCOMING',
  OUTGOING = 'OUTGOING',
  ALL = 'ALL',
}
registerEnumType(RequestDirection, {
  name: 'RequestDirection',
  description: 'INCOMING: requests for labs you own; OUTGOING: requests you made.',
});

export enum SharingRequestStatus {
  OPEN = 'OPEN',
  APPROVED = 'APPROVED',
  DECLINED = 'DECLINED',
  WITHDRAWN = 'WITHDRAWN',
  EXPIRED = 'EXPIRED',
}
registerEnumType(SharingRequestStatus, {
  name: 'SharingRequestStatus',
  description:
    'OPEN until decided, withdrawn or expired (30 days after the request, or the end of the period asked for if sooner).',
});

@ObjectType({ description: "A municipality's request for a sharing agreement on another's lab." })
export class SharingRequest {
  @Field(() => String) id!: string;
  @Field(() => String) lab!: string;
  @Field(() => String, { description: 'The municipality that owns the lab and decides.' })
  owner!: string;
  @Field(() => String, { description: 'The municipality asking.' }) requester!: string;
  @Field(() => [String]) kinds!: string[];
  @Field(() => String, { description: 'readings or aggregates' }) level!: string;
  @Field(() => String) purpose!: string;
  @Field(() => String) legalBasis!: string;
  @Field(() => GraphQLISODateTime, { description: 'End of the agreement asked for (exclusive).' })
  until!: Date;
  @Field(() => SharingRequestStatus) status!: SharingRequestStatus;
  @Field(() => GraphQLISODateTime) requestedAt!: Date;
  @Field(() => String, { description: 'Subject of the token that asked (never the token).' })
  requestedBy!: string;
  @Field(() => GraphQLISODateTime, { description: 'After this an open request expires.' })
  expiresAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When decided or withdrawn.' })
  decidedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Subject of who decided or withdrew.' })
  decidedBy!: string | null;
  @Field(() => String, { nullable: true, description: "The approver's note." })
  note!: string | null;
  @Field(() => String, { nullable: true, description: 'Why it was declined.' })
  reason!: string | null;
  @Field(() => String, { nullable: true, description: 'The agreement an approval created.' })
  agreementId!: string | null;
}

@InputType()
export class RequestSharingInput {
  @Field(() => String) lab!: string;
  @Field(() => [String], { description: 'Sensor kinds asked for, e.g. ["camera"].' })
  kinds!: string[];
  @Field(() => String, { description: 'readings or aggregates' }) level!: string;
  @Field(() => String, { description: 'What the data is for (at most 500 characters).' })
  purpose!: string;
  @Field(() => String, {
    nullable: true,
    description: 'At most 500 characters; default "public task (GDPR art. 6(1)(e))".',
  })
  legalBasis?: string | null;
  @Field(() => String, {
    description: 'ISO date (through that UTC day) or date-time (exclusive end) of the period.',
  })
  until!: string;
}
