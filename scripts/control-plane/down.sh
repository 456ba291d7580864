#!/usr/bin/env bash
# Stops the control plane that up.sh started in <dir> and removes <dir>. The API server sometimes
# ignores a first SIGTERM while watchers are connected, so stragglers get SIGKILL after 5 s.
set -uo pipefail
dir="$1"
[[ -d "$dir" ]] || exit 0
pids=()
for name in kuberay-operator kube-controller-manager kwok kube-scheduler kube-apiserver etcd; do
  [[ -f "$dir/$name.pid" ]] && pids+=("$(cat "$dir/$name.pid")")
done
((${#pids[@]})) && kill -TERM "${pids[@]}" 2>/dev/null
alive() {
  local pid
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && return 0; done
  return 1
}
for _ in $(seq 50); do
  alive || break
  sleep 0.1
done
alive && kill -KILL "${pids[@]}" 2>/dev/null
[[ -n "${RAY_GITOPS_KEEP_CLUSTER_DIR:-}" ]] || rm -rf "$dir"
exit 0
