"""Requests/s of the embedding endpoint with ``@serve.batch`` batching vs without, same load.

Two applications of ``ray_workloads.serve.embedding:build_app`` run side by side on one local
Serve, deployed from one Serve config file: ``batched`` (max_batch_size from --max-batch-size)
and ``unbatched`` (max_batch_size 1), one replica each with the same resources. Both get the
same closed loop of --concurrency clients over HTTP, after a warm-up, in interleaved rounds
(unbatched, batched, batched, unbatched, ...) so that a change in the machine's background load
during the run hits both alike; the figure that matters is the ratio batched / unbatched.

Usage: python bench/serve_bench.py [--concurrency 32] [--requests 800] [--texts-per-request 1]
    [--device cpu|cuda] [--write-readme]

``--write-readme`` writes the figures into python/README.md between the ``bench:serve-cpu`` (or
``bench:serve-cuda``) markers, so the CPU and the GPU figures stand side by side.
"""

import argparse
import asyncio
import json
import os
import platform
import tempfile
import time
from pathlib import Path

import httpx
import ray
import torch
import yaml

from ray_workloads.serve.local_serve import LocalServe
from readme_block import write_readme_block

SENTENCES = [
    "The river valley was settled by farmers in the early medieval period.",
    "Its church dates from the twelfth century and was restored in 1870.",
    "The railway station opened in 1862 and connects the town to the capital.",
    "Census results show steady population growth since the end of the war.",
    "The economy depends on tourism, light industry and regional services.",
    "Notable people include a physicist, a novelist and a footballer.",
]


def config_for(max_batch_size: int, batch_wait_s: float, device: str, gpus: float, model: str | None = None) -> dict[str, object]:
    def app(name: str, batch: int) -> dict[str, object]:
        return {
            "name": name,
            "import_path": "ray_workloads.serve.embedding:build_app",
            "route_prefix": f"/{name}",
            "args": {"max_batch_size": batch, "batch_wait_timeout_s": batch_wait_s, "device": device, **({"model": model} if model else {})},
            "deployments": [{"name": "EmbeddingModel", "num_replicas": 1,
                             "ray_actor_options": {"num_cpus": 1, "num_gpus": gpus}}],
        }

    return {"applications": [app("batched", max_batch_size), app("unbatched", 1)]}


async def drive(url: str, concurrency: int, total: int, texts_per_request: int) -> tuple[float, list[int]]:
    """Closed loop: ``concurrency`` clients send ``total`` requests; returns (seconds, batch
    sizes observed)."""
    remaining = iter(range(total))
    batch_sizes: list[int] = []

    async def client(http: httpx.AsyncClient) -> None:
        for i in remaining:
            texts = [f"{SENTENCES[(i + k) % len(SENTENCES)]} ({i})" for k in range(texts_per_request)]
            reply = await http.post(url, json={"texts": texts})
            reply.raise_for_status()
            batch_sizes.append(reply.json()["batch_size"])

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=300, limits=limits) as http:
        start = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    return elapsed, batch_sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concurrency", type=int, default=32, help="concurrent clients (default 32)")
    parser.add_argument("--requests", type=int, default=800, help="measured requests per variant (default 800)")
    parser.add_argument("--rounds", type=int, default=4, help="interleaved rounds per variant (default 4)")
    parser.add_argument("--texts-per-request", type=int, default=1, help="texts in each request (default 1)")
    parser.add_argument("--max-batch-size", type=int, default=32, help="batched variant's max_batch_size (default 32)")
    parser.add_argument("--batch-wait-s", type=float, default=0.005, help="batch_wait_timeout_s of both (default 0.005)")
    parser.add_argument("--device", choices=["auto", "cpu", "cuda"], default="cpu", help="model device (default cpu)")
    parser.add_argument("--gpus", type=float, default=0, help="num_gpus per replica, e.g. 0.5 (default 0)")
    parser.add_argument("--model", default=None, help="model folder or hub name (default: the app's default model)")
    parser.add_argument("--write-readme", action="store_true", help="write the figures into python/README.md")
    args = parser.parse_args()

    config = config_for(args.max_batch_size, args.batch_wait_s, args.device, args.gpus, args.model)
    with tempfile.TemporaryDirectory() as tmp, LocalServe() as serve_instance:
        config_file = Path(tmp) / "serve-bench.yaml"
        config_file.write_text(yaml.safe_dump(config, sort_keys=False))
        since = time.time()
        serve_instance.deploy(config_file)
        apps = serve_instance.wait_settled({"batched", "unbatched"}, since)
        failed = {n: a["message"] for n, a in apps.items() if a["status"] != "RUNNING"}
        if failed:
            raise SystemExit(f"deployment failed: {failed}")

        names = ("unbatched", "batched")
        urls = {name: f"{serve_instance.http_url}/{name}/embed" for name in names}
        for name in names:  # warm-up: replica threads, tokenizer caches, HTTP connections
            asyncio.run(drive(urls[name], args.concurrency, args.concurrency * 4, args.texts_per_request))
        seconds = dict.fromkeys(names, 0.0)
        sizes: dict[str, list[int]] = {name: [] for name in names}
        per_round = args.requests // args.rounds
        for r in range(args.rounds):
            for name in names if r % 2 == 0 else names[::-1]:
                elapsed, observed = asyncio.run(drive(urls[name], args.concurrency, per_round, args.texts_per_request))
                seconds[name] += elapsed
                sizes[name] += observed
        results = {
            name: {"requests_per_s": round(len(sizes[name]) / seconds[name], 1),
                   "mean_batch_size": round(sum(sizes[name]) / len(sizes[name]), 2),
                   "max_batch_size_seen": max(sizes[name])}
            for name in names
        }
        for name in names:
            print(f"{name:>9}: {results[name]['requests_per_s']:8.1f} req/s  "
                  f"mean batch {results[name]['mean_batch_size']}", flush=True)

    ratio = results["batched"]["requests_per_s"] / results["unbatched"]["requests_per_s"]
    print(f"batched / unbatched: {ratio:.2f}x")
    if args.write_readme:
        where = torch.cuda.get_device_name() if args.device == "cuda" else f"CPU ({os.cpu_count()} cores)"
        batched, unbatched = results["batched"], results["unbatched"]
        write_readme_block(f"serve-{'cuda' if args.device == 'cuda' else 'cpu'}", [
            f"| Serve embedding endpoint on {where}, {args.concurrency} closed-loop clients, "
            f"{per_round * args.rounds} requests per variant in {args.rounds} interleaved rounds "
            f"(`python bench/serve_bench.py` on {time.strftime('%Y-%m-%d')}, ray {ray.__version__}, "
            f"load average {os.getloadavg()[0]:.1f}) | batched (max_batch_size {args.max_batch_size}): "
            f"{batched['requests_per_s']:,.1f} req/s, mean batch {batched['mean_batch_size']}; "
            f"unbatched: {unbatched['requests_per_s']:,.1f} req/s | {ratio:.2f}× |",
        ])
    print(json.dumps({
        "machine": {"cpus": os.cpu_count(), "processor": platform.processor() or platform.machine(),
                    "device": args.device, "gpus_per_replica": args.gpus},
        "load": {"concurrency": args.concurrency, "requests": per_round * args.rounds,
                 "rounds": args.rounds, "texts_per_request": args.texts_per_request},
        "batched_max_batch_size": args.max_batch_size, "batch_wait_timeout_s": args.batch_wait_s,
        "results": results, "ratio_batched_over_unbatched": round(ratio, 2),
    }, indent=2))


if __name__ == "__main__":
    main()
