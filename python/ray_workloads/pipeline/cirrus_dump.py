"""Streaming reader for CirrusSearch dumps (``.json.gz``, ``.json.bz2``, plain NDJSON).

A CirrusSearch dump is NDJSON in pairs: an Elasticsearch bulk ``index`` line
(``{"index":{"_type":"page","_id":"12"}}``; newer dumps drop ``_type``) followed by the page
document (``{"page_id":12,"namespace":0,"title":...,"text":...,...}``).

Reading is split in two so the expensive half runs in parallel:

* :func:`raw_batches` (driver): decompresses one file as a stream and cuts it into batches of
  ``batch_size`` document lines without parsing JSON. A batch never splits an index line from
  its document, and batch ``k`` of a file is always the same lines, which is what makes
  checkpoints and ``--shard i/n`` deterministic. The stream is inflated by ISA-L and read in
  blocks (``read1``) cut at ``\n`` in C, not line by line, and a batch is one ``bytes`` (its
  lines joined by ``\n``): one buffer to hand to a Ray task instead of thousands of small
  objects.
* :func:`parse_batch` (workers): parses one batch, keeps namespace 0, and counts what it skips.
  It decodes only the fields it reads (msgspec, into :class:`_Document`) and skips the rest of
  a document (``source_text``, links, headings: most of its bytes) without building it.

A damaged file (truncated ``.gz``, bad bz2 stream) ends its stream: the lines read before the
damage (all but at most the last ``_BLOCK_SIZE`` bytes) are still yielded, then
:class:`DumpReadError` names the file.
"""

from __future__ import annotations

import bz2
import io
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec
from isal import igzip, isal_zlib

DUMP_SUFFIXES = (".json", ".json.gz", ".json.bz2", ".ndjson", ".ndjson.gz", ".ndjson.bz2")
"""File names the directory scan picks up; anything else in the directory is ignored."""

_BLOCK_SIZE = 1 << 13
"""Most decompressed bytes one ``read1`` returns (8 KiB). Small on purpose: when a file turns
out to be truncated, igzip raises without returning what it inflated since the last ``read1``,
so this is the most a damaged file loses before its damage. Blocks of 1 MiB would cut the
driver's read of a dump by about a fifth, and could lose a small file's every line."""

_READ_ERRORS = (EOFError, OSError, zlib.error, isal_zlib.error, ValueError)
"""What igzip/bz2 raise for truncated or corrupt streams (gzip.BadGzipFile is an OSError)."""


@dataclass(frozen=True)
class Article:
    """One namespace-0 page."""

    page_id: int
    title: str
    text: str


@dataclass
class ParseCounts:
    """What :func:`parse_batch` kept and skipped, by reason."""

    ok: int = 0
    other_namespace: int = 0
    empty_text: int = 0
    malformed: int = 0

    @property
    def skipped(self) -> int:
        return self.other_namespace + self.empty_text + self.malformed

    def add(self, other: ParseCounts) -> None:
        self.ok += other.ok
        self.other_namespace += other.other_namespace
        self.empty_text += other.empty_text
        self.malformed += other.malformed


@dataclass(frozen=True)
class RawBatch:
    """Batch ``ordinal`` (0-based) of one dump file: undecoded NDJSON lines joined by ``\n``.

    ``data`` holds no blank line and no trailing ``\n``: ``data.split(b"\n")`` is the lines.
    """

    ordinal: int
    data: bytes = field(repr=False)

    @property
    def lines(self) -> list[bytes]:
        """The batch's lines, without their ``\n`` (:func:`batch_lines` of ``data``)."""
        return batch_lines(self.data)


def batch_lines(data: bytes) -> list[bytes]:
    """The NDJSON lines of a :class:`RawBatch`'s ``data``, without their ``\n``."""
    return data.split(b"\n")


class DumpReadError(Exception):
    """A dump file ended early or is corrupt; batches before the damage were yielded."""

    def __init__(self, path: Path, cause: BaseException) -> None:
        super().__init__(f"{path}: {type(cause).__name__}: {cause}")
        self.path = path


