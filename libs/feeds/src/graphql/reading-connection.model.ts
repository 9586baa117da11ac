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
  endCursor!: string | null;

  @Field(() => Boolean)
  hasNextPage!: boolean;
}

@ObjectType({ description: 'A page of readings in log order (Relay connection).' })
export class ReadingConnection {
  @Field(() => [ReadingEdge])
  edges!: ReadingEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
