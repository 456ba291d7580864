"""The pipeline CLI as the RayJobs run it: summary, exit status, damaged input, kill and resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
import ray

from cirrus_dumps import cirrus_lines, make_pages, write_dump
from ray_workloads.pipeline.checkpoint import Manifest
from ray_workloads.pipeline.cli import main
from ray_workloads.pipeline.driver import Options, run

CLI = [sys.executable, "-m", "ray_workloads.pipeline"]


def cli(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *map(str, args)], env=env, capture_output=True, text=True, timeout=300)


def summary_of(result: subprocess.CompletedProcess[str]) -> dict:
    return json.loads(result.stdout[result.stdout.index("{") :])


def recorded(stage_dir: Path, kind: str) -> list[str]:
    return [e["key"] for e in Manifest.entries(stage_dir) if e["kind"] == kind] if stage_dir.exists() else []


def test_damaged_gzip_is_reported_the_rest_finishes_and_the_exit_is_non_zero(tmp_path: Path) -> None:
    dumps = tmp_path / "dumps"
    write_dump(dumps / "a.json.bz2", cirrus_lines(make_pages(10, first_id=100)))
    broken = write_dump(dumps / "b.json.gz", cirrus_lines(make_pages(400, first_id=1000)))
    broken.write_bytes(broken.read_bytes()[: broken.stat().st_size * 2 // 3])
    write_dump(dumps / "c.json", cirrus_lines(make_pages(10, first_id=5000)))
    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}  # the embedded local Ray

    result = cli("--input", dumps, "--output", tmp_path / "out", "--stage", "tokenize", "--batch-size", "50", env=env)

    assert result.returncode == 1, result.stderr
    summary = summary_of(result)
    assert [e["file"] for e in summary["errors"]] == ["b.json.gz"]
    assert "b.json.gz" in summary["errors"][0]["error"] and "EOFError" in summary["errors"][0]["error"]
    pages = set()
    for key in recorded(tmp_path / "out" / "tokens", "batch"):
        pages |= set(pq.read_table(tmp_path / "out" / "tokens" / f"{key}.parquet").column("page_id").to_pylist())
    from_broken = {p for p in pages if 1000 <= p < 2000}
    assert set(range(100, 110)) | set(range(5000, 5010)) <= pages
    assert 100 <= len(from_broken) < 400 and from_broken == set(range(1000, 1000 + len(from_broken)))
    assert summary["ok"] == len(pages)
    assert set(summary) >= {"ok", "skipped", "errors", "total_tokens", "tokenize"}
    assert summary["total_tokens"] > 0 and summary["tokenize"]["articles_per_s"] > 0


def test_rerun_after_damage_still_reports_it(ray_session: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # In-process main() on the session's Ray (it keeps a connection it did not open).
    broken = write_dump(tmp_path / "dumps" / "b.json.gz", cirrus_lines(make_pages(100)))
    broken.write_bytes(broken.read_bytes()[:-200])
    args = ["--input", str(tmp_path / "dumps"), "--output", str(tmp_path / "out"), "--stage", "tokenize", "--batch-size", "10"]
    first_status, first = main(args), json.loads(capsys.readouterr().out)
    second_status, second = main(args), json.loads(capsys.readouterr().out)
    assert (first_status, second_status) == (1, 1)
    assert second["errors"] == first["errors"] and "b.json.gz" in first["errors"][0]["error"]
    assert second["ok"] == first["ok"] > 0
    assert (second["tokenize"]["units_done"], second["tokenize"]["units_resumed"]) == (0, first["tokenize"]["units_done"])
    assert ray.is_initialized()


def test_bad_arguments_exit_2_naming_the_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # In-process: argparse exits before Ray or a model is touched, so a subprocess adds only start-up.
    with pytest.raises(SystemExit) as exit_info:
        main(["--input", str(tmp_path), "--output", str(tmp_path / "out"), "--shard", "3/3"])
    assert exit_info.value.code == 2
    assert "--shard: expected 0 <= i < n, got '3/3'" in capsys.readouterr().err


def test_bad_input_is_one_error_line_and_exit_2_before_ray_starts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # In-process and without the session's Ray: the check runs before ray.init.
    (tmp_path / "empty").mkdir()
    assert main(["--input", str(tmp_path / "empty"), "--output", str(tmp_path / "out")]) == 2
    assert main(["--input", str(tmp_path / "missing"), "--output", str(tmp_path / "out")]) == 2
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"error: --input {tmp_path / 'empty'}: no dump files (.json, .json.gz, .json.bz2, .ndjson, .ndjson.gz, .ndjson.bz2)",
        f"error: --input {tmp_path / 'missing'}: no such file or directory",
    ]
    assert captured.out == "" and not (tmp_path / "out").exists()


def test_killed_driver_resumes_with_every_article_exactly_once(
    subprocess_env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dumps = tmp_path / "dumps"
    pages = []
    for f, suffix in enumerate([".json.gz", ".json.bz2"]):
        batch = make_pages(24, seed=f, first_id=1000 * (f + 1))
        write_dump(dumps / f"part-{f}{suffix}", cirrus_lines(batch))
        pages += batch
    out = tmp_path / "out"
    args = [*CLI, "--input", str(dumps), "--output", str(out), "--batch-size", "3"]

    # GIVEN a run killed (SIGKILL: no cleanup) once some shards are tokenized and embedded
    driver = subprocess.Popen(args, env=subprocess_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    while not (len(recorded(out / "tokens", "batch")) >= 4 and recorded(out / "embeddings", "embedded")):
        assert driver.poll() is None, "the run finished before it could be interrupted"
        assert time.monotonic() < deadline, "no progress to interrupt"
        time.sleep(0.05)
    driver.send_signal(signal.SIGKILL)
    driver.wait()
    assert len(recorded(out / "embeddings", "embedded")) < 16, "killed too late to test resume"

    # WHEN the same command runs again (in-process main(), on the session's Ray)
    status, printed = main(args[len(CLI):]), capsys.readouterr()

    # THEN every page is tokenized once and every (page, window) embedded once
    assert status == 0, printed.err
    summary = json.loads(printed.out[printed.out.index("{"):])
    assert summary["tokenize"]["units_resumed"] >= 4 and summary["ok"] == len(pages)
    assert summary["tokenize"]["units_resumed"] + summary["tokenize"]["units_done"] == 16
    assert summary["embed"]["units_resumed"] >= 1
    token_keys = recorded(out / "tokens", "batch")
    assert len(token_keys) == len(set(token_keys)) == 16
    token_pages = Counter()
    for key in token_keys:
        token_pages.update(pq.read_table(out / "tokens" / f"{key}.parquet").column("page_id").to_pylist())
    assert token_pages == Counter(p.page_id for p in pages)
    rows = Counter()
    for key in set(recorded(out / "embeddings", "embedded")):
        index = pq.read_table(out / "embeddings" / f"{key}.index.parquet")
        rows.update(zip(index.column("page_id").to_pylist(), index.column("chunk").to_pylist()))
    assert max(rows.values()) == 1
    assert {page for page, chunk in rows if chunk == 0} == {p.page_id for p in pages}
    assert summary["vectors"] == sum(rows.values())


def on_disk(out: Path) -> dict[str, int]:
    """What the recorded output files hold: the figures a summary must agree with."""
    tokens = out / "tokens"
    token_files = [tokens / f"{key}.parquet" for key in set(recorded(tokens, "batch"))]
    token_tables = [pq.read_table(f, columns=["page_id", "token_count"]) for f in token_files]
    embedded = set(recorded(out / "embeddings", "embedded"))
    indexes = [pq.read_table(out / "embeddings" / f"{key}.index.parquet") for key in embedded]
    return {
        "token_files": len(token_files),
        "ok": sum(t.num_rows for t in token_tables),
        "total_tokens": sum(sum(t.column("token_count").to_pylist()) for t in token_tables),
        "embed_files": len(embedded),
        "vectors": sum(np.load(out / "embeddings" / f"{key}.npy").shape[0] for key in embedded),
        "embedded_articles": sum(len(set(i.column("page_id").to_pylist())) for i in indexes),
        "index_rows": sum(i.num_rows for i in indexes),
    }


def test_summary_agrees_with_the_files_on_disk_fresh_and_resumed(
    ray_session: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dumps = tmp_path / "dumps"
    write_dump(dumps / "a.json.gz", cirrus_lines(make_pages(9, first_id=100)))
    write_dump(dumps / "b.json", cirrus_lines(make_pages(5, first_id=500)))
    out = tmp_path / "out"
    args = ("--input", dumps, "--output", out, "--batch-size", "4")

    # GIVEN a fresh tokenize run: every unit done by this run (in-process: the JSON the CLI prints)
    summary, disk = run(Options(dumps, out, stage="tokenize", batch_size=4)).to_json(), on_disk(out)
    assert summary["ok"] == disk["ok"] == 14 and summary["total_tokens"] == disk["total_tokens"] > 0
    assert summary["tokenize"]["units_done"] == disk["token_files"] == 5
    assert (summary["tokenize"]["units_resumed"], summary["tokenize"]["articles_done"]) == (0, 14)
    assert summary["tokenize"]["articles_per_s"] > 0 and "embed" not in summary

    # WHEN the CLI runs --stage all next: tokenize is all resumed, embed all done by this run
    assert main([*map(str, args), "--stage", "all"]) == 0
    printed = capsys.readouterr().out
    summary, disk = json.loads(printed[printed.index("{"):]), on_disk(out)
    assert summary["tokenize"] == {"units_done": 0, "units_resumed": 5, "articles_done": 0,
                                   "articles_resumed": 14, "articles_per_s": 0.0}
    assert summary["embed"]["units_done"] == disk["embed_files"] == 5
    assert summary["embed"]["chunks_done"] == summary["vectors"] == disk["vectors"] == disk["index_rows"]
    assert summary["embedded_articles"] == disk["embedded_articles"] == summary["ok"] == 14
    assert summary["embed"]["chunks_per_s"] > 0 and summary["embed"]["units_resumed"] == 0

    # THEN a third run finds everything done and says so
    again = run(Options(dumps, out, stage="all", batch_size=4)).to_json()
    assert again["embed"] == {"units_done": 0, "units_resumed": 5, "chunks_done": 0,
                              "chunks_resumed": disk["vectors"], "chunks_per_s": 0.0}
    assert (again["ok"], again["vectors"], again["total_tokens"]) == (14, disk["vectors"], disk["total_tokens"])
