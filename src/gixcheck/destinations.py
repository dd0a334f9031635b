"""Where an output goes: a file written atomically, or standard output.

A file is written to a temporary file in its own folder and renamed over the target only when
the whole run succeeded, so an existing output is never destroyed by a run that fails or is
interrupted, and a half-written file never sits under the output's name looking complete.

Machine formats (everything not meant for a person at a terminal) are UTF-8 on standard output
whatever the locale says (GB18030, GBK, latin-1, C): a JSON, SARIF or CSV document has one
encoding.  The text format follows the terminal, with characters it cannot show replaced.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import sys
import tempfile
from typing import Any


class OutputError(Exception):
    """An output cannot be written; the message is the one line to show."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class Destination:
    """One output: ``open()`` it, write to ``handle``, then ``commit()`` or ``discard()``."""

    def __init__(self, path: str | None, *, terminal: bool = False) -> None:
        self.path = None if path in (None, "-") else path
        self.terminal = terminal
        self.handle: Any = None
        self._tmp: str | None = None
        self._target: str | None = None

    @property
    def to_stdout(self) -> bool:
        return self.path is None

    def open(self) -> Any:
        if self.path is None:
            self.handle = self._stdout()
            return self.handle
        path = self.path
        target = os.path.realpath(path)
        try:
            st = os.stat(target)
        except FileNotFoundError:
            st = None
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror}") from None
        try:
            if st is not None and not stat.S_ISREG(st.st_mode):
                # a device or a pipe (-o /dev/stdout): nothing to rename over, write through
                self.handle = open(target, "w", encoding="utf-8", newline="")  # noqa: SIM115
                return self.handle
            folder = os.path.dirname(target) or "."
            fd, tmp = tempfile.mkstemp(
                prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder
            )
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror}") from None
        self._tmp, self._target = tmp, target
        mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
        with contextlib.suppress(OSError):
            os.chmod(tmp, mode)
        # newline="": formats choose their own line ends (CSV's are CRLF)
        self.handle = open(fd, "w", encoding="utf-8", newline="")  # noqa: SIM115
        return self.handle

    def _stdout(self) -> Any:
        out = sys.stdout
        buffer = getattr(out, "buffer", None)
        if self.terminal or buffer is None:
            return out
        out.flush()
        return io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=True)

    def commit(self) -> None:
        """The output is complete: flush it, and put a file in place under its name."""
        h = self.handle
        if h is None:
            return
        try:
            if self.path is None:
                h.flush()
                if h is not sys.stdout:
                    h.detach()
                return
            h.close()
            if self._tmp is not None and self._target is not None:
                os.replace(self._tmp, self._target)
                self._tmp = None
        except OSError as exc:
            self.discard()
            if self.path is None:
                raise
            raise OutputError(f"cannot write {self.path}: {exc.strerror}") from None
        finally:
            self.handle = None

    def discard(self) -> None:
        """The run failed or was stopped: leave no half file (an existing output stays)."""
        h, self.handle = self.handle, None
        if h is not None and self.path is None and h is not sys.stdout:
            with contextlib.suppress(OSError, ValueError):
                h.flush()
            with contextlib.suppress(OSError, ValueError):
                h.detach()
        elif h is not None:
            with contextlib.suppress(OSError):
                h.close()
        if self._tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._tmp)
            self._tmp = None
