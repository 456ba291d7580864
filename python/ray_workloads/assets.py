"""Offline assets: the cl100k_base ranks for tiktoken and the all-MiniLM-L6-v2 folder.

Nothing in this package downloads at run time. tiktoken fetches ``cl100k_base.tiktoken`` from a
blob URL on first use and caches it in ``TIKTOKEN_CACHE_DIR`` under ``sha1(url)``; where that
URL is unreachable (CI, air-gapped clusters) we write the same file there ourselves, rebuilt
from the ranks the npm package ``js-tiktoken`` ships, and refuse to write it unless its sha256 is
the one tiktoken itself expects. The cluster image runs tiktoken's own download at build time
instead (see the Dockerfile).

Run as ``python -m ray_workloads.assets --js-tiktoken PATH --tiktoken-cache DIR``.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import inspect
import json
import os
import re
from pathlib import Path

import tiktoken
import tiktoken_ext.openai_public

ENCODING_NAME = "cl100k_base"


def cl100k_source() -> tuple[str, str]:
    """The blob URL and sha256 that tiktoken uses for cl100k_base, read from tiktoken itself.

    Read from the installed ``tiktoken_ext.openai_public`` so a tiktoken upgrade that moves the
    file is noticed here instead of silently writing a cache entry nobody reads.
    """
    source = inspect.getsource(tiktoken_ext.openai_public.cl100k_base)
    url = re.search(r'"(https://[^"]+/cl100k_base\.tiktoken)"', source)
    digest = re.search(r'expected_hash="([0-9a-f]{64})"', source)
    if url is None or digest is None:
        raise RuntimeError(
            "Cannot find the cl100k_base URL and expected_hash in tiktoken_ext.openai_public "
            f"(tiktoken {tiktoken.__version__}); the offline rebuild needs both."
        )
    return url.group(1), digest.group(1)


def tiktoken_file_from_js_ranks(ranks_js: Path) -> bytes:
    """Rebuilds ``cl100k_base.tiktoken`` (lines ``<b64 token> <rank>``) from js-tiktoken's ranks.

    js-tiktoken stores ``bpe_ranks`` as space-separated lines ``<prefix> <offset> <b64>...``
    where the i-th token of a line has rank ``offset + i``.
    """
    text = ranks_js.read_text(encoding="utf-8")
    try:
        ranks = json.loads(text[text.index("{") : text.rindex("}") + 1])["bpe_ranks"]
    except (ValueError, KeyError) as err:
        raise ValueError(f"{ranks_js}: expected a js-tiktoken ranks module with 'bpe_ranks' ({err})") from err
    by_rank: dict[int, str] = {}
    for line in ranks.split("\n"):
        fields = line.split(" ")
        offset = int(fields[1])
        for i, token in enumerate(fields[2:]):
            by_rank[offset + i] = token
    return b"".join(f"{by_rank[r]} {r}\n".encode() for r in sorted(by_rank))


def install_cl100k(ranks_js: Path, cache_dir: Path) -> Path:
    """Writes the rebuilt cl100k_base file where tiktoken looks for it.

    Args:
        ranks_js: js-tiktoken's ``dist/ranks/cl100k_base.js``.
        cache_dir: the folder tiktoken reads (``TIKTOKEN_CACHE_DIR``); created if missing.

    Returns:
        The written (or already valid) file, named ``sha1(<tiktoken's blob URL>)``.

    Raises:
        ValueError: the ranks file is not a js-tiktoken ranks module, or the rebuilt file's
            sha256 is not the one tiktoken expects (nothing is written then).
        RuntimeError: the installed tiktoken no longer names the URL and hash this reads.
    """
    url, expected = cl100k_source()
    target = cache_dir / hashlib.sha1(url.encode()).hexdigest()
    if target.exists() and hashlib.sha256(target.read_bytes()).hexdigest() == expected:
        return target
    data = tiktoken_file_from_js_ranks(ranks_js)
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise ValueError(
            f"{ranks_js}: rebuilt cl100k_base has sha256 {actual}, tiktoken expects {expected}"
        )
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--js-tiktoken", type=Path, required=True, help="js-tiktoken's dist/ranks/cl100k_base.js")
    parser.add_argument(
        "--tiktoken-cache",
        type=Path,
        default=os.environ.get("TIKTOKEN_CACHE_DIR"),
        help="directory tiktoken reads (TIKTOKEN_CACHE_DIR); default: $TIKTOKEN_CACHE_DIR",
    )
    args = parser.parse_args(argv)
    if args.tiktoken_cache is None:
        parser.error("--tiktoken-cache is required when TIKTOKEN_CACHE_DIR is not set")
    print(install_cl100k(args.js_tiktoken, args.tiktoken_cache))


if __name__ == "__main__":
    main()
