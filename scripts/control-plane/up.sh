#!/usr/bin/env bash
# Starts a Kubernetes control plane on loopback in <dir>: etcd (Debian), kube-apiserver,
# kube-scheduler, kwok (simulated kubelets), the CRDs of KubeRay, Argo Workflows, Argo CD and
# prometheus-operator, kube-controller-manager and the KubeRay operator. Builds the binaries on
# first use.
# Leaves <dir>/admin.kubeconfig, <dir>/kubectl (a link to the matching client), one <name>.log
# and <name>.pid per process; scripts/control-plane/down.sh <dir> stops them.
# Ports are picked at random so that runs on one machine do not collide.
set -euo pipefail
dir="$(mkdir -p "$1" && cd "$1" && pwd)"
source "$(dirname "$0")/versions.sh"
# The upstream CRDs the repository carries (gzipped), or $RAY_GITOPS_CRDS_DIR's (*.yaml or *.yaml.gz).
crds="${RAY_GITOPS_CRDS_DIR:-$REPO_ROOT/crds}"
mapfile -t crd_files < <(find "$crds" -name '*.yaml' -o -name '*.yaml.gz' | sort)
((${#crd_files[@]})) || { echo "CRD folder '$crds': expected *.yaml or *.yaml.gz files in it, found none" >&2; exit 1; }

if ! command -v etcd >/dev/null; then
  echo "installing etcd-server from Debian" >&2
  sudo_if_needed() { if [[ $(id -u) == 0 ]]; then "$@"; else sudo "$@"; fi; }
  sudo_if_needed apt-get install -y etcd-server >&2 ||
    { sudo_if_needed apt-get update >&2 && sudo_if_needed apt-get install -y etcd-server >&2; }
fi
"$SCRIPT_DIR/build.sh" >/dev/null
ln -sf "$K8S_BIN/kubectl" "$dir/kubectl"
kubectl() { "$K8S_BIN/kubectl" --kubeconfig "$dir/admin.kubeconfig" "$@"; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
base=$((20000 + RANDOM % 30000))
for offset in 0 1 2 3 4 5; do
  port_free $((base + offset)) || { echo "port $((base + offset)) is taken; run again" >&2; exit 1; }
done
etcd_port=$base peer_port=$((base + 1)) api_port=$((base + 2)) kwok_port=$((base + 3))
operator_metrics=$((base + 4)) operator_health=$((base + 5))

"$SCRIPT_DIR/certs.sh" "$dir" "https://127.0.0.1:$api_port"

start() { # name command...
  local name="$1"
  shift
  "$@" </dev/null >"$dir/$name.log" 2>&1 &
  echo $! >"$dir/$name.pid"
}

wait_for() { # what seconds command...
  local what="$1" deadline=$((SECONDS + $2))
  shift 2
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS > deadline)); then
      echo "timed out waiting for $what; last log lines:" >&2
      tail -n 30 "$dir/$what.log" >&2
      return 1
    fi
    sleep 0.2
  done
}

start etcd etcd --name default --data-dir "$dir/etcd" \
  --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
  --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
  --initial-cluster "default=http://127.0.0.1:$peer_port"

# TaintNodesByCondition is off because no node-lifecycle controller would lift the not-ready taint
# from kwok's nodes; ServiceAccount admission stays on (kube-controller-manager creates the
# accounts) so that a pod naming a missing ServiceAccount is rejected as on a real cluster.
start kube-apiserver "$K8S_BIN/kube-apiserver" --etcd-servers "http://127.0.0.1:$etcd_port" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
  --tls-cert-file "$dir/apiserver.crt" --tls-private-key-file "$dir/apiserver.key" --client-ca-file "$dir/ca.crt" \
  --service-account-key-file "$dir/sa.pub" --service-account-signing-key-file "$dir/sa.key" \
  --service-account-issuer https://kubernetes.default.svc --service-cluster-ip-range 10.96.0.0/12 \
  --authorization-mode RBAC --disable-admission-plugins TaintNodesByCondition \
  --endpoint-reconciler-type none --profiling=false
wait_for kube-apiserver 90 kubectl get --raw /readyz

start kube-scheduler "$K8S_BIN/kube-scheduler" --kubeconfig "$dir/admin.kubeconfig" --leader-elect=false --secure-port 0

stages="$GOMODCACHE/sigs.k8s.io/kwok@$KWOK_VERSION/kustomize/stage"
for stage in node/fast/node-initialize node/heartbeat/node-heartbeat pod/fast/pod-ready pod/fast/pod-complete pod/fast/pod-delete; do
  cat "$stages/$stage.yaml"
  echo ---
done >"$dir/kwok-stages.yaml"
cat "$GO_MODULE_DIR/kwok-provisioner.yaml" >>"$dir/kwok-stages.yaml"
start kwok "$K8S_BIN/kwok" --kubeconfig "$dir/admin.kubeconfig" --config "$dir/kwok-stages.yaml" \
  --manage-all-nodes=false --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
  --manage-nodes-with-label-selector= --cidr 10.244.0.0/16 --node-ip 10.0.0.10 \
  --server-address "127.0.0.1:$kwok_port"

for file in "${crd_files[@]}"; do
  if [[ $file == *.gz ]]; then gzip -dc "$file"; else cat "$file"; fi |
    kubectl apply --server-side --field-manager ray-gitops-test -f - >/dev/null
done
# PodMonitor and PrometheusRule, from the prometheus-operator release our TypeScript models of them
# were generated from (its Go module carries the CRDs).
prometheus="$(cd / && go mod download -json "github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION" |
  sed -n 's/.*"Dir": "\(.*\)".*/\1/p')/example/prometheus-operator-crd"
for kind in podmonitors prometheusrules servicemonitors; do
  kubectl apply --server-side --field-manager ray-gitops-test -f "$prometheus/monitoring.coreos.com_$kind.yaml" >/dev/null
done
# kubectl wait logs a harmless "context canceled" watch error on success; show its log only on failure.
kubectl wait --for condition=Established crd --all --timeout 180s >/dev/null 2>"$dir/crd-wait.log" ||
  { cat "$dir/crd-wait.log" >&2; exit 1; }

# Started after the CRDs are Established: the garbage collector only rescans API types every 30 s.
start kube-controller-manager "$K8S_BIN/kube-controller-manager" --kubeconfig "$dir/admin.kubeconfig" \
  --leader-elect=false --secure-port 0 --service-account-private-key-file "$dir/sa.key" --root-ca-file "$dir/ca.crt" \
  --controllers garbage-collector-controller,namespace-controller,serviceaccount-controller,serviceaccount-token-controller,job-controller,deployment-controller,replicaset-controller,statefulset-controller,persistentvolume-binder-controller,persistentvolumeclaim-protection-controller,persistentvolume-protection-controller

KUBECONFIG="$dir/admin.kubeconfig" start kuberay-operator "$KUBERAY_BIN/kuberay-operator" \
  --enable-leader-election=false --metrics-addr "127.0.0.1:$operator_metrics" \
  --health-probe-bind-address "127.0.0.1:$operator_health" --log-stdout-encoder console
wait_for kuberay-operator 60 curl -sf "http://127.0.0.1:$operator_health/readyz"
wait_for kube-controller-manager 60 kubectl get serviceaccount default --namespace default
