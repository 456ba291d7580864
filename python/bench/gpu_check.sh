#!/usr/bin/env bash
# The GPU figures of issue #17 in one go, on a machine with an NVIDIA GPU:
#   1. embed, text in → vectors on disk, against the model-only ceiling measured in the same run
#      (MiniLM-L6, 256-word-piece chunks, fp16 and bf16, pre-tokenized; the ceiling compiled);
#   2. the Serve embedding endpoint, batched vs unbatched requests/s under the same closed loop.
#
# Usage, from the repository root:
#   bash python/bench/gpu_check.sh prepare [DIR]   # here: DIR (default .tmp/gpu-model) = the
#                                                  # packaged model with fp16 weights (< 64 MiB),
#                                                  # small enough to carry to the GPU machine
#   bash python/bench/gpu_check.sh run [DIR]       # there: prints the figures, writes them into
#                                                  # python/README.md and, when $OUT is set,
#                                                  # copies the log and that README to $OUT
#   bash python/bench/gpu_check.sh dry-run         # anywhere: prepare + the same steps on CPU
#                                                  # with small sizes; writes nothing
#
# `run` needs Python with torch (CUDA), sentence-transformers and tiktoken on the GPU machine
# for the embed figures, and ray[serve] as well for the Serve figures (skipped, saying so,
# without); it uses $PYTHON, else the first virtualenv python/venv.sh made under
# ~/.cache/ray-gitops, else `python3`.
# Environment: ARTICLES (default 20000; dry-run 24) articles to embed; REQUESTS (default 4000;
# dry-run 64) per Serve variant; PYTHON: the interpreter to use.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mode="${1:-}"
model="${2:-$root/.tmp/gpu-model}"

python_cmd() {
  if [ -n "${PYTHON:-}" ]; then echo "$PYTHON"; elif [ -d "$HOME/.cache/ray-gitops" ] && ls -d "$HOME"/.cache/ray-gitops/venv-*/bin/python >/dev/null 2>&1; then
    ls -d "$HOME"/.cache/ray-gitops/venv-*/bin/python | head -1
  else echo python3; fi
}
py="$(python_cmd)"

case "$mode" in
  prepare)
    PYTHONPATH="$root/python" "$py" - "$model" <<'PY'
import shutil, sys
from pathlib import Path
import torch
from sentence_transformers import SentenceTransformer
from ray_workloads.embedder import DEFAULT_MODEL, resolve_model

out = Path(sys.argv[1])
if out.exists():
    shutil.rmtree(out)
model = SentenceTransformer(resolve_model(DEFAULT_MODEL), device="cpu").half()
model.save(str(out), safe_serialization=True)
size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
print(f"{out}: {size / 2**20:.1f} MiB (fp16 weights); carry it to the GPU machine")
if size >= 64 * 2**20:
    sys.exit("model folder is 64 MiB or more: too big to carry")
PY
    ;;
  run|dry-run)
    if [ "$mode" = dry-run ]; then
      # The same steps on CPU with small sizes, writing nothing: shows the script still works.
      scratch="$(mktemp -d)"
      trap 'rm -rf "$scratch"' EXIT
      model="$scratch/gpu-model"
      bash "$0" prepare "$model"
      device=cpu gpus=0 articles="${ARTICLES:-24}" requests="${REQUESTS:-64}" concurrency=8 write=()
    else
      [ -d "$model" ] || { echo "gpu_check: model folder '$model' not found (run 'prepare' first and carry it)" >&2; exit 2; }
      "$py" -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else "gpu_check: torch sees no CUDA device")'
      device=cuda gpus=0.5 articles="${ARTICLES:-20000}" requests="${REQUESTS:-4000}" concurrency=64 write=(--write-readme)
    fi
    log="$(mktemp)"
    trap 'rm -rf "${scratch:-}" "$log"' EXIT
    if [ "$device" = cuda ]; then
      nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee -a "$log"
    fi
    cd "$root/python"
    export PYTHONPATH="$root/python" HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 RAY_USAGE_STATS_ENABLED=0 \
      RAY_ACCEL_ENV_VAR_OVERRIDE_ON_ZERO=0
    for dtype in fp16 bf16; do
      extra=()
      [ "$dtype" = fp16 ] && extra=("${write[@]}")
      "$py" bench/pipeline_bench.py --skip-tokenize --device "$device" --model "$model" --dtype "$dtype" \
        --compile --embed-articles "$articles" "${extra[@]}" 2>&1 | tee -a "$log"
    done
    # The Serve row needs Ray Serve, which the GPU machine's image lacks (its wheel exceeds what
    # can be carried): it is measured where Ray is installed and said so where not.
    if "$py" -c 'import ray.serve' 2>/dev/null; then
      "$py" bench/serve_bench.py --device "$device" --gpus "$gpus" --model "$model" \
        --requests "$requests" --concurrency "$concurrency" --max-batch-size 64 "${write[@]}" 2>&1 | tee -a "$log"
    else
      echo "gpu_check: Serve batched vs unbatched not measured: $py has no ray[serve]" | tee -a "$log"
    fi
    if [ -n "${OUT:-}" ]; then cp "$log" "$OUT/gpu_check.log"; cp "$root/python/README.md" "$OUT/python-README.md"; fi
    ;;
  *)
    sed -n '2,21p' "$0" >&2
    exit 2
    ;;
esac
