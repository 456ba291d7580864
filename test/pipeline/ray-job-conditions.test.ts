import { describe, expect, test } from 'vitest';
import { RAY_JOB_FAILURE_CONDITION, RAY_JOB_SUCCESS_CONDITION } from '../../src/pipeline/argo/ray-job-conditions';
import { matches, parseSelector, resourceStepState } from './argo-conditions';

/**
 * RayJobs as the Argo step reads them, one per state KubeRay v1.7.0 reaches with our spec
 * (K8sJobMode, backoffLimit 0, shutdownAfterJobFinishes). Only `status` matters to the
 * conditions; the fields and values are the controller's (rayjob_controller.go).
 */
const rayJob = (status?: Record<string, unknown>) => ({
  apiVersion: 'ray.io/v1',
  kind: 'RayJob',
  metadata: { name: 'wikipedia-embed-x7k2p', namespace: 'ray' },
  spec: { entrypoint: 'python -m ray_workloads.pipeline --stage embed', backoffLimit: 0, shutdownAfterJobFinishes: true },
  ...(status && { status }),
});

const STATUSES = {
  // Just created: no status yet.
  created: rayJob(),
  initializing: rayJob({ jobDeploymentStatus: 'Initializing', jobId: 'wikipedia-embed-x7k2p-abcde', failed: 0, succeeded: 0 }),
  running: rayJob({ jobDeploymentStatus: 'Running', jobStatus: 'RUNNING', failed: 0, succeeded: 0 }),
  // The Ray job is done but the submitter pod has not exited yet: KubeRay still says Running.
  succeededSubmitterRunning: rayJob({ jobDeploymentStatus: 'Running', jobStatus: 'SUCCEEDED', failed: 0, succeeded: 0 }),
  succeeded: rayJob({ jobDeploymentStatus: 'Complete', jobStatus: 'SUCCEEDED', message: 'Job finished successfully.', failed: 0, succeeded: 1 }),
  // The entrypoint exited non-zero.
  appFailed: rayJob({ jobDeploymentStatus: 'Failed', jobStatus: 'FAILED', reason: 'AppFailed', failed: 1, succeeded: 0 }),
  // FAILED seen before the submitter finished (jobDeploymentStatus not yet updated).
  failedSubmitterRunning: rayJob({ jobDeploymentStatus: 'Running', jobStatus: 'FAILED', failed: 0, succeeded: 0 }),
  // `ray job stop`: KubeRay calls that Complete.
  stopped: rayJob({ jobDeploymentStatus: 'Complete', jobStatus: 'STOPPED', message: 'Job was intentionally stopped.', failed: 0, succeeded: 0 }),
  // validateRayJob failed on the first reconcile: no jobStatus was ever set.
  validationFailed: rayJob({
    jobDeploymentStatus: 'ValidationFailed',
    reason: 'ValidationFailed',
    message: 'The RayJob spec is invalid: The RayClusterSpec must be set when ClusterSelector is not set',
  }),
  // activeDeadlineSeconds passed while the Ray job ran: Failed, jobStatus still RUNNING.
  deadlineExceeded: rayJob({
    jobDeploymentStatus: 'Failed',
    jobStatus: 'RUNNING',
    reason: 'DeadlineExceeded',
    message: 'The RayJob has passed the activeDeadlineSeconds. StartTime: 2026-09-01 10:00:01 +0000 UTC. ActiveDeadlineSeconds: 43200',
    failed: 1,
    succeeded: 0,
  }),
  // The deadline passed before the cluster was even up (e.g. GPUs never arrived).
  preRunningDeadline: rayJob({ jobDeploymentStatus: 'Failed', reason: 'PreRunningDeadlineExceeded', failed: 1, succeeded: 0 }),
};

const stateOf = (obj: unknown) => resourceStepState(obj, RAY_JOB_SUCCESS_CONDITION, RAY_JOB_FAILURE_CONDITION);

