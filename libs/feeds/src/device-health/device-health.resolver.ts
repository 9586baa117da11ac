import { Inject } from '@nestjs/common';
import { Args, Context, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { AccessDirectory, FeedForbiddenError, mayReadDevices, type Principal } from '@hub/access';
import { Device } from '@hub/registry';
import { OutOfRangeError } from '../application/feed-errors.js';
import { DeviceHealthQuery } from './device-health-query.js';
import { REFUSALS_KEPT_MS } from './device-health.projection.js';
import { DeviceConnectionState, DeviceRefusal, RefusalCount } from './device-health.models.js';

const MAX_HOURS = REFUSALS_KEPT_MS / 3_600_000;
const MAX_RECENT = 100;

const date = (iso: string | undefined): Date | null => (iso === undefined ? null : new Date(iso));

/**
 * How a device runs, on the registry's `Device`: its connection, last seen and refusals. Each
 * field asks the audience module (`mayReadDevices`): the lab's partner, its owner and admins.
 */
@Resolver(() => Device)
export class DeviceHealthResolver {
  constructor(
    @Inject(DeviceHealthQuery) private readonly health: DeviceHealthQuery,
    @Inject(AccessDirectory) private readonly directory: AccessDirectory,
  ) {}

  @ResolveField(() => DeviceConnectionState, {
    description: 'Online or offline (and since when), last connect and disconnect, last seen.',
  })
  connection(
    @Context('principal') principal: Principal,
    @Parent() device: Device,
  ): DeviceConnectionState {
    this.authorize(principal, device);
    const p = this.health.presence(device.lab, device.lamppost);
    return {
      online: p.online,
      since: date(p.since),
      lastConnectedAt: date(p.lastConnectedAt),
      lastDisconnectedAt: date(p.lastDisconnectedAt),
      lastSeen: date(p.lastSeen),
      nodes: [...p.nodes],
    };
  }

  @ResolveField(() => [RefusalCount], {
    description: `Refused messages of the last \`sinceHours\` hours (1-${MAX_HOURS}) per code, most frequent first, with the latest reason. A device refused more than 20 times a minute is throttled: those are not recorded one by one.`,
  })
  refusals(
    @Context('principal') principal: Principal,
    @Parent() device: Device,
    @Args('sinceHours', { type: () => Int, defaultValue: 24 }) sinceHours: number,
  ): RefusalCount[] {
    this.authorize(principal, device);
    if (sinceHours < 1 || sinceHours > MAX_HOURS) {
      throw new OutOfRangeError('sinceHours', 1, MAX_HOURS);
    }
    const since = new Date(Date.now() - sinceHours * 3_600_000).toISOString();
    return this.health.refusalCounts(device.lab, device.lamppost, since).map((c) => ({
      code: c.code,
      count: c.count,
      latestReason: c.latestReason ?? null,
      latestAt: new Date(c.latestAt),
    }));
  }

  @ResolveField(() => [DeviceRefusal], {
    description: `The latest refused messages (at most ${MAX_RECENT}), newest first.`,
  })
  recentRefusals(
    @Context('principal') principal: Principal,
    @Parent() device: Device,
    @Args('first', { type: () => Int, defaultValue: 10 }) first: number,
  ): DeviceRefusal[] {
    this.authorize(principal, device);
    if (first < 1 || first > MAX_RECENT) {
      throw new OutOfRangeError('first', 1, MAX_RECENT);
    }
    return this.health.recent(device.lab, device.lamppost, first).map((r) => ({
      code: r.code,
      reason: r.reason ?? null,
      field: r.field ?? null,
      topic: r.topic,
      seq: r.seq ?? null,
      at: new Date(r.at),
    }));
  }

  private authorize(principal: Principal, device: Device): void {
    const owner = this.directory.state.labOwners.get(device.lab);
    if (!mayReadDevices(principal, device.lab, owner)) {
      throw new FeedForbiddenError(
        'ROLE_NOT_ALLOWED',
        `the health of lab "${device.lab}"'s devices is for its partner, its municipality and admins`,
      );
    }
  }
}
