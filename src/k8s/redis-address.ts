/**
 * Why Ray's head cannot use `address` as the external Redis of GCS fault tolerance, or
 * undefined when it can. KubeRay hands `gcsFaultToleranceOptions.redisAddress` to the head as
 * the env var `RAY_REDIS_ADDRESS`; Ray 2.52 splits that at commas (`ray/_private/node.py`), and
 * reads each entry as `host:port`, `redis://host:port` or `rediss://host:port` (TLS)
 * (`ray/_private/services.py` `get_address`), cut at its last colon
 * (`ray/_common/network_utils.py` `parse_address`), with the port as an integer. An entry
 * without a port, with a port that is no number or with another scheme makes `ray start` on
 * the head fail, so the cluster never comes up while its objects show Synced.
 * @param address the value as written, e.g. `redis-ha.redis.svc.cluster.local:6379`
 * @returns the reason, naming the entry when there are several, e.g. `'redis-ha' has no port`
 */
export function redisAddressProblem(address: string): string | undefined {
  const entries = address.split(',');
  for (const entry of entries) {
    const named = entries.length > 1 ? `entry '${entry}'` : `'${entry}'`;
    const schemeAndRest = entry.split('://');
    if (schemeAndRest.length > 2 || (schemeAndRest.length === 2 && !['redis', 'rediss'].includes(schemeAndRest[0]))) {
      return `${named} has a scheme Ray does not read (redis:// or rediss:// only)`;
    }
    const hostPort = schemeAndRest[schemeAndRest.length - 1];
    const colon = hostPort.lastIndexOf(':');
    if (colon < 0) return `${named} has no port`;
    const [host, port] = [hostPort.slice(0, colon), hostPort.slice(colon + 1)];
    if (host === '') return `${named} has no host`;
    if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) return `${named} has port '${port}', not a number from 1 to 65535`;
  }
  return undefined;
}

/** What {@link redisAddressProblem} accepts, for messages. */
export const REDIS_ADDRESS_FORMS = 'host:port, redis://host:port or rediss://host:port (several comma-separated)';
