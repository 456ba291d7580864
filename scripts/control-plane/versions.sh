# Versions and cache locations of the loopback control plane; sourced by the other scripts.
#
# Kubernetes v1.36.3: the module proxy serves it whole (v1.32.x lacks staging modules there) and
# it shares its k8s.io library line with kwok v0.8.0, so both build in one module and reuse the
# compiled libraries. KubeRay v1.6.2: the newest ray-operator the proxy serves (v1.7.0's zip is
# 403 there); it runs against the v1.7.0 CRDs the repository targets.

K8S_VERSION=v1.36.3
KWOK_VERSION=v0.8.0
KUBERAY_VERSION=v1.6.2
# The release @kubernetes-models/prometheus-operator 4.4.4 (our PodMonitor/PrometheusRule types) was
# generated from; only its CRDs are used.
PROMETHEUS_OPERATOR_VERSION=v0.65.1

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
# The Go module that builds the control plane, and the kwok stages it runs with.
GO_MODULE_DIR="$REPO_ROOT/e2e/control-plane"
CLUSTER_CACHE="${RAY_GITOPS_CACHE:-$HOME/.cache/ray-gitops}/cluster"
# Own Go caches so that a cold build is measurable and the ~5 GB never land in the clone.
export GOMODCACHE="$CLUSTER_CACHE/go/mod"
export GOCACHE="$CLUSTER_CACHE/go/build"
export GOFLAGS=-buildvcs=false
export GOTOOLCHAIN=local

# Binaries are keyed by everything that decides their contents, so a version bump rebuilds.
module_key="$(cat "$GO_MODULE_DIR/go.mod" "$GO_MODULE_DIR/go.sum" "$GO_MODULE_DIR/tools.go" | sha256sum | cut -c1-12)"
K8S_BIN="$CLUSTER_CACHE/bin/k8s-$K8S_VERSION-$module_key"
KUBERAY_BIN="$CLUSTER_CACHE/bin/kuberay-$KUBERAY_VERSION"
