import { Inject } from '@nestjs/common';
import { Context, Field, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { AccessDirectory, mayDiscoverLabs, type Principal } from '@hub/access';
import { labDirectory } from '../application/lab-directory.js';
import { RuleLifecycle } from '../application/rule-lifecycle.js';
import { SensorRegister } from '../application/sensor-register.js';
import { GovernanceForbiddenError } from '../domain/governance-errors.js';

@ObjectType({
  description:
    'A lab of the hub, its owner, sensor kinds and public contact (from the sensor register); no readings.',
})
export class DirectoryLab {
  @Field(() => String) lab!: string;
  @Field(() => String, { description: 'The municipality that owns it: whom to ask for sharing.' })
  owner!: string;
  @Field(() => [String]) kinds!: string[];
  @Field(() => [String], { description: 'Public contacts from its sensor register entries.' })
  contacts!: string[];
  @Field(() => Int, { description: 'Lampposts in service.' }) lampposts!: number;
}

/** "Find a lab": what a municipality needs to know before it asks another for sharing. */
@Resolver()
export class LabDirectoryResolver {
  constructor(
    @Inject(AccessDirectory) private readonly directory: AccessDirectory,
    @Inject(SensorRegister) private readonly register: SensorRegister,
    @Inject(RuleLifecycle) private readonly lifecycle: RuleLifecycle,
  ) {}

  @Query(() => [DirectoryLab], {
    description:
      'Municipalities, privacy officers and admins: every lab with its owner, sensor kinds and contact.',
  })
  labDirectory(@Context('principal') principal: Principal): Promise<DirectoryLab[]> {
    if (!mayDiscoverLabs(principal)) {
      throw new GovernanceForbiddenError(
        'ROLE_NOT_ALLOWED',
        'the lab directory is for municipalities and their privacy officers; a partner token works in its own lab',
      );
    }
    return labDirectory(this.directory.state.labOwners, this.register, this.lifecycle);
  }
}
