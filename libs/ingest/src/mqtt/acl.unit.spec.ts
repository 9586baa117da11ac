import { describe, expect, test } from '@jest/globals';
import { canPublish, canSubscribe } from './acl.js';

const a = {
  username: 'scheveningen.lp-a',
  lab: 'scheveningen',
  lamppost: 'lp-a',
  topicPrefix: 'labs/scheveningen/lampposts/lp-a/',
};

describe('device topic ACL', () => {
  test.each([
    ['labs/scheveningen/lampposts/lp-a/temperature', true],
    ['labs/scheveningen/lampposts/lp-b/temperature', false],
    ['labs/scheveningen/lampposts/lp-ab/temperature', false],
    ['labs/scheveningen/lampposts/lp-a/temperature/rejected', false],
    ['labs/scheveningen/lampposts/lp-a/', false],
    ['labs/other/lampposts/lp-a/temperature', false],
    ['$SYS/broker/clients', false],
  ])('publish %s -> %s', (topic, allowed) => {
    expect(canPublish(a, topic)).toBe(allowed);
  });

  test.each([
    ['labs/scheveningen/lampposts/lp-a/temperature/rejected', true],
    ['labs/scheveningen/lampposts/lp-a/+/rejected', true],
    ['labs/scheveningen/lampposts/lp-a/acl/rejected', true],
    ['labs/scheveningen/lampposts/lp-a/air/rejected', true],
    // Kind-shaped but unknown names are refused: each would be one more stored filter.
    ['labs/scheveningen/lampposts/lp-a/k1/rejected', false],
    ['labs/scheveningen/lampposts/lp-a/thermometer/rejected', false],
    ['labs/scheveningen/lampposts/lp-a/#', false],
    ['labs/scheveningen/lampposts/lp-a/+/+', false],
    ['labs/scheveningen/lampposts/lp-a/temperature', false],
    ['labs/scheveningen/lampposts/lp-b/temperature/rejected', false],
    ['labs/scheveningen/lampposts/+/temperature/rejected', false],
    ['#', false],
    ['+/+/+/+/+/rejected', false],
    ['$SYS/#', false],
  ])('subscribe %s -> %s', (filter, allowed) => {
    expect(canSubscribe(a, filter)).toBe(allowed);
  });
});