def dump_files(input_path: Path) -> list[Path]:
    """The dump files under ``input_path`` (a file, or a directory scanned recursively).

    Args:
        input_path: a dump file (any name), or a folder whose files ending in ``DUMP_SUFFIXES``
            are taken.

    Returns:
        The files, sorted by path.

    Raises:
        FileNotFoundError: ``input_path`` does not exist, or the folder holds no dump file.
    """
    if input_path.is_file():
        return [input_path]
    if not input_path.is_dir():
        raise FileNotFoundError(f"--input {input_path}: no such file or directory")
    files = sorted(p for p in input_path.rglob("*") if p.is_file() and p.name.endswith(DUMP_SUFFIXES))
    if not files:
        raise FileNotFoundError(f"--input {input_path}: no dump files ({', '.join(DUMP_SUFFIXES)})")
    return files


def open_dump(path: Path) -> io.BufferedIOBase:
    """Opens a dump for streaming reads, decompressing by file suffix.

    ``.gz`` is read with python-isal's ``igzip`` (the ISA-L inflate; the API of the
    standard ``gzip`` module, about 3x its speed here): the driver decompresses each file on
    one thread while the workers parse and tokenize, so inflate speed bounds how many workers
    one file can feed.
    """
    if path.name.endswith(".gz"):
        return igzip.open(path, "rb")
    if path.name.endswith(".bz2"):
        return bz2.open(path, "rb")
    return open(path, "rb")


def _is_blank(line: bytes) -> bool:
    # ``not line.strip()`` without copying the line (isspace tests the same ASCII whitespace).
    return not line or line.isspace()


def _is_index_line(line: bytes) -> bool:
    # Cheap prefix test; parse_batch does the real check. Dumps write '{"index":{...}}'.
    # Only a line that starts with whitespace is copied by lstrip.
    if line[:1].isspace():
        line = line.lstrip()
    return line[:9] in (b'{"index":', b'{"index" ')


