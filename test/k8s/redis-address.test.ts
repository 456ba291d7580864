import { describe, expect, test } from 'vitest';
import { redisAddressProblem } from '../../src/k8s/redis-address';

// As Ray 2.52 reads RAY_REDIS_ADDRESS: split at commas (node.py), each entry host:port,
// redis://host:port or rediss://host:port (services.py get_address), cut at its last colon
// (network_utils.parse_address), the port an integer.
describe('Redis addresses of GCS fault tolerance', () => {
  test.each([
    'redis-ha.redis.svc.cluster.local:6379',
    'redis://redis:6379',
    'rediss://redis.example.com:6380',
    '10.0.0.5:6379',
    '[::1]:6379',
    'redis-0:6379,redis-1:6379',
  ])('accepts %s', (address) => {
    expect(redisAddressProblem(address)).toBeUndefined();
  });

  test.each([
    ['redis-ha.redis.svc.cluster.local', "'redis-ha.redis.svc.cluster.local' has no port"],
    ['redis://redis', "'redis://redis' has no port"],
    ['http://redis:6379', "'http://redis:6379' has a scheme Ray does not read (redis:// or rediss:// only)"],
    ['redis:port', "'redis:port' has port 'port', not a number from 1 to 65535"],
    ['redis:70000', "'redis:70000' has port '70000', not a number from 1 to 65535"],
    [':6379', "':6379' has no host"],
    ['redis-0:6379,redis-1', "entry 'redis-1' has no port"],
    ['redis-0:6379,', "entry '' has no port"],
  ])('rejects %s', (address, problem) => {
    expect(redisAddressProblem(address)).toBe(problem);
  });
});
