#!/usr/bin/env bash
# Builds the control-plane binaries into the cache outside the clone, unless they are there
# already: kube-apiserver, kube-scheduler, kube-controller-manager, kubectl and kwok from this
# module, and the KubeRay operator from its own module. Prints the binary directories.
set -euo pipefail
source "$(dirname "$0")/versions.sh"

# Without these the server reports v0.0.0-master+$Format:%H$, which kubectl cannot parse.
version_ldflags() {
  local minor="${K8S_VERSION#v1.}"
  minor="${minor%%.*}"
  local pkg flags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
  done
  echo "$flags"
}

build_kubernetes() {
  [[ -x "$K8S_BIN/kwok" ]] && return
  echo "building Kubernetes $K8S_VERSION and kwok $KWOK_VERSION into $K8S_BIN (first time: minutes)" >&2
  local staging="$K8S_BIN.partial"
  rm -rf "$staging" && mkdir -p "$staging"
  (cd "$GO_MODULE_DIR" && nice go build -o "$staging/" -ldflags "$(version_ldflags)" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-scheduler \
    k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kubectl \
    sigs.k8s.io/kwok/cmd/kwok)
  mv "$staging" "$K8S_BIN"
}

# `go install ...@v1.6.2` fails here (its deprecation check reads @v/list, which the proxy
# refuses), so the module is downloaded, copied out of the read-only cache and built in place.
build_kuberay() {
  [[ -x "$KUBERAY_BIN/kuberay-operator" ]] && return
  echo "building KubeRay operator $KUBERAY_VERSION into $KUBERAY_BIN" >&2
  local module="github.com/ray-project/kuberay/ray-operator@$KUBERAY_VERSION"
  local src work="$CLUSTER_CACHE/src/kuberay-$KUBERAY_VERSION"
  src="$(cd / && go mod download -json "$module" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')"
  rm -rf "$work" && mkdir -p "$(dirname "$work")" && cp -r "$src" "$work" && chmod -R u+w "$work"
  rm -rf "$KUBERAY_BIN.partial" && mkdir -p "$KUBERAY_BIN.partial"
  (cd "$work" && GOFLAGS="-mod=mod -buildvcs=false" nice go build -ldflags "-s -w" \
    -o "$KUBERAY_BIN.partial/kuberay-operator" .)
  mv "$KUBERAY_BIN.partial" "$KUBERAY_BIN"
}

# Two test runs on one machine must not build into the same staging directory.
mkdir -p "$CLUSTER_CACHE"
exec 9>"$CLUSTER_CACHE/build.lock"
flock 9
build_kubernetes
build_kuberay
echo "$K8S_BIN"
echo "$KUBERAY_BIN"
