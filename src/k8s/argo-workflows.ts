import { formatPath } from './field-path';
import { parseYamlDocument } from './yaml-documents';
import { Json, objectItems } from './json';

/** The workflow spec of an Argo object and its path (`spec`, or `spec.workflowSpec` of a CronWorkflow). */
export interface ArgoWorkflowSpec {
  readonly spec: Json;
  readonly path: string[];
}

const WORKFLOW_KINDS = ['Workflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate'];

/** The workflow spec of a Workflow, (Cluster)WorkflowTemplate or CronWorkflow; undefined for other objects. */
export function argoWorkflowSpec(obj: Json): ArgoWorkflowSpec | undefined {
  if (!String(obj.apiVersion ?? '').startsWith('argoproj.io/')) return undefined;
  if (obj.kind === 'CronWorkflow') return { spec: obj.spec?.workflowSpec ?? {}, path: ['spec', 'workflowSpec'] };
  return WORKFLOW_KINDS.includes(obj.kind) ? { spec: obj.spec ?? {}, path: ['spec'] } : undefined;
}

/** An object an Argo `resource` template creates when its step runs (a RayJob per pipeline stage). */
export interface EmbeddedObject {
  /** Name of the template that creates it. */
  readonly template: string;
  /** Path of the manifest string in the workflow object. */
  readonly path: string;
  readonly object: Json;
}

/** The parsed manifest of each `resource` template, with the text it was parsed from. */
const parsed = new WeakMap<Json, { readonly text: string; readonly object: unknown }>();

/** The object of a template's manifest string, parsed once however many checks ask for it. */
function manifestObject(template: Json, text: string): unknown {
  let entry = parsed.get(template);
  if (entry?.text !== text) {
    entry = { text, object: parseYamlDocument(text) };
    parsed.set(template, entry);
  }
  return entry.object;
}

/**
 * Objects created by the `resource` templates of a workflow. Argo CD does not sync them, yet
 * they are what a run creates: validation, capacity and volume checks treat them like the rest.
 * Each manifest is parsed once and the object shared by every caller: do not change it.
 */
export function embeddedObjects(obj: Json): EmbeddedObject[] {
  const workflow = argoWorkflowSpec(obj);
  if (!workflow) return [];
  return objectItems(workflow.spec.templates).flatMap(({ item: t, index: i }) => {
    if (typeof t.resource?.manifest !== 'string') return [];
    const object = manifestObject(t, t.resource.manifest) as Json | null | undefined;
    return object && typeof object === 'object'
      ? [{ template: String(t.name), path: formatPath([...workflow.path, 'templates', i, 'resource', 'manifest']), object }]
      : [];
  });
}
