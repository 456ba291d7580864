"""The resumable tokenize+embed pipeline over CirrusSearch dumps (what the pipeline RayJobs run).

Run as ``python -m ray_workloads.pipeline --input DUMPS --output OUT [...]`` (flags in
:mod:`ray_workloads.pipeline.cli`). One module per job:

* :mod:`~ray_workloads.pipeline.cli`: the command line (argument parsing, Ray start-up, progress
  bars, the summary JSON on stdout);
* :mod:`~ray_workloads.pipeline.driver`: ``class Pipeline`` and :func:`run`, the Ray driver that
  schedules the stages' tasks and actors;
* :mod:`~ray_workloads.pipeline.cirrus_dump`: streaming reader of CirrusSearch dump files;
* :mod:`~ray_workloads.pipeline.tokenize_stage`: one batch of dump lines → one Parquet token shard;
* :mod:`~ray_workloads.pipeline.embed_stage`: one token shard → one vector matrix and its index;
* :mod:`~ray_workloads.pipeline.checkpoint`: atomic writes, ``--shard i/n`` and the manifests
  that make a rerun resume.
"""
