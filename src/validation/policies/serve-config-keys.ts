import { parse } from 'yaml';
import { Finding } from '../finding';
import { ObjectPolicy } from './policy';

/**
 * Serve deployment keys Ray removed or that never existed, with what to write instead. Ray's
 * `serve deploy` rejects unknown keys in a Serve config (`ray.serve.schema.DeploymentSchema`
 * forbids extra fields), so the RayService never becomes ready.
 * - `max_concurrent_queries`: renamed `max_ongoing_requests` (Ray 2.10), removed later;
 * - `target_num_ongoing_requests_per_replica` (autoscaling_config): renamed `target_ongoing_requests`;
 * - `num_replica`: a typo of `num_replicas`.
 */
const REPLACED_DEPLOYMENT_KEYS: Readonly<Record<string, string>> = {
  max_concurrent_queries: 'max_ongoing_requests',
  num_replica: 'num_replicas',
};
const REPLACED_AUTOSCALING_KEYS: Readonly<Record<string, string>> = {
  target_num_ongoing_requests_per_replica: 'target_ongoing_requests',
};

/** A RayService's `serveConfigV2` uses no Serve key Ray removed or never had. */
export const serveConfigKeys: ObjectPolicy = {
  id: 'policy/serve-config-keys',
  description: 'serveConfigV2 uses no Serve key Ray removed or never had',
  check(obj) {
    if (obj.kind !== 'RayService' || typeof obj.spec?.serveConfigV2 !== 'string') return [];
    let config: any;
    try {
      config = parse(obj.spec.serveConfigV2);
    } catch (error) {
      return [{ rule: this.id, path: 'spec.serveConfigV2', message: `is not valid YAML: ${(error as Error).message.split('\n')[0]}` }];
    }
    const findings: Finding[] = [];
    (config?.applications ?? []).forEach((app: any, a: number) =>
      (app?.deployments ?? []).forEach((d: any, i: number) => {
        const at = `applications[${a}].deployments[${i}]`;
        const report = (where: string, key: string, instead: string) =>
          findings.push({ rule: this.id, path: 'spec.serveConfigV2', message: `${where}.${key} is not a Serve key (Ray rejects the config); use ${instead}` });
        for (const [key, instead] of Object.entries(REPLACED_DEPLOYMENT_KEYS)) if (d && key in d) report(at, key, instead);
        for (const [key, instead] of Object.entries(REPLACED_AUTOSCALING_KEYS)) {
          if (d?.autoscaling_config && key in d.autoscaling_config) report(`${at}.autoscaling_config`, key, instead);
        }
      }),
    );
    return findings;
  },
};
