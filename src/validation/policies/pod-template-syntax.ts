import { type ArgoWorkflowSpec, argoWorkflowSpec } from '../../k8s/argo-workflows';
import { fieldPath, formatPath } from '../../k8s/field-path';
import { IMAGE_REFERENCE_FORM, imageReferenceProblem } from '../../k8s/image-reference';
import { Json, objectItems, objectOrUndefined } from '../../k8s/json';
import { DNS_1123_LABEL_FORM, QUALIFIED_NAME_PART_FORM, isDns1123Label, isLabelValue } from '../../k8s/names';
import { type PodTemplateRef, podTemplates } from '../../k8s/pod-templates';
import { parseQuantity } from '../../k8s/quantity';
import { Finding } from '../finding';
import { labelFindings, objectMetaFindings, qualifiedNameProblem } from '../schema/object-meta';
import { show } from '../schema/messages';
import { ObjectPolicy } from './policy';
import { containerReferenceFindings, volumeReferenceFindings } from './pod-references';

// Sources: Kubernetes pkg/apis/core/validation/validation.go (v1.33): ValidatePodSpec
// (nodeSelector through ValidateLabels), ValidateTolerations, ValidateNodeSelectorRequirement,
// validateContainers (names: DNS-1123 labels, unique across init and regular containers) and
// ValidatePodTemplateSpec (the template's labels and annotations); kubelet's image name parsing
// (`imageReferenceProblem`).

/** Where a pod's scheduling fields and the metadata its pods get sit in an object. */
interface PodSite {
  /** Holds `nodeSelector`, `tolerations` and `affinity` (a pod spec, an Argo template or workflow spec). */
  readonly fields: Json;
  readonly path: string;
  /** `labels` and `annotations` the pods get, and where. */
  readonly meta?: { readonly value: Json; readonly path: string };
}

/**
 * Every place pods are described: a pod template's spec with the metadata beside it (a Pod's own
 * metadata is the object's, checked by the schema layer), or, in an Argo workflow, the workflow
 * spec (its `podMetadata`) and each template, whose own fields Argo puts on the pod it runs.
 */
function podSites(workflow: ArgoWorkflowSpec | undefined, templates: readonly PodTemplateRef[]): PodSite[] {
  if (workflow) {
    const base = formatPath(workflow.path);
    const site = (fields: Json, path: string, metaKey: 'podMetadata' | 'metadata'): PodSite => {
      const value = objectOrUndefined(fields[metaKey]);
      return value ? { fields, path, meta: { value, path: fieldPath(path, metaKey) } } : { fields, path };
    };
    return [
      site(workflow.spec, base, 'podMetadata'),
      ...objectItems(workflow.spec.templates).map(({ item, index }) => site(item, fieldPath(base, 'templates', index), 'metadata')),
    ];
  }
  return templates.map((ref) => ({ fields: ref.spec, path: ref.path, ...(ref.metadata ? { meta: ref.metadata } : {}) }));
}

const TOLERATION_OPERATORS = ['Equal', 'Exists'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const NODE_SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];

function tolerationFindings(tolerations: unknown, at: string): Omit<Finding, 'rule'>[] {
  return objectItems(tolerations).flatMap(({ item: t, index }) => {
    const path = (field: string) => fieldPath(at, index, field);
    const key = typeof t.key === 'string' ? t.key : '';
    const operator = typeof t.operator === 'string' ? t.operator : '';
    const value = typeof t.value === 'string' ? t.value : '';
    const effect = typeof t.effect === 'string' ? t.effect : '';
    const keyProblem = key === '' ? undefined : qualifiedNameProblem(key);
    return [
      ...(keyProblem ? [{ path: path('key'), message: `toleration key ${keyProblem}` }] : []),
      ...(key === '' && operator !== 'Exists'
        ? [{ path: path('operator'), message: `expected Exists when key is empty (it then matches every taint), got ${show(t.operator ?? '')}` }]
        : []),
      ...(operator !== '' && !TOLERATION_OPERATORS.includes(operator)
        ? [{ path: path('operator'), message: `expected one of ${TOLERATION_OPERATORS.join(', ')}, got ${show(operator)}` }]
        : []),
      ...(operator === 'Exists' && value !== ''
        ? [{ path: path('value'), message: `expected no value with operator Exists, got ${show(value)}` }]
        : []),
      ...((operator === '' || operator === 'Equal') && !isLabelValue(value)
        ? [{ path: path('value'), message: `expected a label value (${QUALIFIED_NAME_PART_FORM}), got ${show(value)}` }]
        : []),
      ...(effect !== '' && !TAINT_EFFECTS.includes(effect)
        ? [{ path: path('effect'), message: `expected one of ${TAINT_EFFECTS.join(', ')} (or none: every effect), got ${show(effect)}` }]
        : []),
      ...(t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && effect !== 'NoExecute'
        ? [{ path: path('effect'), message: `expected NoExecute when tolerationSeconds is set, got ${show(effect)}` }]
        : []),
    ];
  });
}

