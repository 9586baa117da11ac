import { describe, expect, test } from '@jest/globals';
import { ConnectionSlots } from './connection-slots.js';

const limits = { maxPending: 4, maxPendingPerIp: 2, maxDevicesPerIp: 2, maxDevices: 3 };

describe('ConnectionSlots', () => {
  test('a third pending socket from one address evicts the oldest of that address', () => {
    const slots = new ConnectionSlots(limits);
    const evicted: string[] = [];
    slots.open('10.0.0.1', () => evicted.push('a'));
    slots.open('10.0.0.1', () => evicted.push('b'));
    slots.open('10.0.0.2', () => evicted.push('c'));
    slots.open('10.0.0.1', () => evicted.push('d'));
    expect(evicted).toEqual(['a']);
    expect(slots.pendingCount).toBe(3);
  });

  test('the hub-wide pending cap evicts the oldest of all', () => {
    const slots = new ConnectionSlots(limits);
    const evicted: number[] = [];
    for (let i = 0; i < 6; i++) slots.open(`10.0.0.${i}`, () => evicted.push(i));
    expect(evicted).toEqual([0, 1]);
  });

  test('a logged-in device leaves the pending tier and cannot be evicted by a flood', () => {
    const slots = new ConnectionSlots(limits);
    let deviceEvicted = false;
    const device = slots.open('10.0.0.1', () => (deviceEvicted = true));
    expect(device.promote()).toBeUndefined();
    for (let i = 0; i < 100; i++) slots.open('10.0.0.1', () => undefined);
    expect(deviceEvicted).toBe(false);
    expect(slots.deviceCount).toBe(1);
    expect(slots.pendingCount).toBe(2);
  });

  test('devices are capped per address and in total; a release frees the place', () => {
    const slots = new ConnectionSlots(limits);
    const a = slots.open('10.0.0.1', () => undefined);
    expect(a.promote()).toBeUndefined();
    const b = slots.open('10.0.0.1', () => undefined);
    expect(b.promote()).toBeUndefined();
    const c = slots.open('10.0.0.1', () => undefined);
    expect(c.promote()).toBe('ADDRESS_FULL');
    const d = slots.open('10.0.0.2', () => undefined);
    const e = slots.open('10.0.0.3', () => undefined);
    expect([d.promote(), e.promote()]).toEqual([undefined, 'HUB_FULL']);
    a.release();
    a.release(); // twice counts once
    expect(e.promote()).toBeUndefined();
    expect(slots.deviceCount).toBe(3);
    expect(c.promote()).toBe('HUB_FULL');
  });
});
