import { Inject } from '@nestjs/common';
import { Args, Context, Float, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '@hub/access';
import { RegistryService } from '../application/registry-service.js';
import type { DeviceView, IssuedCredentials, LabView } from '../application/registry-views.js';
import {
  Device,
  DeviceCredentials,
  DeviceStatusValue,
  Lab,
  PositionInput,
} from './registry.models.js';

const toLab = (v: LabView): Lab => ({
  id: v.lab,
  municipality: v.municipality,
  createdAt: new Date(v.createdAt),
  devices: v.devices,
});

const toDevice = (v: DeviceView): Device => ({
  lab: v.lab,
  lamppost: v.lamppost,
  username: v.username,
  topicPrefix: v.topicPrefix,
  status: DeviceStatusValue[v.status],
  position: v.position,
  provisionedAt: new Date(v.provisionedAt),
  changedAt: new Date(v.changedAt),
});

const toCredentials = (v: IssuedCredentials): DeviceCredentials => ({ ...v });

/** Labs, lampposts and device credentials: for admins, and for partners within their lab. */
@Resolver()
export class RegistryResolver {
  constructor(@Inject(RegistryService) private readonly registry: RegistryService) {}

  @Query(() => [Lab], { name: 'labs', description: 'The labs the caller may manage.' })
  labs(@Context('principal') principal: Principal): Lab[] {
    return this.registry.labs(principal).map(toLab);
  }

  @Query(() => [Device], {
    name: 'devices',
    description: "The lab's lampposts and their credential status (never a password or hash).",
  })
  devices(
    @Context('principal') principal: Principal,
    @Args('lab', { type: () => String }) lab: string,
  ): Device[] {
    return this.registry.devices(principal, lab).map(toDevice);
  }

  @Mutation(() => Lab, {
    description: 'Creates a lab (admin); the municipality is registered on first use.',
  })
  async createLab(
    @Context('principal') principal: Principal,
    @Args('id', { type: () => String }) id: string,
    @Args('municipality', { type: () => String }) municipality: string,
  ): Promise<Lab> {
    return toLab(await this.registry.createLab(principal, id, municipality));
  }

  @Mutation(() => DeviceCredentials, {
    description: 'Provisions a lamppost and returns its MQTT credentials (the password only here).',
  })
  async provisionDevice(
    @Context('principal') principal: Principal,
    @Args('lab', { type: () => String }) lab: string,
    @Args('lamppost', { type: () => String }) lamppost: string,
    @Args('position', {
      type: () => PositionInput,
      nullable: true,
      description: 'Where the lamppost stands (optional; hubctl device position sets it later).',
    })
    position?: PositionInput | null,
  ): Promise<DeviceCredentials> {
    return toCredentials(
      await this.registry.provisionDevice(principal, lab, lamppost, position ?? undefined),
    );
  }

  @Mutation(() => Device, {
    description:
      'Places or moves a live lamppost (WGS84 degrees); credentials and connection are untouched.',
  })
  async setLamppostPosition(
    @Context('principal') principal: Principal,
    @Args('lab', { type: () => String }) lab: string,
    @Args('lamppost', { type: () => String }) lamppost: string,
    @Args('lat', { type: () => Float }) lat: number,
    @Args('lon', { type: () => Float }) lon: number,
  ): Promise<Device> {
    return toDevice(
      await this.registry.setLamppostPosition(principal, lab, lamppost, { lat, lon }),
    );
  }

  @Mutation(() => DeviceCredentials, {
    description:
      'Issues a new password; the old one stops working and its live connection is closed. Also re-enables a revoked lamppost.',
  })
  async rotateDeviceCredentials(
    @Context('principal') principal: Principal,
    @Args('lab', { type: () => String }) lab: string,
    @Args('lamppost', { type: () => String }) lamppost: string,
  ): Promise<DeviceCredentials> {
    return toCredentials(await this.registry.rotateDeviceCredentials(principal, lab, lamppost));
  }

  @Mutation(() => Device, {
    description: "Revokes the lamppost's credentials; its live connection is closed at once.",
  })
  async revokeDevice(
    @Context('principal') principal: Principal,
    @Args('lab', { type: () => String }) lab: string,
    @Args('lamppost', { type: () => String }) lamppost: string,
  ): Promise<Device> {
    return toDevice(await this.registry.revokeDevice(principal, lab, lamppost));
  }

  @Mutation(() => Device, {
    description: 'Takes a lamppost out of service for good: credentials refused, id not reusable.',
  })
  async decommissionLamppost(
    @Context('principal') principal: Principal,
    @Args('lab', { type: () => String }) lab: string,
    @Args('lamppost', { type: () => String }) lamppost: string,
  ): Promise<Device> {
    return toDevice(await this.registry.decommissionLamppost(principal, lab, lamppost));
  }
}
