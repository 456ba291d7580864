"""Proves that Ray sees the cluster the manifests describe.

A worker group whose GPUs Kubernetes schedules but Ray does not see never scales up: the
autoscaler has no demand it can place. This job asks Ray for the resources the RayCluster
promises (a task with ``num_gpus`` on a GPU group) and waits for the autoscaler to provide
them, so a broken group fails loudly instead of silently.

    python -m ray_workloads.cluster_check --expect-cpus 1 --expect-gpus 1 --timeout-s 600
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import ray


@ray.remote
def _probe() -> dict[str, object]:
    context = ray.get_runtime_context()
    return {"node_id": context.get_node_id(), "gpu_ids": [str(g) for g in ray.get_gpu_ids()]}


def check(expect_cpus: float, expect_gpus: int, timeout_s: float) -> dict[str, object]:
    """Runs one probe task per requirement on the connected Ray and reports what was placed.

    Args:
        expect_cpus: CPUs the CPU probe asks for (``num_cpus``).
        expect_gpus: GPUs the GPU probe asks for (``num_gpus``); 0 skips that probe.
        timeout_s: seconds to wait for the autoscaler to place the probes.

    Returns:
        ``ok`` (all placed), ``missing`` (names of unplaced probes), ``placed`` (node id and GPU
        ids per probe), ``cluster_resources`` and ``seconds`` waited.
    """
    started = time.monotonic()
    probes = {"cpu": _probe.options(num_cpus=expect_cpus).remote()}
    if expect_gpus > 0:
        probes["gpu"] = _probe.options(num_cpus=0, num_gpus=expect_gpus).remote()
    ready, pending = ray.wait(list(probes.values()), num_returns=len(probes), timeout=timeout_s)
    results = {name: ray.get(ref) for name, ref in probes.items() if ref in ready}
    missing = [name for name, ref in probes.items() if ref in pending]
    return {
        "ok": not missing,
        "missing": missing,
        "placed": results,
        "cluster_resources": ray.cluster_resources(),
        "seconds": round(time.monotonic() - started, 1),
    }


def main(argv: list[str] | None = None) -> int:
    """``python -m ray_workloads.cluster_check``: prints :func:`check`'s report as JSON.

    Args:
        argv: the arguments after the program name; ``None`` reads ``sys.argv[1:]``.

    Returns:
        The exit status: 0 when every probe was placed, else 1.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--expect-cpus", type=float, default=1.0, help="CPUs one probe task needs")
    parser.add_argument("--expect-gpus", type=int, default=0, help="GPUs one probe task needs (0: skip)")
    parser.add_argument("--timeout-s", type=float, default=600.0, help="how long to wait for the autoscaler")
    args = parser.parse_args(argv)
    ray.init()
    report = check(args.expect_cpus, args.expect_gpus, args.timeout_s)
    print(json.dumps(report, indent=2, default=str))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