describe('RayJob step conditions (KubeRay v1.7.0, Argo v4.1.2 semantics)', () => {
  test.each([
    ['created', 'waiting'],
    ['initializing', 'waiting'],
    ['running', 'waiting'],
    ['succeededSubmitterRunning', 'waiting'],
    ['succeeded', 'succeeded'],
    ['appFailed', 'failed'],
    ['failedSubmitterRunning', 'failed'],
    ['stopped', 'failed'],
    ['validationFailed', 'failed'],
    ['deadlineExceeded', 'failed'],
    ['preRunningDeadline', 'failed'],
  ] as const)('%s → %s', (name, expected) => {
    expect(stateOf(STATUSES[name])).toBe(expected);
  });

  test('the conditions parse as Argo parses them, with the keys we mean', () => {
    expect(parseSelector(RAY_JOB_SUCCESS_CONDITION)).toEqual([
      { key: 'status.jobDeploymentStatus', operator: '==', values: ['Complete'] },
      { key: 'status.jobStatus', operator: '==', values: ['SUCCEEDED'] },
    ]);
    expect(parseSelector(RAY_JOB_FAILURE_CONDITION)).toEqual([
      { key: 'status.jobDeploymentStatus', operator: 'in', values: ['Failed', 'ValidationFailed'] },
      { key: 'status.jobStatus', operator: 'in', values: ['FAILED', 'STOPPED'] },
    ]);
  });

  test('each failure requirement is needed: without one of them a failure case would hang until the step deadline', () => {
    // GIVEN the failure condition with one requirement left out
    const [deployment, job] = parseSelector(RAY_JOB_FAILURE_CONDITION);
    const without = (req: typeof deployment) => (obj: unknown) => [req].some((r) => matches(r, obj));
    // THEN ValidationFailed and DeadlineExceeded need the deployment status, STOPPED needs the job status
    expect(without(job)(STATUSES.validationFailed)).toBe(false);
    expect(without(job)(STATUSES.deadlineExceeded)).toBe(false);
    expect(without(deployment)(STATUSES.stopped)).toBe(false);
  });

  test('success requires SUCCEEDED as well as Complete (a stopped job is Complete too)', () => {
    const [deployment] = parseSelector(RAY_JOB_SUCCESS_CONDITION);
    expect(matches(deployment, STATUSES.stopped)).toBe(true);
    expect(resourceStepState(STATUSES.stopped, 'status.jobDeploymentStatus == Complete', '')).toBe('succeeded');
  });
});

describe('Argo resource-step semantics (the model the tests above rely on)', () => {
  const obj = { status: { phase: 'Running', count: 3, ready: true, items: [{ name: 'a' }] } };

  test('failure requirements are ORed, success requirements ANDed', () => {
    expect(resourceStepState(obj, '', 'status.phase == Failed, status.count > 2')).toBe('failed');
    expect(resourceStepState(obj, 'status.phase == Running, status.count > 5', '')).toBe('waiting');
    expect(resourceStepState(obj, 'status.phase == Running, status.count > 2', '')).toBe('succeeded');
  });

  test('a failure condition alone succeeds at the first poll where it does not hold', () => {
    expect(resourceStepState(obj, '', 'status.phase == Failed')).toBe('succeeded');
  });

  test('missing keys: in/== never match, notin/!= always do, !key does', () => {
    expect(resourceStepState(obj, 'status.missing in (x)', '')).toBe('waiting');
    expect(resourceStepState(obj, 'status.missing notin (x), status.missing != x, !status.missing', '')).toBe('succeeded');
    expect(resourceStepState(obj, 'status.phase', '')).toBe('succeeded');
  });

  test('values are read as gjson strings: numbers, booleans, array indexes', () => {
    expect(resourceStepState(obj, 'status.count == 3, status.ready == true, status.items.0.name == a', '')).toBe('succeeded');
    expect(resourceStepState(obj, 'status.count < 3', '')).toBe('waiting');
  });

  test('syntax errors are errors, as labels.Parse reports them', () => {
    expect(() => parseSelector('status.phase in Failed')).toThrow(/expected: '\('/);
    expect(() => parseSelector('status.phase == Failed,')).toThrow(/identifier after ','/);
    expect(() => parseSelector('status.phase == Not Valid')).toThrow(/expected: ',' or 'end of string'/);
    expect(() => parseSelector('status.count > x')).toThrow(/must be an integer/);
    expect(() => parseSelector('status.phase == has space!')).toThrow();
    expect(() => parseSelector('-bad.key == x')).toThrow(/qualified name/);
  });

  test('in-lists: duplicates collapse, empty values are allowed, requirements sort by key', () => {
    expect(parseSelector('z == 1, a in (x, x, ,)')).toEqual([
      { key: 'a', operator: 'in', values: ['x', ''] },
      { key: 'z', operator: '==', values: ['1'] },
    ]);
  });
});
