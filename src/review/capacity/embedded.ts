import { parse } from 'yaml';
import { Json } from '../../validation/pods';

/** The workflow spec of an Argo object (`spec`, or `spec.workflowSpec` of a CronWorkflow). */
export function workflowSpec(obj: Json): Json | undefined {
  if (!String(obj.apiVersion ?? '').startsWith('argoproj.io/')) return undefined;
  if (obj.kind === 'CronWorkflow') return obj.spec?.workflowSpec;
  return obj.kind === 'WorkflowTemplate' || obj.kind === 'Workflow' || obj.kind === 'ClusterWorkflowTemplate' ? obj.spec : undefined;
}

/** An object an Argo `resource` template creates when its step runs. */
export interface EmbeddedObject {
  /** Name of the template that creates it. */
  readonly template: string;
  readonly object: Json;
}

/**
 * Objects created by the `resource` templates of a workflow (a RayJob per pipeline stage).
 * They are not synced by Argo CD, yet they are what a run schedules, so capacity counts them.
 */
export function embeddedObjects(obj: Json): EmbeddedObject[] {
  return ((workflowSpec(obj)?.templates ?? []) as Json[]).flatMap((t) => {
    if (typeof t.resource?.manifest !== 'string') return [];
    const object = parse(t.resource.manifest) as Json | null;
    return object && typeof object === 'object' ? [{ template: String(t.name), object }] : [];
  });
}