/** The node selector requirements of a node affinity, with their paths. */
function nodeSelectorRequirements(affinity: unknown, at: string): { item: Json; path: string }[] {
  const nodeAffinity = objectOrUndefined(objectOrUndefined(affinity)?.nodeAffinity);
  if (!nodeAffinity) return [];
  const required = fieldPath(at, 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms');
  const preferred = fieldPath(at, 'nodeAffinity', 'preferredDuringSchedulingIgnoredDuringExecution');
  const terms = [
    ...objectItems(nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).map(({ item, index }) => ({ term: item, path: fieldPath(required, index) })),
    ...objectItems(nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution).map(({ item, index }) => ({ term: item.preference ?? {}, path: fieldPath(preferred, index, 'preference') })),
  ];
  return terms.flatMap(({ term, path }) => objectItems(term.matchExpressions).map(({ item, index }) => ({ item, path: fieldPath(path, 'matchExpressions', index) })));
}

function affinityFindings(affinity: unknown, at: string): Omit<Finding, 'rule'>[] {
  return nodeSelectorRequirements(affinity, at).flatMap(({ item: r, path }) => {
    const key = typeof r.key === 'string' ? r.key : '';
    const keyProblem = qualifiedNameProblem(key);
    const values = Array.isArray(r.values) ? r.values.length : 0;
    const operator = String(r.operator ?? '');
    const count =
      operator === 'In' || operator === 'NotIn'
        ? values === 0 && 'at least one value with operator In or NotIn'
        : operator === 'Exists' || operator === 'DoesNotExist'
          ? values > 0 && 'no values with operator Exists or DoesNotExist'
          : (operator === 'Gt' || operator === 'Lt') && values !== 1 && 'exactly one value with operator Gt or Lt';
    return [
      ...(keyProblem ? [{ path: fieldPath(path, 'key'), message: `node selector requirement key ${keyProblem}` }] : []),
      ...(!NODE_SELECTOR_OPERATORS.includes(operator)
        ? [{ path: fieldPath(path, 'operator'), message: `expected one of ${NODE_SELECTOR_OPERATORS.join(', ')}, got ${show(r.operator ?? '')}` }]
        : []),
      ...(count ? [{ path: fieldPath(path, 'values'), message: `expected ${count}, got ${values}` }] : []),
    ];
  });
}

/**
 * Whether Kubernetes lets a resource's request be below its limit: the native resources
 * (`cpu`, `memory`, `ephemeral-storage`: no domain, or `kubernetes.io/`) except hugepages
 * (`IsOvercommitAllowed` in pkg/apis/core/helper). Extended resources such as `nvidia.com/gpu`
 * need requests equal to limits, which is policy/gpu-requests-equal-limits'.
 */
function isOvercommitAllowed(resource: string): boolean {
  return (!resource.includes('/') || resource.startsWith('kubernetes.io/')) && !resource.startsWith('hugepages-');
}

/**
 * A request above its limit (`ValidateResourceRequirements`: "must be less than or equal to cpu
 * limit of 1"), for the resources that may be overcommitted; a quantity that does not parse is
 * the schema check's.
 */
function requestFindings(container: Json, at: string): readonly Omit<Finding, 'rule'>[] {
  const resources = objectOrUndefined(container.resources);
  const requests = objectOrUndefined(resources?.requests);
  const limits = objectOrUndefined(resources?.limits);
  if (!requests || !limits) return NO_FINDINGS;
  let findings: Omit<Finding, 'rule'>[] | undefined;
  for (const resource in requests) {
    // Written the same (requests = limits, the common case): equal.
    if (!Object.hasOwn(requests, resource) || !Object.hasOwn(limits, resource) || requests[resource] === limits[resource] || !isOvercommitAllowed(resource)) continue;
    const [request, limit] = [parseQuantity(requests[resource]), parseQuantity(limits[resource])];
    if (request === undefined || limit === undefined || request <= limit) continue;
    (findings ??= []).push({
      path: fieldPath(at, 'resources', 'requests', resource),
      message:
        `container '${container.name ?? ''}' ${resource} request: expected at most its limit ${limits[resource]}, got ${requests[resource]} ` +
        `(the API server refuses such a Pod: "must be less than or equal to ${resource} limit")`,
    });
  }
  return findings ?? NO_FINDINGS;
}

const NO_FINDINGS: readonly Omit<Finding, 'rule'>[] = [];

/**
 * The checks the API server (or, for an image, kubelet) makes on the pods an object describes,
 * beyond what their schemas say: every pod template is judged as the Pod it becomes. A
 * Deployment's template is checked when it is applied, so Argo CD's sync fails; a pod template in
 * a KubeRay or Argo object only when KubeRay or Argo creates its Pod, which never runs. Checks:
 * the template's labels and annotations (as ObjectMeta's); `nodeSelector` (as labels);
 * tolerations (key a qualified name, operator Equal or Exists, a label value, an effect);
 * node-affinity requirements (key, operator and how many values); container names (DNS-1123
 * labels, unique in the pod); requests at most their limits (cpu, memory, ephemeral-storage); the
 * Secrets and ConfigMaps env, envFrom and volumes name (one source per `valueFrom`, names
 * DNS-1123 subdomains, keys of letters, digits, `-`, `_`, `.`);
 * images (a reference kubelet parses: `[host[:port]/]lowercase/path[:tag][@digest]`). A missing or padded image is
 * policy/container-image's.
 */
export const podTemplateSyntax: ObjectPolicy = {
  id: 'policy/pod-template-syntax',
  description: 'pod templates pass the checks the API server and kubelet make on the Pods they become (labels, nodeSelector, tolerations, node affinity, container names, requests within limits, Secret and ConfigMap references, image references)',
  check(obj) {
    const findings: Omit<Finding, 'rule'>[] = [];
    const workflow = argoWorkflowSpec(obj);
    const templates = podTemplates(obj);
    for (const { fields, path, meta } of podSites(workflow, templates)) {
      if (meta) findings.push(...objectMetaFindings({ labels: meta.value.labels, annotations: meta.value.annotations }, 'Pod', meta.path));
      findings.push(...labelFindings(fields.nodeSelector, fieldPath(path, 'nodeSelector'), 'nodeSelector'));
      findings.push(...tolerationFindings(fields.tolerations, fieldPath(path, 'tolerations')));
      findings.push(...affinityFindings(fields.affinity, fieldPath(path, 'affinity')));
    }
    const defaults = objectOrUndefined(workflow?.spec.templateDefaults?.container);
    const containers = [
      ...(workflow && defaults ? [{ path: fieldPath(formatPath(workflow.path), 'templateDefaults', 'container'), container: defaults }] : []),
      ...templates.flatMap((pod) => pod.containers),
    ];
    for (const pod of templates) findings.push(...volumeReferenceFindings(pod.spec, pod.path));
    for (const { path, container } of containers) {
      findings.push(...requestFindings(container, path), ...containerReferenceFindings(container, path));
      const image = container.image;
      if (typeof image !== 'string' || image.trim() === '' || image.trim() !== image) continue;
      const problem = imageReferenceProblem(image);
      if (problem) {
        findings.push({
          path: `${path}.image`,
          message: `container '${container.name ?? ''}' image: expected ${IMAGE_REFERENCE_FORM}, got ${show(image)}: ${problem} (its Pod fails with InvalidImageName)`,
        });
      }
    }
    // Argo names a template's container itself; Kubernetes and KubeRay pods take the names given.
    if (!workflow) {
      for (const pod of templates) {
        const seen = new Set<string>();
        for (const { path, container } of pod.containers) {
          if (typeof container.name !== 'string') continue;
          if (!isDns1123Label(container.name)) findings.push({ path: `${path}.name`, message: `expected ${DNS_1123_LABEL_FORM}, got ${show(container.name)}` });
          else if (seen.has(container.name)) findings.push({ path: `${path}.name`, message: `expected a container name unique in the pod (init containers included), got ${show(container.name)} again` });
          seen.add(container.name);
        }
      }
    }
    return findings.map((f) => ({ ...f, rule: this.id }));
  },
};
