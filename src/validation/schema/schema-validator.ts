import type { Finding } from '../finding';
import type { UnevaluatedRule } from './cel-rules';
import { crdSource } from './crd-source';
import { kubernetesModelsSource } from './kubernetes-models-source';
import type { KindValidator, SchemaSource } from './schema-source';

const RULE = 'schema';

/**
 * Checks Kubernetes objects against the schema of their kind, as strictly as the API server
 * with `fieldValidation=Strict` (how Argo CD applies): custom resources against their CRD
 * (`crd-source.ts`), core kinds against kubernetes-models (`kubernetes-models-source.ts`).
 * A kind no source knows is a warning, so nothing slips through unnoticed.
 *
 * Cheap to construct: each kind is loaded and compiled when an object of it is first seen,
 * once per validator. Use {@link SchemaValidator.shared} to compile once per process.
 */
export class SchemaValidator {
  private static instance: SchemaValidator | undefined;

  /** One validator for the whole process, so every kind compiles once. */
  static shared(): SchemaValidator {
    SchemaValidator.instance ??= new SchemaValidator();
    return SchemaValidator.instance;
  }

  private readonly sources: SchemaSource[];
  /** By apiVersion, then kind: two lookups of the object's own strings, no key built per object. */
  private readonly validators = new Map<string, Map<string, KindValidator | undefined>>();
  private readonly unevaluated = new Map<string, UnevaluatedRule>();

  /**
   * @param sources where schemas come from, asked in order
   * @default - the CRDs under `crdsDir()`, then kubernetes-models, then the Prometheus Operator's
   * kinds (PodMonitor, PrometheusRule, ...) from `@kubernetes-models/prometheus-operator`
   */
  constructor(sources?: readonly SchemaSource[]) {
    const onUnevaluated = (rule: UnevaluatedRule) => this.unevaluated.set(`${rule.kind}\n${rule.rule}`, rule);
    this.sources = [
      ...(sources ?? [crdSource({ onUnevaluated }), kubernetesModelsSource(), kubernetesModelsSource('@kubernetes-models/prometheus-operator')]),
    ];
  }

  /**
   * Adds a source of schemas, asked after the existing ones (e.g.
   * `kubernetesModelsSource('@kubernetes-models/prometheus-operator')` for PodMonitor).
   */
  registerSource(source: SchemaSource): void {
    this.sources.push(source);
    for (const byKind of this.validators.values()) for (const [kind, validator] of byKind) if (!validator) byKind.delete(kind);
  }

  /** The findings for one object; empty when it is valid. */
  validate(obj: Record<string, unknown>): Finding[] {
    const { apiVersion, kind } = obj;
    if (typeof apiVersion !== 'string' || apiVersion === '' || typeof kind !== 'string' || kind === '') {
      return [{ rule: RULE, path: '', message: 'an object needs a non-empty string apiVersion and kind' }];
    }
    const validator = this.validatorFor(apiVersion, kind);
    if (!validator) {
      const searched = this.sources.map((s) => s.name).join(', ');
      // Not an error: the object may be fine; it just could not be checked (e.g. a Gateway in `helm template` output).
      return [{ rule: RULE, path: '', severity: 'warning', message: `no schema known for ${apiVersion}/${kind}, not validated (searched: ${searched})` }];
    }
    return validator(obj);
  }

  /**
   * The `x-kubernetes-validations` rules met so far that were not evaluated, and why
   * (transition rules, functions the CEL library lacks): for a debug listing.
   */
  unevaluatedRules(): readonly UnevaluatedRule[] {
    return [...this.unevaluated.values()];
  }

  private validatorFor(apiVersion: string, kind: string): KindValidator | undefined {
    let byKind = this.validators.get(apiVersion);
    if (!byKind) this.validators.set(apiVersion, (byKind = new Map()));
    let found = byKind.get(kind);
    if (found === undefined && !byKind.has(kind)) {
      for (const source of this.sources) {
        found = source.validatorFor(apiVersion, kind);
        if (found) break;
      }
      byKind.set(kind, found);
    }
    return found;
  }
}