def raw_batches(path: Path, batch_size: int) -> Iterator[RawBatch]:
    """Streams ``path`` as batches of ``batch_size`` documents, decompressing by suffix.

    Args:
        path: a dump file (``.gz``, ``.bz2`` or plain NDJSON).
        batch_size: documents (not lines) per batch; index lines travel with their document.

    Yields:
        Batches numbered from 0; batch ``k`` is always the same lines for a given batch size.

    Raises:
        ValueError: ``batch_size`` below 1.
        DumpReadError: the file is truncated or corrupt, raised after the batch holding the
            last complete lines read before the damage.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    lines: list[bytes] = []
    documents = 0
    ordinal = 0
    pending: list[bytes] = []  # a line whose "\n" is in a later block, in pieces
    try:
        with open_dump(path) as stream:
            while block := stream.read1(_BLOCK_SIZE):
                *complete, tail = block.split(b"\n")
                if not complete:  # no "\n" in this block
                    pending.append(tail)
                    continue
                complete[0] = b"".join([*pending, complete[0]])  # copies only the line's pieces
                pending = [tail]
                for line in complete:
                    if _is_blank(line):
                        continue
                    lines.append(line)
                    if _is_index_line(line):
                        continue
                    documents += 1
                    if documents == batch_size:
                        yield RawBatch(ordinal, b"\n".join(lines))
                        ordinal, lines, documents = ordinal + 1, [], 0
    except _READ_ERRORS as err:
        # ``pending`` is cut off by the damage: only complete lines are kept.
        if lines:
            yield RawBatch(ordinal, b"\n".join(lines))
        raise DumpReadError(path, err) from err
    if not _is_blank(tail := b"".join(pending)):
        lines.append(tail)  # the last line of a file that does not end in "\n"
    if lines:
        yield RawBatch(ordinal, b"\n".join(lines))


def _clean_text(text: str) -> str:
    # json.loads keeps lone surrogates ("\ud800"; msgspec rejects them); they cannot be UTF-8
    # encoded for tiktoken or Parquet, so replace them the way tiktoken itself does.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


class _Document(msgspec.Struct):
    """The fields :func:`parse_batch` reads from a line, each any JSON value (their types are
    checked after decoding); every other field of the object is skipped, not built."""

    page_id: Any = msgspec.UNSET
    namespace: Any = msgspec.UNSET
    title: Any = msgspec.UNSET
    text: Any = msgspec.UNSET
    index: Any = msgspec.UNSET


_DOCUMENT = msgspec.json.Decoder(_Document)


def _decode(line: bytes) -> _Document | dict[str, Any] | None:
    """One line as :class:`_Document`; as a ``dict`` when it has an ``index`` key (an index
    line is one with no other key); ``None`` when it is not a JSON object.

    What msgspec rejects (not an object, UTF-16 text, ``NaN``, integers beyond 64 bits, invalid
    UTF-8 in a field it reads...) is decoded again by :func:`json.loads`, so those lines are
    read exactly as the standard library reads them, lone surrogates in their strings replaced
    by U+FFFD (see :func:`_clean_text`). The one difference: the fields skipped
    are not checked, so a stray invalid UTF-8 byte in ``source_text`` no longer drops the
    article. Nesting too deep for either parser counts as not an object (it used to stop the
    batch with a ``RecursionError``).
    """
    try:
        doc = _DOCUMENT.decode(line)
        return doc if doc.index is msgspec.UNSET else msgspec.json.decode(line)
    except (msgspec.DecodeError, RecursionError):
        pass
    try:
        doc = json.loads(line)
    except (ValueError, RecursionError):
        return None
    if not isinstance(doc, dict):
        return None
    # Only the fields read are cleaned; the rest (source_text...) is dropped unread.
    read = _Document.__struct_fields__
    return {key: _clean_text(value) if key in read and isinstance(value, str) else value for key, value in doc.items()}


def parse_batch(lines: list[bytes]) -> tuple[list[Article], ParseCounts]:
    """Parses one batch: namespace-0 articles with text, and counts of what was skipped and why.

    Args:
        lines: NDJSON lines as a :class:`RawBatch` holds them (``RawBatch.lines``).

    Returns:
        The kept articles in input order, and the counts (``ok`` + skipped by reason).
        Nothing raises: bad lines are counted as ``malformed``.

    The page id comes from the document's ``page_id`` or else from the preceding index line's
    ``_id``. Lines that are not JSON objects, documents without a usable id (``1e400`` is
    not one), title or namespace, and index lines with no document after them count as
    malformed.
    """
    articles: list[Article] = []
    counts = ParseCounts()
    pending = False  # an index line is waiting for its document
    pending_id: object = None
    for line in lines:
        doc = _decode(line)
        if doc is None:
            counts.malformed += 1
            pending = False
            continue
        if isinstance(doc, dict):
            if "index" in doc and len(doc) == 1:
                if pending:
                    counts.malformed += 1  # the previous index line never got its document
                header = doc["index"]
                pending, pending_id = True, header.get("_id") if isinstance(header, dict) else None
                continue
            doc = _Document(**{k: doc[k] for k in _Document.__struct_fields__ if k in doc})
        page_id = doc.page_id if doc.page_id is not msgspec.UNSET else pending_id if pending else None
        pending = False
        namespace, title, text = doc.namespace, doc.title, doc.text
        try:
            page_id = int(page_id)  # type: ignore[arg-type]
        except (TypeError, ValueError, OverflowError):  # OverflowError: 1e400 is inf
            counts.malformed += 1
            continue
        if not isinstance(namespace, int) or not isinstance(title, str):
            counts.malformed += 1
            continue
        if namespace != 0:
            counts.other_namespace += 1
            continue
        if not isinstance(text, str) or not text or text.isspace():  # blank: isspace, no stripped copy
            counts.empty_text += 1
            continue
        articles.append(Article(page_id, title, text))
        counts.ok += 1
    if pending:
        counts.malformed += 1
    return articles, counts
