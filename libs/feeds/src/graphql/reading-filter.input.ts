import { Field, GraphQLISODateTime, InputType } from '@nestjs/graphql';

@InputType({ description: 'All fields optional; given fields must all match.' })
export class ReadingFilter {
  @Field(() => String, { nullable: true })
  lab?: string;

  @Field(() => String, { nullable: true })
  lamppost?: string;

  @Field(() => String, { nullable: true })
  kind?: string;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'observedAt >= from' })
  from?: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'observedAt < to' })
  to?: Date;
}
