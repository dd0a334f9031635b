"""Which files a run reads: paths as given, folders scanned, and the run's own files kept out.

A folder is scanned for every supported file below it, in sorted order.  The scan:

- never enters what ``exclude``/``extend-exclude`` name (a pattern without ``/`` matches any
  file or folder name, one with ``/`` a path; explicitly given files are always read, as in
  ruff);
- never picks up the run's own files — its outputs, its baseline, its configuration file — so
  an output written into the checked folder is not read back as a report next time;
- does not follow symbolic links to folders (a link can loop, or lead out of the tree): each one
  is reported by name, never skipped silently;
- keeps a folder it cannot read as an input of its own, so the run reports it (GIX001, with the
  reason) instead of leaving its reports uncounted.

:func:`guard_outputs` refuses, before anything is opened, an output that would overwrite an input.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from gixcheck.selection import matches

SUPPORTED_SUFFIXES = (".json", ".html", ".htm", ".shtml", ".txt", ".docx", ".pdf")
# gixcheck's own outputs and baselines say so near their start; a report never does.
_OWN_MARK = b"gixcheck"
_SNIFF = 8192


class InputsError(Exception):
    """The inputs cannot be used as asked (exit code 2); the message is the one line."""


@dataclass
class Scan:
    items: list[str] = field(default_factory=list)
    folder_links: list[str] = field(default_factory=list)  # symbolic links to folders, not followed
    own_skipped: list[str] = field(default_factory=list)  # given, but the run's own files
    folders: list[str] = field(default_factory=list)  # the folders scanned (as given)
    explicit: list[str] = field(default_factory=list)  # files given by name


def real(path: str) -> str:
    return os.path.realpath(os.path.abspath(path))


def excluded(path: str, patterns: Iterable[str]) -> bool:
    """Does a pattern name this file or folder (its name, or its path for a ``/`` pattern)?"""
    return any(matches(p, path) for p in patterns)


def scan(
    paths: Sequence[str],
    excludes: Sequence[str] = (),
    own: Iterable[str] = (),
    outputs: Iterable[str] = (),
) -> Scan:
    """Files as given, folders as every supported file below them in sorted order.

    ``own`` files (baseline, configuration) given by name are skipped with a note; ``outputs``
    given by name stay inputs, so :func:`guard_outputs` refuses to overwrite them.  A folder
    scan skips both.
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
            out.items.extend(sorted(found))
        elif real(p) in own_real and real(p) not in outputs_real:
            out.own_skipped.append(p)
        else:
            out.explicit.append(p)
            out.items.append(p)
    return out


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


def is_own_output(path: str) -> bool:
    """Is the file at ``path`` something gixcheck wrote (an output or a baseline)?"""
    try:
        with open(path, "rb") as f:
            head = f.read(_SNIFF)
    except OSError:
        return False
    return _OWN_MARK in head


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
