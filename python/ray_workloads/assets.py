"""Offline assets: the cl100k_base ranks for tiktoken (the all-MiniLM-L6-v2 folder: see
:func:`ray_workloads.embedder.resolve_model`).

Nothing in this package downloads at run time. tiktoken fetches ``cl100k_base.tiktoken`` from a
blob URL on first use and caches it under ``sha1(url)`` in its cache folder
(``TIKTOKEN_CACHE_DIR``, else ``DATA_GYM_CACHE_DIR``, else ``<tmp>/data-gym-cache``; see
tiktoken's ``load.py``). :func:`cl100k` makes sure that file is there before asking tiktoken
for the encoding, in this order:

1. already in tiktoken's cache folder: the real loading path (the cluster image fills it at
   build time, see the Dockerfile);
2. no cache folder chosen by the user: ``$RAY_GITOPS_CACHE/tiktoken`` (default
   ``~/.cache/ray-gitops/tiktoken``) becomes ``TIKTOKEN_CACHE_DIR`` for this process and the
   Ray workers it starts;
3. in a checkout of the repository, the file is rebuilt there from the ranks that the npm
   package ``js-tiktoken`` ships (``node_modules/js-tiktoken/dist/ranks/cl100k_base.js``),
   and written only if its sha256 is the one tiktoken itself expects.

Otherwise tiktoken's own download runs (image builds); when that fails the error says what to
do instead of tiktoken's traceback.

``python -m ray_workloads.assets [--js-tiktoken PATH] [--tiktoken-cache DIR]`` does steps 1-3
and prints the file's path.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import inspect
import json
import os
import re
import tempfile
from pathlib import Path

import tiktoken
import tiktoken_ext.openai_public

ENCODING_NAME = "cl100k_base"
CHECKOUT_JS_RANKS = Path(__file__).resolve().parents[2] / "node_modules" / "js-tiktoken" / "dist" / "ranks" / "cl100k_base.js"
"""js-tiktoken's cl100k_base ranks in a checkout of this repository (``npm ci`` installs them)."""


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
    found = _cached_file(cache_dir)
    if found is not None:
        return found
    url, expected = cl100k_source()
    data = tiktoken_file_from_js_ranks(ranks_js)
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise ValueError(
            f"{ranks_js}: rebuilt cl100k_base has sha256 {actual}, tiktoken expects {expected}"
        )
    target = cache_dir / hashlib.sha1(url.encode()).hexdigest()
    cache_dir.mkdir(parents=True, exist_ok=True)
    # A name per process: Ray workers of one run may all rebuild it at once.
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, target)
    return target


def tiktoken_cache_dir() -> Path | None:
    """The folder tiktoken reads its cached files from, by tiktoken's own rules.

    Returns:
        ``TIKTOKEN_CACHE_DIR``, else ``DATA_GYM_CACHE_DIR``, else ``<tmp>/data-gym-cache``;
        ``None`` when caching is disabled (the variable set to an empty string).
    """
    for variable in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR"):
        if variable in os.environ:
            return Path(os.environ[variable]) if os.environ[variable] else None
    return Path(tempfile.gettempdir()) / "data-gym-cache"


def _cached_file(cache_dir: Path | None) -> Path | None:
    """The valid cl100k_base file in ``cache_dir``, or None."""
    if cache_dir is None:
        return None
    url, expected = cl100k_source()
    target = cache_dir / hashlib.sha1(url.encode()).hexdigest()
    if target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == expected:
        return target
    return None


def ensure_cl100k(ranks_js: Path | None = None) -> Path | None:
    """Makes cl100k_base loadable without a download where it can (steps 1-3 of the module doc).

    May set ``TIKTOKEN_CACHE_DIR`` in ``os.environ`` (step 2), so that Ray workers started
    afterwards by this process read the same folder.

    Args:
        ranks_js: js-tiktoken's ranks module. @default the checkout's ``node_modules`` copy.

    Returns:
        The file tiktoken will read, or None when only tiktoken's download can provide it.

    Raises:
        ValueError: the ranks file exists but does not rebuild into the file tiktoken expects.
    """
    ranks_js = ranks_js or CHECKOUT_JS_RANKS
    found = _cached_file(tiktoken_cache_dir())
    if found is not None:
        return found
    if "TIKTOKEN_CACHE_DIR" not in os.environ and "DATA_GYM_CACHE_DIR" not in os.environ:
        cache = Path(os.environ.get("RAY_GITOPS_CACHE") or Path.home() / ".cache" / "ray-gitops") / "tiktoken"
        os.environ["TIKTOKEN_CACHE_DIR"] = str(cache)
        found = _cached_file(cache)
        if found is not None:
            return found
    cache_dir = tiktoken_cache_dir()
    if cache_dir is None or not ranks_js.is_file():
        return None
    return install_cl100k(ranks_js, cache_dir)


@functools.cache
def cl100k() -> tiktoken.Encoding:
    """The cl100k_base encoding, loaded once per process without a download where possible.

    Returns:
        tiktoken's ``Encoding`` (the same object ``tiktoken.get_encoding("cl100k_base")`` gives).

    Raises:
        RuntimeError: the file is not available offline and tiktoken's download failed; the
            message says where it looked and how to provide it.
    """
    ensure_cl100k()
    try:
        return tiktoken.get_encoding(ENCODING_NAME)
    except Exception as err:  # noqa: BLE001 - tiktoken's download fails in many ways (DNS, proxy, HTTP)
        raise RuntimeError(
            f"cl100k_base is not available offline: not in tiktoken's cache folder "
            f"({tiktoken_cache_dir()}) and no js-tiktoken ranks at {CHECKOUT_JS_RANKS} to rebuild it from, "
            f"and tiktoken's download failed ({type(err).__name__}: {str(err)[:200]}). Run `npm ci` in the "
            "repository, or point TIKTOKEN_CACHE_DIR at a folder holding the file."
        ) from None


def main(argv: list[str] | None = None) -> None:
    """``python -m ray_workloads.assets``: provides cl100k_base offline, prints its path.

    Args:
        argv: the arguments after the program name; ``None`` reads ``sys.argv[1:]``.

    Raises:
        SystemExit: status 1 with a message when the file cannot be provided offline.
    """
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--js-tiktoken", type=Path, default=CHECKOUT_JS_RANKS,
                        help="js-tiktoken's dist/ranks/cl100k_base.js (default: the checkout's node_modules)")
    parser.add_argument("--tiktoken-cache", type=Path,
                        help="folder tiktoken reads (sets TIKTOKEN_CACHE_DIR; default: as tiktoken chooses, "
                        "else $RAY_GITOPS_CACHE/tiktoken)")
    args = parser.parse_args(argv)
    if args.tiktoken_cache is not None:
        os.environ["TIKTOKEN_CACHE_DIR"] = str(args.tiktoken_cache)
    path = ensure_cl100k(args.js_tiktoken)
    if path is None:
        raise SystemExit(f"cl100k_base: not in {tiktoken_cache_dir()} and no js-tiktoken ranks at {args.js_tiktoken}")
    print(path)


if __name__ == "__main__":
    main()
