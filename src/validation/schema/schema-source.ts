import type { Finding } from '../finding';

/** Checks one object of a kind its source knows; returns its findings (none when valid). */
export type KindValidator = (obj: Record<string, unknown>) => Finding[];

/**
 * Somewhere schemas come from: the CRD directory, a kubernetes-models package. The
 * `SchemaValidator` asks its sources in order and uses the first that knows a kind.
 *
 * To validate more kinds (e.g. prometheus-operator's PodMonitor) register another source:
 * `SchemaValidator.shared().registerSource(kubernetesModelsSource('@kubernetes-models/prometheus-operator'))`,
 * or implement this interface over any schema you have.
 */
export interface SchemaSource {
  /** For messages: where the schemas come from, e.g. `kubernetes-models`. */
  readonly name: string;
  /**
   * The validator for `apiVersion`/`kind`, or `undefined` when this source does not know the
   * kind. Called once per kind and process; a source may compile here.
   */
  validatorFor(apiVersion: string, kind: string): KindValidator | undefined;
}

/** Splits `apps/v1` into `apps` and `v1`; the core group (`v1`) is the empty string. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
