import { accepted, clusterSpec, edit, head, Obj, rayJob, rayJobSpec, rejected, selectorRayJob, UpstreamCase } from './manifests';

// After ValidateRayJobSpec / ValidateRayJobMetadata cases in
// ray-operator/controllers/ray/utils/validation_test.go@v1.7.0 and
// ray-operator/pkg/webhooks/v1/rayjob_webhook_test.go@v1.7.0 (our own manifests).

const job = (change: (o: Obj) => void) => edit(() => rayJob(), (o) => change(o.spec));
const selector = (extra: Obj) => () => selectorRayJob(extra);

const J = 'TestValidateRayJobSpec/';
const SPEC: UpstreamCase[] = [
  rejected(`${J}one of RayClusterSpec or ClusterSelector must be set`, 'kuberay/rayjob-cluster-source', job((s) => delete s.rayClusterSpec)),
  rejected(`${J}a RayJob with shutdownAfterJobFinishes set to false is not allowed to be suspended`, 'kuberay/rayjob-suspend-requires-shutdown', job((s) => Object.assign(s, { suspend: true, shutdownAfterJobFinishes: false }))),
  accepted(`${J}valid RayJob`, job((s) => (s.suspend = true))),
  rejected(`${J}the ClusterSelector mode doesn't support the suspend operation`, 'kuberay/rayjob-cluster-selector-compat', selector({ suspend: true, shutdownAfterJobFinishes: true })),
  rejected(`${J}failed to unmarshal RuntimeEnvYAML`, 'kuberay/rayjob-runtime-env-yaml', job((s) => (s.runtimeEnvYAML = 'invalid_yaml_str'))),
  rejected(`${J}backoffLimit must be a positive integer`, 'kuberay/rayjob-backoff-limit-non-negative', job((s) => (s.backoffLimit = -1))),
  rejected(`${J}BackoffLimit is incompatible with InteractiveMode`, 'kuberay/rayjob-interactive-backoff', job((s) => Object.assign(s, { backoffLimit: 1, submissionMode: 'InteractiveMode' }))),
  accepted(`${J}BackoffLimit is 0 and SubmissionMode is InteractiveMode`, job((s) => Object.assign(s, { backoffLimit: 0, submissionMode: 'InteractiveMode' }))),
  accepted(`${J}BackoffLimit is nil and SubmissionMode is InteractiveMode`, job((s) => (s.submissionMode = 'InteractiveMode'))),
  rejected(`${J}ShutdownAfterJobFinishes is false and TTLSecondsAfterFinished is not zero`, 'kuberay/rayjob-ttl-requires-shutdown', job((s) => Object.assign(s, { shutdownAfterJobFinishes: false, ttlSecondsAfterFinished: 5 }))),
  accepted(`${J}ShutdownAfterJobFinishes is true and TTLSecondsAfterFinished is not zero`, job((s) => (s.ttlSecondsAfterFinished = 5))),
  rejected(`${J}ShutdownAfterJobFinishes is true and TTLSecondsAfterFinished is negative`, 'kuberay/rayjob-ttl-non-negative', job((s) => (s.ttlSecondsAfterFinished = -5))),
  accepted(`${J}SidecarMode`, job((s) => (s.submissionMode = 'SidecarMode'))),
  rejected(`${J}SidecarMode doesn't support SubmitterPodTemplate`, 'kuberay/rayjob-sidecar-mode', job((s) => {
    s.submissionMode = 'SidecarMode';
    s.submitterPodTemplate = { spec: { restartPolicy: 'Never', containers: [{ ...head(rayJob()).template.spec.containers[0], name: 'ray-job-submitter' }] } };
  })),
  rejected(`${J}SidecarMode doesn't support SubmitterConfig`, 'kuberay/rayjob-sidecar-mode', job((s) => Object.assign(s, { submissionMode: 'SidecarMode', submitterConfig: { backoffLimit: 1 } }))),
  rejected(`${J}SidecarMode RayCluster head pod should only be Never or unset`, 'kuberay/rayjob-sidecar-mode', job((s) => {
    s.submissionMode = 'SidecarMode';
    s.rayClusterSpec.headGroupSpec.template.spec.restartPolicy = 'Always';
  })),
  rejected(`${J}SidecarMode doesn't support ClusterSelector`, 'kuberay/rayjob-cluster-selector-compat', selector({ submissionMode: 'SidecarMode' })),
  rejected(`${J}failed to get cluster name in ClusterSelector map`, 'kuberay/rayjob-cluster-selector-name', selector({ clusterSelector: { 'ray.io/node-type': 'head' } })),
  rejected(`${J}cluster name in ClusterSelector is empty`, 'kuberay/rayjob-cluster-selector-name', selector({ clusterSelector: { 'ray.io/cluster': '' } })),
  accepted(`${J}cluster name in ClusterSelector is not empty`, selector({})),
  rejected(`${J}BackoffLimit > 0 is incompatible with ClusterSelector mode`, 'kuberay/rayjob-cluster-selector-compat', selector({ backoffLimit: 1 })),
  rejected(`${J}RayJob does not support K8s token auth mode`, 'kuberay/k8s-token-auth-unsupported', edit(() => rayJob({ ...rayJobSpec(), rayClusterSpec: clusterSpec('2.55.0') }), (o) => (o.spec.rayClusterSpec.authOptions = { mode: 'token', enableK8sTokenAuth: true }))),
];

