"""cl100k_base is found or rebuilt offline by the package itself, in a fresh environment."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from ray_workloads.assets import cl100k, cl100k_source

PROBE = "from ray_workloads.assets import cl100k; import os; cl100k(); print(os.environ['TIKTOKEN_CACHE_DIR'])"


def fresh_env(tmp_path: Path) -> dict[str, str]:
    """No tiktoken cache chosen, an empty temp folder and cache, downloads refused at once."""
    env = {k: v for k, v in os.environ.items() if k not in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR")}
    (tmp_path / "tmp").mkdir()
    return {**env, "TMPDIR": str(tmp_path / "tmp"), "RAY_GITOPS_CACHE": str(tmp_path / "cache"),
            "HTTPS_PROXY": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9"}


def test_rebuilds_cl100k_into_the_project_cache_without_a_download(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], env=fresh_env(tmp_path), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    cache = tmp_path / "cache" / "tiktoken"
    assert done.stdout.strip() == str(cache)
    url, expected = cl100k_source()
    written = cache / hashlib.sha1(url.encode()).hexdigest()
    assert hashlib.sha256(written.read_bytes()).hexdigest() == expected


def test_the_rebuilt_ranks_give_tiktokens_ids() -> None:
    # Ids that only the real cl100k_base gives (from tiktoken's own tests and the encoding's
    # documented special token).
    encoding = cl100k()
    assert encoding.encode_ordinary("hello world") == [15339, 1917]
    assert encoding.encode("<|endoftext|>", allowed_special="all") == [100257]
    assert encoding.n_vocab == 100277


def test_without_cache_or_ranks_the_error_says_what_to_do(tmp_path: Path) -> None:
    probe = f"import ray_workloads.assets as a, pathlib; a.CHECKOUT_JS_RANKS = pathlib.Path({str(tmp_path / 'none.js')!r}); {PROBE}"
    done = subprocess.run([sys.executable, "-c", probe], env=fresh_env(tmp_path), capture_output=True, text=True)
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("RuntimeError: cl100k_base is not available offline")
    assert "Run `npm ci` in the repository, or point TIKTOKEN_CACHE_DIR at a folder holding the file." in last
    assert str(tmp_path / "none.js") in last
