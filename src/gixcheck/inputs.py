"""Which files a run reads: paths as given, folders scanned, and the run's own files kept out.

A folder is scanned for every supported file below it, in sorted order.  The scan:

- never enters what ``exclude``/``extend-exclude`` name (a pattern without ``/`` matches any
  file or folder name, one with ``/`` a path; explicitly given files are always read, as in
  ruff);
- never picks up the run's own files — its outputs, its baseline, its configuration file, and the
  files its standard output and error are redirected to (``gixcheck reports/ > reports/out.txt``);
- never picks up what an earlier run of gixcheck wrote (a JSON, SARIF, JUnit or HTML output, a
  baseline, under any name): each format says so in its first bytes (:func:`own_output_kind`),
  and such a file is skipped with a note, never read as a report;
- does not follow symbolic links to folders (a link can loop, or lead out of the tree): each one
  is reported by name, never skipped silently;
- keeps a folder it cannot read as an input of its own, so the run reports it (GIX001, with the
  reason) instead of leaving its reports uncounted.

:func:`guard_outputs` refuses, before anything is opened, an output that would overwrite an input.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from gixcheck.selection import matcher

SUPPORTED_SUFFIXES = (".json", ".html", ".htm", ".shtml", ".txt", ".docx", ".pdf")
# gixcheck's own outputs and baselines say so at their start, each in its own format.  A bare
# "gixcheck" is not enough: every canonical report gixcheck extracts names its extractor
# (``"extractor": {"name": "gixcheck.text"}``), and such a report is an input, never an output.
_OWN_SIGNATURES: tuple[tuple[str, re.Pattern[bytes]], ...] = (
    (
        "json",
        re.compile(
            rb'\A\s*\{\s*"schema_version"\s*:\s*\d+\s*,\s*"tool"\s*:\s*\{\s*"name"\s*:\s*"gixcheck"'
        ),
    ),
    ("sarif", re.compile(rb'"tool"\s*:\s*\{\s*"driver"\s*:\s*\{\s*"name"\s*:\s*"gixcheck"')),
    ("junit", re.compile(rb'\A(?:<\?xml[^>]*>\s*)?<testsuites name="gixcheck"')),
    ("html", re.compile(rb'<meta name="generator" content="gixcheck[ "]')),
    # pages written before the generator tag: the header line under the title
    ("html", re.compile(rb'<header id="top"><h1>[^<]*</h1>\s*<p class="muted">gixcheck ')),
    ("baseline", re.compile(rb'\A\s*\{\s*"gixcheck_baseline"\s*:')),
)
_SNIFF = 16384
# only these can hold an output gixcheck writes (text and CSV outputs carry no signature)
_SNIFFED_SUFFIXES = (".json", ".html", ".htm", ".shtml", ".txt")


class InputsError(Exception):
    """The inputs cannot be used as asked (exit code 2); the message is the one line."""


@dataclass
class Scan:
    items: list[str] = field(default_factory=list)
    folder_links: list[str] = field(default_factory=list)  # symbolic links to folders, not followed
    own_skipped: list[str] = field(default_factory=list)  # given, but the run's own files
    # files an earlier gixcheck run wrote, with the format: (path, kind)
    earlier_outputs: list[tuple[str, str]] = field(default_factory=list)
    # files this run's standard output or error go to (given or found in a folder)
    streams_skipped: list[str] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)  # the folders scanned (as given)
    explicit: list[str] = field(default_factory=list)  # files given by name


def real(path: str) -> str:
    return os.path.realpath(os.path.abspath(path))


def excluded(path: str, patterns: Iterable[str]) -> bool:
    """Does a pattern name this file or folder (its name, or its path for a ``/`` pattern)?"""
    return matcher(tuple(patterns))(path)


def scan(
    paths: Sequence[str],
    excludes: Sequence[str] = (),
    own: Iterable[str] = (),
    outputs: Iterable[str] = (),
    streams: frozenset[tuple[int, int]] = frozenset(),
) -> Scan:
    """Files as given, folders as every supported file below them in sorted order.

    ``own`` files (baseline, configuration) given by name are skipped with a note; ``outputs``
    given by name stay inputs, so :func:`guard_outputs` refuses to overwrite them.  A folder
    scan skips both.  ``streams`` are the ``(device, inode)`` of the files the run's standard
    output and error are redirected to (:func:`redirected_streams`): skipped wherever they are.
    Files an earlier run wrote are skipped too, given by name or found.
    """
    outputs_real = {real(p) for p in outputs}
    own_real = {real(p) for p in own} | outputs_real
    out = Scan()
    for p in paths:
        if p == "-":
            out.items.append("-")
            continue
        try:
            st = os.stat(p)
        except FileNotFoundError:
            raise InputsError(f"{p}: no such file or folder") from None
        except OSError as exc:
            # a path we cannot even stat is still an input: reading it reports why
            st = None
            if not os.path.lexists(p):
                raise InputsError(f"{p}: {exc.strerror}") from None
        if st is not None and stat.S_ISDIR(st.st_mode):
            out.folders.append(p)
            found: list[str] = []
            _walk(p, tuple(excludes), own_real, found, out.folder_links)
            for f in sorted(found):
                _take(f, None, streams, out)
        elif real(p) in own_real and real(p) not in outputs_real:
            out.own_skipped.append(p)
        elif real(p) in outputs_real:
            out.explicit.append(p)
            out.items.append(p)
        else:
            _take(p, st, streams, out, explicit=True)
    return out


def _take(
    path: str,
    st: os.stat_result | None,
    streams: frozenset[tuple[int, int]],
    out: Scan,
    *,
    explicit: bool = False,
) -> None:
    """Add ``path`` as an input unless it is this run's redirected output or an earlier run's."""
    if streams:
        try:
            st = st or os.stat(path)
        except OSError:
            st = None
        if st is not None and (st.st_dev, st.st_ino) in streams:
            out.streams_skipped.append(path)
            return
    kind = own_output_kind(path) if path.lower().endswith(_SNIFFED_SUFFIXES) else None
    if kind is not None:
        out.earlier_outputs.append((path, kind))
        return
    if explicit:
        out.explicit.append(path)
    out.items.append(path)


def redirected_streams() -> frozenset[tuple[int, int]]:
    """``(device, inode)`` of the regular files standard output and error are redirected to.

    The shell creates ``out.txt`` of ``gixcheck reports/ > reports/out.txt`` before gixcheck
    starts, so the scan would find it; a terminal, pipe or ``/dev/null`` is not a file and is
    not listed.
    """
    ids: set[tuple[int, int]] = set()
    for fd in (1, 2):
        try:
            st = os.fstat(fd)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            ids.add((st.st_dev, st.st_ino))
    return frozenset(ids)


def _walk(
    folder: str, excludes: tuple[str, ...], own: set[str], found: list[str], links: list[str]
) -> None:
    try:
        with os.scandir(folder) as it:
            entries = list(it)
    except OSError:
        found.append(folder)  # read as an input it fails with the reason: reported, counted
        return
    for e in entries:
        path = os.path.join(folder, e.name)
        if excluded(path, excludes):
            continue
        try:
            is_dir = e.is_dir(follow_symlinks=False)
            is_link = e.is_symlink()
        except OSError:
            found.append(path)
            continue
        if is_dir:
            _walk(path, excludes, own, found, links)
        elif is_link and os.path.isdir(path):
            links.append(path)
        elif e.name.lower().endswith(SUPPORTED_SUFFIXES) and real(path) not in own:
            found.append(path)  # a dangling link too: reading it says it is missing


def _excluded_below(folder: str, path: str, patterns: Sequence[str]) -> bool:
    """Would the scan of ``folder`` skip ``path`` (itself or a folder on the way excluded)?"""
    rel = os.path.relpath(path, folder).split(os.sep)
    return any(excluded(os.path.join(folder, *rel[: i + 1]), patterns) for i in range(len(rel)))


def own_output_kind(path: str) -> str | None:
    """The format (``json``, ``sarif``, ``junit``, ``html``, ``baseline``) if gixcheck wrote the
    file at ``path``, else None (a report, or unreadable: reading it will say why)."""
    try:
        # only a regular file: opening a FIFO or a device to look would block or consume it
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with open(path, "rb") as f:
            head = f.read(_SNIFF)
    except OSError:
        return None
    if b"gixcheck" not in head:  # in every signature: most files are told without a search
        return None
    for kind, signature in _OWN_SIGNATURES:
        if signature.search(head):
            return kind
    return None


def is_own_output(path: str) -> bool:
    """Is the file at ``path`` something gixcheck wrote (an output or a baseline)?"""
    return own_output_kind(path) is not None


def guard_outputs(
    outputs: Sequence[tuple[str, str]], found: Scan, excludes: Sequence[str] = ()
) -> None:
    """Refuse an output (``(option, path)``) that would overwrite an input of the run.

    An input is a file given by name, or a report the scan of a folder would read: an existing
    file there is overwritten only when gixcheck wrote it (a previous run's output).
    """
    inputs = {real(p): p for p in found.explicit}
    folders = [real(f) for f in found.folders]
    seen: dict[str, str] = {}
    for option, path in outputs:
        r = real(path)
        if r in seen:
            raise InputsError(f"{option} {path}: already written by {seen[r]}")
        seen[r] = f"{option} {path}"
        if os.path.isdir(path):
            raise InputsError(f"{option} {path}: is a folder")
        if r in inputs:
            raise InputsError(
                f"{option} {path}: is an input of this run (it would be overwritten before it"
                " is read); write the output to another file"
            )
        scanned = [f for f in folders if r.startswith(f.rstrip(os.sep) + os.sep)]
        if (
            scanned
            and os.path.lexists(path)
            and path.lower().endswith(SUPPORTED_SUFFIXES)
            and not any(_excluded_below(f, r, excludes) for f in scanned)
            and not is_own_output(path)
        ):
            raise InputsError(
                f"{option} {path}: would overwrite a report in the folder being checked; write"
                " the output to another file"
            )