const F = 'TestValidateRayJobSpecWithFeatureGate/';
const legacy = (onSuccess?: Obj, onFailure?: Obj) => ({ ...(onSuccess ? { onSuccess } : {}), ...(onFailure ? { onFailure } : {}) });
const rules = (deletionRules: Obj[]) => job((s) => Object.assign(s, { shutdownAfterJobFinishes: false, deletionStrategy: { deletionRules } }));
const rule = (policy: string, condition: Obj) => ({ policy, condition });
const autoscaled = (s: Obj) => (s.rayClusterSpec.enableInTreeAutoscaling = true);
const DELETION: UpstreamCase[] = [
  rejected(`${F}the ClusterSelector mode doesn't support DeletionStrategy=DeleteCluster`, 'kuberay/deletion-legacy-policy-context', selector({ deletionStrategy: legacy({ policy: 'DeleteCluster' }, { policy: 'DeleteCluster' }) })),
  rejected(`${F}the ClusterSelector mode doesn't support DeletionStrategy=DeleteWorkers`, 'kuberay/deletion-legacy-policy-context', selector({ deletionStrategy: legacy({ policy: 'DeleteWorkers' }, { policy: 'DeleteWorkers' }) })),
  rejected(`${F}DeletionStrategy=DeleteWorkers currently does not support RayCluster with autoscaling enabled`, 'kuberay/deletion-legacy-policy-context', job((s) => {
    autoscaled(s);
    Object.assign(s, { shutdownAfterJobFinishes: false, deletionStrategy: legacy({ policy: 'DeleteWorkers' }, { policy: 'DeleteWorkers' }) });
  })),
  accepted(`${F}valid RayJob with DeletionStrategy=DeleteCluster`, job((s) => Object.assign(s, { shutdownAfterJobFinishes: false, deletionStrategy: legacy({ policy: 'DeleteCluster' }, { policy: 'DeleteCluster' }) }))),
  accepted(`${F}valid RayJob without DeletionStrategy`, () => rayJob()),
  rejected(`${F}shutdownAfterJobFinshes is set to 'true' while deletion policy is 'DeleteNone'`, 'kuberay/deletion-legacy-policy-context', job((s) => (s.deletionStrategy = legacy({ policy: 'DeleteNone' }, { policy: 'DeleteNone' })))),
  rejected(`${F}OnSuccess unset`, 'kuberay/deletion-legacy-complete', job((s) => Object.assign(s, { shutdownAfterJobFinishes: false, deletionStrategy: legacy(undefined, { policy: 'DeleteCluster' }) }))),
  rejected(`${F}OnSuccess.DeletionPolicyType unset`, 'kuberay/deletion-legacy-complete', job((s) => Object.assign(s, { shutdownAfterJobFinishes: false, deletionStrategy: legacy({}, { policy: 'DeleteCluster' }) }))),
  rejected(`${F}OnFailure unset`, 'kuberay/deletion-legacy-complete', job((s) => Object.assign(s, { shutdownAfterJobFinishes: false, deletionStrategy: legacy({ policy: 'DeleteCluster' }) }))),
  rejected(`${F}OnFailure.DeletionPolicyType unset`, 'kuberay/deletion-legacy-complete', job((s) => Object.assign(s, { shutdownAfterJobFinishes: false, deletionStrategy: legacy({ policy: 'DeleteCluster' }, {}) }))),
  rejected(`${F}headGroupSpec should have at least one container`, 'kuberay/head-container-required', job((s) => (s.rayClusterSpec.headGroupSpec.template.spec.containers = []))),
  accepted(`${F}valid deletionRules`, rules([rule('DeleteCluster', { jobStatus: 'SUCCEEDED', ttlSeconds: 10 }), rule('DeleteSelf', { jobStatus: 'FAILED', ttlSeconds: 0 })])),
  rejected(`${F}deletionRules and ShutdownAfterJobFinishes both set`, 'kuberay/deletion-rules-exclude-shutdown', edit(rules([rule('DeleteCluster', { jobStatus: 'SUCCEEDED' })]), (o) => (o.spec.shutdownAfterJobFinishes = true))),
  rejected(`${F}deletionRules and legacy onSuccess both set`, 'kuberay/deletion-strategy-form', edit(rules([rule('DeleteCluster', { jobStatus: 'SUCCEEDED' })]), (o) => (o.spec.deletionStrategy.onSuccess = { policy: 'DeleteCluster' }))),
  rejected(`${F}nil DeletionStrategy`, 'kuberay/deletion-strategy-form', job((s) => Object.assign(s, { shutdownAfterJobFinishes: false, deletionStrategy: {} }))),
  rejected(`${F}empty DeletionStrategy`, 'kuberay/deletion-strategy-form', job((s) => Object.assign(s, { shutdownAfterJobFinishes: false, deletionStrategy: { deletionRules: [] } }))),
  rejected(`${F}duplicate rule in deletionRules`, 'kuberay/deletion-rules-unique', rules([rule('DeleteCluster', { jobStatus: 'SUCCEEDED', ttlSeconds: 10 }), rule('DeleteCluster', { jobStatus: 'SUCCEEDED', ttlSeconds: 20 })])),
  rejected(`${F}negative TTLSeconds in deletionRules`, 'kuberay/deletion-rule-condition', rules([rule('DeleteCluster', { jobStatus: 'SUCCEEDED', ttlSeconds: -10 })])),
  rejected(`${F}deletionRules with ClusterSelector and DeleteWorkers policy`, 'kuberay/deletion-rule-policy-context', selector({ deletionStrategy: { deletionRules: [rule('DeleteWorkers', { jobStatus: 'SUCCEEDED' })] } })),
  rejected(`${F}deletionRules with ClusterSelector and DeleteCluster policy`, 'kuberay/deletion-rule-policy-context', selector({ deletionStrategy: { deletionRules: [rule('DeleteCluster', { jobStatus: 'SUCCEEDED' })] } })),
  rejected(`${F}deletionRules with autoscaling and DeleteWorkers policy`, 'kuberay/deletion-rule-policy-context', edit(rules([rule('DeleteWorkers', { jobStatus: 'SUCCEEDED' })]), (o) => autoscaled(o.spec))),
  rejected(`${F}inconsistent TTLs in deletionRules (DeleteCluster < DeleteWorkers)`, 'kuberay/deletion-rules-ttl-order', rules([rule('DeleteWorkers', { jobStatus: 'SUCCEEDED', ttlSeconds: 20 }), rule('DeleteCluster', { jobStatus: 'SUCCEEDED', ttlSeconds: 10 })])),
  rejected(`${F}inconsistent TTLs in deletionRules (DeleteSelf < DeleteCluster)`, 'kuberay/deletion-rules-ttl-order', rules([rule('DeleteCluster', { jobStatus: 'SUCCEEDED', ttlSeconds: 20 }), rule('DeleteSelf', { jobStatus: 'SUCCEEDED', ttlSeconds: 10 })])),
  accepted(`${F}valid complex deletionRules`, rules([
    rule('DeleteWorkers', { jobStatus: 'SUCCEEDED', ttlSeconds: 10 }),
    rule('DeleteCluster', { jobStatus: 'SUCCEEDED', ttlSeconds: 20 }),
    rule('DeleteSelf', { jobStatus: 'SUCCEEDED', ttlSeconds: 30 }),
    rule('DeleteNone', { jobStatus: 'FAILED' }),
  ])),
  accepted(`${F}valid deletionRules with JobDeploymentStatus=Failed`, rules([rule('DeleteCluster', { jobDeploymentStatus: 'Failed', ttlSeconds: 10 })])),
  rejected(`${F}invalid: both JobStatus and JobDeploymentStatus set`, 'kuberay/deletion-rule-condition', rules([rule('DeleteCluster', { jobStatus: 'FAILED', jobDeploymentStatus: 'Failed' })])),
  rejected(`${F}invalid: neither JobStatus nor JobDeploymentStatus set`, 'kuberay/deletion-rule-condition', rules([rule('DeleteCluster', { ttlSeconds: 10 })])),
  rejected(`${F}duplicate rule with JobDeploymentStatus`, 'kuberay/deletion-rules-unique', rules([rule('DeleteCluster', { jobDeploymentStatus: 'Failed', ttlSeconds: 10 }), rule('DeleteCluster', { jobDeploymentStatus: 'Failed', ttlSeconds: 20 })])),
  accepted(`${F}valid: mixed JobStatus and JobDeploymentStatus rules`, rules([rule('DeleteCluster', { jobStatus: 'SUCCEEDED', ttlSeconds: 10 }), rule('DeleteCluster', { jobDeploymentStatus: 'Failed', ttlSeconds: 20 })])),
  rejected(`${F}inconsistent TTLs with JobDeploymentStatus (DeleteCluster < DeleteWorkers)`, 'kuberay/deletion-rules-ttl-order', rules([rule('DeleteWorkers', { jobDeploymentStatus: 'Failed', ttlSeconds: 20 }), rule('DeleteCluster', { jobDeploymentStatus: 'Failed', ttlSeconds: 10 })])),
  rejected('TestValidateRayJobSpec (RayJobDeletionPolicy off)/deletionStrategy needs the gate', 'kuberay/deletion-strategy-requires-gate', job((s) => Object.assign(s, { shutdownAfterJobFinishes: false, deletionStrategy: legacy({ policy: 'DeleteCluster' }, { policy: 'DeleteCluster' }) })), { RayJobDeletionPolicy: false }),
];

const M = 'TestValidateRayJobMetadata/';
const METADATA: UpstreamCase[] = [
  rejected(`${M}name longer than MaxRayJobNameLength`, 'kuberay/name-max-length', () => rayJob(rayJobSpec(), 'j'.repeat(48))),
  rejected(`${M}name of digits is not a DNS1035 label`, 'kuberay/name-dns1035-label', () => rayJob(rayJobSpec(), '1'.repeat(47))),
  accepted(`${M}name of MaxRayJobNameLength characters`, () => rayJob(rayJobSpec(), 'j'.repeat(47))),
  rejected('rayjob_webhook_test/name too long', 'kuberay/name-max-length', () => rayJob(rayJobSpec(), 'j'.repeat(48))),
  rejected('rayjob_webhook_test/invalid.name', 'kuberay/name-dns1035-label', () => rayJob(rayJobSpec(), 'invalid.name')),
];

export const RAYJOB_CASES: readonly UpstreamCase[] = [...SPEC, ...DELETION, ...METADATA];
