import { fieldPath } from '../../k8s/field-path';
import { ClusterScope } from './cluster-scope';
import { asObject, asString, dig } from './json';
import { rayVersionShortfall } from './ray-version';
import { KubeRayRule, clusterRule, objectRule, when } from './rule';

// Upstream source: ray-operator/controllers/ray/utils/validation.go@v1.7.0:
// ValidateRayClusterSpec (authOptions: token mode needs Ray >= 2.52.0, enableK8sTokenAuth needs
// >= 2.55.0 and no secretName), ValidateRayJobSpec / ValidateRayServiceSpec (no K8s token
// auth); cases in ray-operator/controllers/ray/utils/validation_test.go@v1.7.0
// TestValidateRayClusterSpecRayVersionForAuth, TestValidateRayClusterSpec_Auth.

const TOKEN_AUTH_MIN_RAY_VERSION = '2.52.0';
const K8S_TOKEN_AUTH_MIN_RAY_VERSION = '2.55.0';

function authPath(cluster: ClusterScope, field: string): string {
  return fieldPath(cluster.path, 'authOptions', field);
}

function k8sTokenAuthEnabled(cluster: ClusterScope | undefined): boolean {
  return dig(cluster?.spec, 'authOptions', 'enableK8sTokenAuth') === true;
}

function tokenModeOn(cluster: ClusterScope): boolean {
  return dig(cluster.spec, 'authOptions', 'mode') === 'token';
}

const tokenAuthRayVersion = clusterRule({
  id: 'kuberay/auth-token-ray-version',
  description: `authOptions.mode 'token' needs rayVersion >= ${TOKEN_AUTH_MIN_RAY_VERSION}`,
  violations: (cluster) => {
    if (!tokenModeOn(cluster)) return [];
    const shortfall = rayVersionShortfall(
      asString(cluster.spec.rayVersion),
      TOKEN_AUTH_MIN_RAY_VERSION,
      "authOptions.mode 'token'",
    );
    return when(shortfall !== undefined, fieldPath(cluster.path, 'rayVersion'), shortfall ?? '');
  },
});

const k8sTokenAuth = clusterRule({
  id: 'kuberay/k8s-token-auth',
  description: `authOptions.enableK8sTokenAuth needs mode 'token', rayVersion >= ${K8S_TOKEN_AUTH_MIN_RAY_VERSION} and no secretName`,
  violations: (cluster) => {
    if (!k8sTokenAuthEnabled(cluster)) return [];
    if (!tokenModeOn(cluster)) {
      return [
        {
          path: authPath(cluster, 'enableK8sTokenAuth'),
          message: "authOptions.enableK8sTokenAuth is true but authOptions.mode is not 'token', expected mode 'token'",
        },
      ];
    }
    const shortfall = rayVersionShortfall(
      asString(cluster.spec.rayVersion),
      K8S_TOKEN_AUTH_MIN_RAY_VERSION,
      'authOptions.enableK8sTokenAuth',
    );
    const secretName = asString(asObject(cluster.spec.authOptions)?.secretName) ?? '';
    return [
      ...when(shortfall !== undefined, fieldPath(cluster.path, 'rayVersion'), shortfall ?? ''),
      ...when(
        secretName !== '',
        authPath(cluster, 'secretName'),
        `authOptions.secretName '${secretName}' is set together with enableK8sTokenAuth, expected it unset`,
      ),
    ];
  },
});

const k8sTokenAuthUnsupported = objectRule(['RayJob', 'RayService'], {
  id: 'kuberay/k8s-token-auth-unsupported',
  description: 'RayJob and RayService clusters do not enable authOptions.enableK8sTokenAuth',
  violations: (_obj, ctx) =>
    ctx.cluster !== undefined && k8sTokenAuthEnabled(ctx.cluster)
      ? [
          {
            path: authPath(ctx.cluster, 'enableK8sTokenAuth'),
            message: `authOptions.enableK8sTokenAuth is not supported for a ${ctx.kind}, expected it unset or false`,
          },
        ]
      : [],
});

export const AUTH_RULES: readonly KubeRayRule[] = [tokenAuthRayVersion, k8sTokenAuth, k8sTokenAuthUnsupported];
