import { Field, ObjectType } from '@nestjs/graphql';
import { Reading } from './reading.model.js';

@ObjectType()
export class ReadingEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Reading)
  node!: Reading;
}

@ObjectType()
export class PageInfo {
  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;

  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;
}

@ObjectType({
  description:
    'A page of readings in log order (Relay connection). Forwards: first/after; backwards: last/before.',
})
export class ReadingConnection {
  @Field(() => [ReadingEdge])
  edges!: ReadingEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
