import {
  Field,
  GraphQLISODateTime,
  InputType,
  ObjectType,
  registerEnumType,
} from '@nestjs/graphql';

export enum AgreementDirection {
  GIVEN = 'GIVEN',
  RECEIVED = 'RECEIVED',
  ALL = 'ALL',
}
registerEnumType(AgreementDirection, {
  name: 'AgreementDirection',
  description: 'GIVEN: agreements on labs you own; RECEIVED: agreements granted to you.',
});

@ObjectType({ description: 'An API token (the secret itself is shown only once, at creation).' })
export class ApiToken {
  @Field(() => String) id!: string;
  @Field(() => String, { description: 'admin, municipality, partner or privacy-officer' })
  role!: string;
  @Field(() => String, { nullable: true }) municipality!: string | null;
  @Field(() => String, { nullable: true }) lab!: string | null;
  @Field(() => String, { nullable: true }) label!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'The person the token is issued to; four-eyes approval compares holders. Null on tokens issued without one.',
  })
  holder!: string | null;
  @Field(() => String, { description: 'Subject of the admin who issued it.' })
  issuedBy!: string;
  @Field(() => GraphQLISODateTime) issuedAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) revokedAt!: Date | null;
}

@ObjectType()
export class IssuedToken {
  @Field(() => String, {
    description: 'The bearer token. Store it now: the hub keeps only a digest.',
  })
  token!: string;
  @Field(() => ApiToken) apiToken!: ApiToken;
}

@InputType()
export class CreateTokenInput {
  @Field(() => String, { description: 'admin, municipality, partner or privacy-officer' })
  role!: string;
  @Field(() => String, {
    nullable: true,
    description: 'Scope of municipality and privacy-officer tokens (registered on first use).',
  })
  municipality?: string;
  @Field(() => String, { nullable: true, description: 'Scope of partner tokens.' })
  lab?: string;
  @Field(() => String, { nullable: true }) label?: string;
  @Field(() => String, {
    nullable: true,
    description:
      'The person the token is issued to (e-mail or staff id, at most 200 characters). Required for privacy-officer tokens: four-eyes approval compares holders.',
  })
  holder?: string;
}

@ObjectType({ description: "A purpose-bound grant of one lab's feed to another municipality." })
export class SharingAgreement {
  @Field(() => String) id!: string;
  @Field(() => String) lab!: string;
  @Field(() => String, { description: 'The municipality that owns the lab.' }) owner!: string;
  @Field(() => String) grantee!: string;
  @Field(() => [String]) kinds!: string[];
  @Field(() => String) purpose!: string;
  @Field(() => String) legalBasis!: string;
  @Field(() => GraphQLISODateTime, {
    description: 'Exclusive end: readings recorded from then on are not shared.',
  })
  until!: Date;
  @Field(() => String, { description: 'readings or aggregates' }) level!: string;
  @Field(() => String, { description: 'active, expired or revoked (now)' }) status!: string;
  @Field(() => GraphQLISODateTime) grantedAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) revokedAt!: Date | null;
}

@InputType()
export class GrantSharingInput {
  @Field(() => String) lab!: string;
  @Field(() => String, { description: 'The receiving municipality (registered on first use).' })
  to!: string;
  @Field(() => [String], { description: 'Sensor kinds shared, e.g. ["temperature", "air"].' })
  kinds!: string[];
  @Field(() => String) purpose!: string;
  @Field(() => String) legalBasis!: string;
  @Field(() => String, {
    description: 'ISO date (valid through that UTC day) or date-time (exclusive end).',
  })
  until!: string;
  @Field(() => String, { nullable: true, description: 'readings (default) or aggregates' })
  level?: string;
}

@ObjectType({ description: 'One query or subscription start under a sharing agreement.' })
export class FeedAccess {
  @Field(() => String) agreementId!: string;
  @Field(() => String) lab!: string;
  @Field(() => [String]) kinds!: string[];
  @Field(() => String) level!: string;
  @Field(() => String) grantee!: string;
  @Field(() => String, { description: 'The token id and role of the reader (never the token).' })
  subject!: string;
  @Field(() => String, { description: 'e.g. "query readings" or "subscription readings"' })
  operation!: string;
  @Field(() => GraphQLISODateTime) at!: Date;
}
