import { describe, expect, it } from 'vitest';
import { checkKubeRay } from '../../../src/validation/kuberay';
import { RAYCRONJOB_MAX_NAME_LENGTH } from '../../../src/validation/kuberay/raycronjob';
import { Obj, clusterSpec } from './fixtures';

// Cases after KubeRay v1.7.0's TestValidateRayCronJobSpec (ray-operator/controllers/ray/utils/validation_test.go).
const ON = { featureGates: { RayCronJob: true } };

function cronJob(spec: Obj = {}, name = 'nightly'): Obj {
  return {
    apiVersion: 'ray.io/v1',
    kind: 'RayCronJob',
    metadata: { name },
    spec: { schedule: '*/5 * * * *', jobTemplate: { entrypoint: 'python run.py', rayClusterSpec: clusterSpec() }, ...spec },
  };
}

const rules = (obj: Obj, options: { featureGates?: Record<string, boolean> } = ON) => checkKubeRay(obj, options).map((f) => `${f.rule} ${f.path}`);

describe('RayCronJob (KubeRay v1.7.0 ValidateRayCronJobSpec)', () => {
  it.each([
    ['Valid cron schedule and RayJob spec', {}],
    ['Valid schedule with valid timezone', { schedule: '0 9 * * *', timeZone: 'Asia/Taipei' }],
    ['Valid schedule with UTC timezone', { schedule: '0 0 * * *', timeZone: 'UTC' }],
    ['a descriptor', { schedule: '@hourly' }],
  ])('accepts: %s', (_name, spec) => {
    expect(rules(cronJob(spec))).toEqual([]);
  });

  it.each([
    ['Invalid cron schedule', { schedule: 'invalid cron' }, 'kuberay/raycronjob-schedule spec.schedule'],
    ['Schedule with TZ= prefix is rejected', { schedule: 'TZ=UTC */5 * * * *' }, 'kuberay/raycronjob-schedule spec.schedule'],
    ['Schedule with CRON_TZ= prefix is rejected', { schedule: 'CRON_TZ=UTC */5 * * * *' }, 'kuberay/raycronjob-schedule spec.schedule'],
    ['Invalid timezone', { timeZone: 'Invalid/Zone' }, 'kuberay/raycronjob-time-zone spec.timeZone'],
    ['empty timezone', { timeZone: '' }, 'kuberay/raycronjob-time-zone spec.timeZone'],
    ['Empty JobTemplate', { jobTemplate: {} }, 'kuberay/rayjob-cluster-source spec.jobTemplate'],
  ])('rejects: %s', (_name, spec, expected) => {
    expect(rules(cronJob(spec))).toContain(expected);
  });

  it('rejects: Invalid RayJob spec - no containers (the template goes through the RayJob rules, paths under jobTemplate)', () => {
    const obj = cronJob();
    obj.spec.jobTemplate.rayClusterSpec.headGroupSpec.template.spec.containers = [];
    const [finding] = checkKubeRay(obj, ON);
    expect(finding.path).toBe('spec.jobTemplate.rayClusterSpec.headGroupSpec.template.spec.containers');
    expect(finding.message).toMatch(/^invalid RayJob template: /);
  });

  it(`rejects: RayCronJob name too long (more than ${RAYCRONJOB_MAX_NAME_LENGTH} characters)`, () => {
    expect(RAYCRONJOB_MAX_NAME_LENGTH).toBe(36);
    expect(rules(cronJob({}, 'a'.repeat(36)))).toEqual([]);
    expect(rules(cronJob({}, 'a'.repeat(37)))).toEqual(['kuberay/raycronjob-name-length metadata.name']);
  });

  it('needs the RayCronJob feature gate (alpha, off by default): without it the operator ignores the object', () => {
    expect(rules(cronJob(), { featureGates: {} })).toEqual(['kuberay/raycronjob-feature-gate kind']);
  });
});
