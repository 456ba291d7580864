"""The sandbox RayJob's probe, on a real local Ray (the session's CPUs, no GPUs)."""

from __future__ import annotations

from ray_workloads.cluster_check import check


def test_cpu_probe_is_placed(ray_session: str) -> None:
    report = check(expect_cpus=1, expect_gpus=0, timeout_s=60)
    assert report["ok"] is True
    assert report["missing"] == []
    assert report["placed"]["cpu"]["node_id"]


def test_missing_gpus_fail_the_check(ray_session: str) -> None:
    # A GPU group Ray doesn't see: the probe can't be placed, and the check says which.
    report = check(expect_cpus=1, expect_gpus=1, timeout_s=3)
    assert report["ok"] is False
    assert report["missing"] == ["gpu"]
    assert "GPU" not in report["cluster_resources"]
