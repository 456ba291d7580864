/**
 * The KubeRay release the project targets: the operator's Helm chart version Argo CD installs
 * (`src/argocd/kuberay-operator.ts`), and the release whose CRDs `cdk8s.yaml` imports and
 * `crds/crds.lock.json` carries (`v` + this). test/pinned-copies.test.ts keeps those copies equal.
 */
export const KUBERAY_VERSION = '1.7.0';
