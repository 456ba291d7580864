/**
 * A model of how Argo Workflows v4.1.2 decides a `resource` step, to test our conditions
 * against RayJob status objects without a cluster:
 *
 * - the condition strings are parsed by Kubernetes' label-selector parser
 *   (`src/k8s/label-selector.ts`, which validation uses too);
 * - keys are gjson paths into the live object; a requirement matches as
 *   `labels.Requirement.Matches` does (`in`/`=`/`==` need the key, `notin`/`!=` hold when it
 *   is missing, `exists`, `!key`, `gt`/`lt` on integers);
 * - `matchConditions` (workflow/executor/resource.go): ANY failure requirement that matches
 *   fails the step; otherwise the step succeeds once ALL success requirements match (so an
 *   empty success list succeeds at once); otherwise it keeps waiting.
 */

import { parseSelector, type Requirement } from '../../src/k8s/label-selector';

export { parseSelector, type Requirement };

/** The outcome of one poll of the watched object. */
export type StepState = 'succeeded' | 'failed' | 'waiting';

/** gjson `Get(path)` for plain dotted paths (`\.` escapes a dot, numbers index arrays). */
function lookup(obj: unknown, key: string): { exists: boolean; text: string } {
  const parts = key.split(/(?<!\\)\./).map((p) => p.replace(/\\\./g, '.'));
  let current: unknown = obj;
  for (const part of parts) {
    if (current === null || typeof current !== 'object') return { exists: false, text: '' };
    const container = current as Record<string, unknown>;
    if (!(part in container)) return { exists: false, text: '' };
    current = container[part];
  }
  if (current === undefined) return { exists: false, text: '' };
  // gjson's String(): strings raw, null empty, numbers and booleans as written, objects as JSON.
  const text = current === null ? '' : typeof current === 'object' ? JSON.stringify(current) : String(current);
  return { exists: true, text };
}

/** `labels.Requirement.Matches` over the object. */
export function matches(req: Requirement, obj: unknown): boolean {
  const { exists, text } = lookup(obj, req.key);
  switch (req.operator) {
    case 'in':
    case '=':
    case '==':
      return exists && req.values.includes(text);
    case 'notin':
    case '!=':
      return !exists || !req.values.includes(text);
    case 'exists':
      return exists;
    case '!':
      return !exists;
    case 'gt':
    case 'lt': {
      if (!exists || !/^[-+]?\d+$/.test(text)) return false;
      const [have, want] = [Number(text), Number(req.values[0])];
      return req.operator === 'gt' ? have > want : have < want;
    }
  }
}

/** One poll of Argo's wait loop for a step with these conditions. */
export function resourceStepState(obj: unknown, successCondition: string, failureCondition: string): StepState {
  if (parseSelector(failureCondition).some((req) => matches(req, obj))) return 'failed';
  return parseSelector(successCondition).every((req) => matches(req, obj)) ? 'succeeded' : 'waiting';
}
