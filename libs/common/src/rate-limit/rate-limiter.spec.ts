import { jsonNestsDeeperThan } from '../validation/json-body-parser';
import { clientKey } from './rate-limiter';

describe('clientKey', () => {
  it('keeps IPv4 addresses and unwraps IPv4-mapped IPv6', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::ffff:127.0.0.1')).toBe('127.0.0.1');
  });

  it('counts an IPv6 client by its /64, however it is written', () => {
    expect(clientKey('2001:db8:0:1::5')).toBe('2001:db8:0:1::/64');
    expect(clientKey('2001:0db8:0000:0001:ffff:1:2:3')).toBe('2001:db8:0:1::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
  });
});

describe('jsonNestsDeeperThan', () => {
  it('counts objects and arrays, not brackets inside strings or escapes', () => {
    expect(jsonNestsDeeperThan('{"a":[{"b":1}]}', 3)).toBe(false);
    expect(jsonNestsDeeperThan('{"a":[{"b":[1]}]}', 3)).toBe(true);
    expect(jsonNestsDeeperThan(`{"a":"${'[{'.repeat(100)}\\"${'['.repeat(100)}"}`, 2)).toBe(false);
    expect(jsonNestsDeeperThan('['.repeat(10_000), 64)).toBe(true);
  });
});
