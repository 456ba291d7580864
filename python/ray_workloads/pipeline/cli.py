"""CLI of the tokenize+embed+index pipeline (the RayJob entrypoint).

    python -m ray_workloads.pipeline --input PATH --output PATH [--stage tokenize|embed|index|all]
        [--shard i/n] [--batch-size N] [--embed-batch-size N] [--model NAME_OR_PATH]
        [--embed-workers N] [--run-id ID]

Output layout under ``--output``: ``tokens/<dump name>/<batch>.parquet`` and
``embeddings/<dump name>/<batch>.npy`` + ``.index.parquet``, each with ``_manifest.*.jsonl``
of completed units, and ``index/`` (the LanceDB table the search app reads). With
``MLFLOW_TRACKING_URI`` set the run is logged to MLflow (:mod:`ray_workloads.pipeline.tracking`). Runs on an embedded local Ray unless ``RAY_ADDRESS`` names a cluster.
One progress bar per stage on stderr (a terminal only); the summary JSON last on stdout. Exits 1
when an input file was damaged (after processing everything else) or an embed unit could not be
written, 2 on bad arguments or input
(or an ``MLFLOW_TRACKING_URI`` server that accepts no connection).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import ray

from ray_workloads.assets import cl100k
from ray_workloads.embedder import DEFAULT_MODEL
from ray_workloads.pipeline.checkpoint import Manifest, ShardSpec
from ray_workloads.pipeline.cirrus_dump import dump_files
from ray_workloads.pipeline.driver import STAGES, Options, run
from ray_workloads.pipeline.embed_stage import EmbeddingsWriteError
from ray_workloads.pipeline.progress_bars import ProgressBars
from ray_workloads.pipeline.summary import stages_of
from ray_workloads.pipeline.tracking import dump_dates, pipeline_tracker
from ray_workloads.tracking_server import TrackingServerUnreachable


def parse_args(argv: list[str] | None = None) -> Options:
    """Parses the pipeline's command line.

    Args:
        argv: the arguments after the program name; ``None`` reads ``sys.argv[1:]``.

    Returns:
        The run's :class:`~ray_workloads.pipeline.driver.Options`.

    Raises:
        SystemExit: with status 2 and argparse's message naming the flag, on bad arguments
            (e.g. ``--shard: expected 0 <= i < n, got '3/3'``).
    """
    parser = argparse.ArgumentParser(prog="python -m ray_workloads.pipeline", description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", type=Path, required=True, help="a CirrusSearch dump or a directory of them")
    parser.add_argument("--output", type=Path, required=True, help="output directory (tokens/, embeddings/, index/)")
    parser.add_argument("--stage", choices=STAGES, default="all", help="default: all (tokenize and embed overlapped, then index)")
    parser.add_argument("--shard", type=_shard, default=ShardSpec(), help="i/n: this run's slice of the input (default 0/1)")
    parser.add_argument("--batch-size", type=_positive, default=1000, help="articles per tokenize task and shard (default 1000)")
    parser.add_argument("--embed-batch-size", type=_positive, default=64, help="sequences per model forward pass (default 64)")
    parser.add_argument("--model", default=DEFAULT_MODEL, help=f"model name or folder (default {DEFAULT_MODEL})")
    parser.add_argument("--embed-workers", type=_positive, help="embedding actors (default: one per GPU, else half the CPUs)")
    parser.add_argument("--run-id", help="pipeline run these jobs belong to: their MLflow runs nest under one parent (default: none)")
    args = parser.parse_args(argv)
    return Options(
        input=args.input,
        output=args.output,
        stage=args.stage,
        shard=args.shard,
        batch_size=args.batch_size,
        embed_batch_size=args.embed_batch_size,
        model=args.model,
        embed_workers=args.embed_workers,
        run_id=args.run_id,
    )


def _shard(value: str) -> ShardSpec:
    try:
        return ShardSpec.parse(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value!r}")
    return int(value)


def main(argv: list[str] | None = None) -> int:
    """Runs the pipeline on Ray (``RAY_ADDRESS``'s cluster, else an embedded local one; an
    existing connection of this process is used and left open).

    Draws one progress bar per stage on stderr when it is a terminal, and prints the summary
    JSON (see :mod:`ray_workloads.pipeline.summary`) last on stdout.

    Args:
        argv: the arguments after the program name; ``None`` reads ``sys.argv[1:]``.

    Returns:
        The exit status: 0; 1 when an input file was damaged (the rest was processed),
        cl100k_base is not available or an embed unit could not be written; 2 on bad arguments or input, or an unreachable
        ``MLFLOW_TRACKING_URI`` server (one ``error:`` line).

    Raises:
        SystemExit: status 2 on bad arguments (see :func:`parse_args`).
    """
    options = parse_args(argv)
    if options.stage != "embed":
        # Checked before Ray starts: a typo in --input costs no cluster start-up, and local
        # workers inherit where cl100k_base was found.
        try:
            dump_files(options.input)
        except FileNotFoundError as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
        try:
            cl100k()
        except RuntimeError as err:
            print(f"error: {err}", file=sys.stderr)
            return 1
    try:
        tracker = pipeline_tracker(_run_name(options), options.run_id)
    except TrackingServerUnreachable as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    tracker.start(_tracked_params(options))
    # With RAY_ADDRESS set, ray.init joins that cluster; otherwise it starts a local one. A
    # caller that already connected (a notebook, a test session) keeps its connection.
    owns_ray = not ray.is_initialized()
    if owns_ray:
        ray.init(address=os.environ.get("RAY_ADDRESS"), log_to_driver=False)
    try:
        with ProgressBars(stages_of(options.stage), enabled=sys.stderr.isatty()) as bars:
            summary = run(options, bars)
    except Exception as err:
        # An embed actor's error arrives as Ray's RayTaskError, an instance of the actor's
        # exception class too; its ``cause`` is the message without the remote traceback.
        cause = getattr(err, "cause", None) or err
        tracker.finish({"error": f"{type(cause).__name__}: {cause}"}, [], failed=True, end_parent=False)
        if isinstance(err, EmbeddingsWriteError):
            print(f"error: {cause}", file=sys.stderr)
            return 1
        if not isinstance(err, (ValueError, FileNotFoundError)):
            raise
        print(f"error: {err}", file=sys.stderr)
        return 2
    finally:
        if owns_ray:
            ray.shutdown()
    report = summary.to_json()
    tracker.finish(report, _manifests(options), failed=bool(summary.errors), end_parent=options.stage in ("index", "all"))
    print(json.dumps(report, indent=2))
    return 1 if summary.errors else 0


def _run_name(options: Options) -> str:
    return options.stage if options.shard.count == 1 else f"{options.stage} {options.shard}"


def _tracked_params(options: Options) -> dict[str, object]:
    """The MLflow parameters of a run: its flags, the dump files it reads and their dump dates."""
    files: list[str] = []
    if options.stage in ("tokenize", "all"):
        try:
            files = [path.name for path in dump_files(options.input)]
        except FileNotFoundError:
            pass  # the run itself reports it
    return {
        "stage": options.stage,
        "shard": str(options.shard),
        "input": str(options.input),
        "output": str(options.output),
        "batch_size": options.batch_size,
        "embed_batch_size": options.embed_batch_size,
        "model": options.model,
        "embed_workers": options.embed_workers or "auto",
        "dump_files": files,
        "dump_dates": dump_dates(files),
    }


def _manifests(options: Options) -> list[tuple[Path, str]]:
    """This shard's manifest file of every stage folder, as (file, artifact folder)."""
    found = [(Manifest.path_of(options.output / stage, options.shard), f"manifests/{stage}") for stage in ("tokens", "embeddings")]
    return [(path, folder) for path, folder in found if path.exists()]
