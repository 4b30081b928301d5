"""Compiled regular expressions kept between processes, as Python keeps bytecode.

The inference rules are several hundred large patterns; ``re.compile`` spends about a second on
them (parsing and code generation are pure Python), and a description typically needs a third
of them. The program ``re`` generates for a pattern is a list of integers that ``_sre.compile``
turns into a ``Pattern`` in microseconds, so this module stores that program per pattern (keyed
by a digest of the source and flags) in a file in this package's ``__pycache__`` and rebuilds
the ``Pattern`` from it next time. The file names the Python build and the ``_sre`` engine
version it was made for and is ignored by any other; an entry that cannot be used, an unreadable
or unwritable file, or a Python without ``_sre.compile`` all fall back to ``re.compile``. A
rebuilt pattern equals the one ``re.compile`` makes (``Pattern.__eq__`` compares the program;
``tests/dialogs/test_regex_cache.py`` checks every rule).

The file is an index (digest -> where its program lies) followed by the programs, so a process
reads only the programs of the patterns it compiles (a text needs a third of the rules; all the
programs together are several megabytes). It writes only when something new was compiled,
atomically (a temporary file, then a rename), and never in a read-only installation (a
container image: there ``advisor serve`` compiles the rules once at start-up instead).
"""

from __future__ import annotations

import array
import hashlib
import importlib
import marshal
import mmap
import os
import re
import sys
from pathlib import Path
from typing import Any, Final

_sre: Any = importlib.import_module("_sre")
_parser: Any = importlib.import_module("re._parser")
_compiler: Any = importlib.import_module("re._compiler")

_HEADER: Final = f"{sys.version} sre {getattr(_sre, 'MAGIC', '?')} {getattr(_sre, 'CODESIZE', '?')}"
_USABLE: Final = (hasattr(_sre, "compile") and array.array("I").itemsize
                  == getattr(_sre, "CODESIZE", 0))

Program = tuple[int, bytes, int, dict[str, int]]
"""What ``_sre.compile`` needs besides the source: flags, code (as bytes), groups, group names."""


def _build(source: str, flags: int) -> tuple[re.Pattern[str], Program]:
    """``re.compile(source, flags)`` the way ``re._compiler.compile`` does it, keeping the
    program."""
    parsed = _parser.parse(source, flags)
    code = [int(c) for c in _compiler._code(parsed, flags)]
    program: Program = (int(flags | parsed.state.flags), array.array("I", code).tobytes(),
                        parsed.state.groups - 1,
                        {str(k): int(v) for k, v in parsed.state.groupdict.items()})
    return _load(source, program, code), program


def _load(source: str, program: Program, code: list[int] | None = None) -> re.Pattern[str]:
    flags, raw, groups, groupindex = program
    if code is None:
        words = array.array("I")
        words.frombytes(raw)
        code = words.tolist()
    indexgroup: list[str | None] = [None] * (groups + 1)
    for name, i in groupindex.items():
        indexgroup[i] = name
    pattern: re.Pattern[str] = _sre.compile(source, flags, code, groups, groupindex,
                                            tuple(indexgroup))
    return pattern


_PREFIX: Final = 8
"""Bytes before the index: its length, little-endian."""


class RegexCache:
    """``compile(source, flags)`` backed by a file of programs (see the module docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._index: dict[str, tuple[int, int]] | None = None
        """Digest -> (offset, length) of its marshalled program in the file."""
        self._data: memoryview | bytes = b""
        """The programs (the file, mapped: only those used are read)."""
        self._fresh: dict[str, Program] = {}
        """Programs compiled by this process, not yet in the file."""
        self.hits = 0
        self.misses = 0

    def _read(self) -> dict[str, tuple[int, int]]:
        if self._index is None:
            self._index = {}
            try:
                with self.path.open("rb") as f:
                    data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
                size = int.from_bytes(data[:_PREFIX], "little")
                if _PREFIX + size <= len(data):
                    # as trusted as the .pyc files beside it (and _sre validates every program)
                    header, index = marshal.loads(data[_PREFIX:_PREFIX + size])  # noqa: S302
                    if header == _HEADER and isinstance(index, dict):
                        self._data = memoryview(data)[_PREFIX + size:]
                        self._index = index
            except (OSError, ValueError, EOFError, TypeError):
                pass
        return self._index

    def _stored(self, key: str) -> Program | None:
        where = self._read().get(key)
        if where is None:
            return self._fresh.get(key)
        start, length = where
        program: Program = marshal.loads(self._data[start:start + length])  # noqa: S302
        return program

    def compile(self, source: str, flags: int = 0) -> re.Pattern[str]:
        if not _USABLE:
            return re.compile(source, flags)
        key = hashlib.sha256(f"{int(flags)}:{source}".encode("utf-8", "surrogatepass")).hexdigest()
        try:
            program = self._stored(key)
            if program is not None:
                pattern = _load(source, program)
                self.hits += 1
                return pattern
        except (TypeError, ValueError, RuntimeError, IndexError, EOFError):  # damaged
            self._read().pop(key, None)
        try:
            pattern, program = _build(source, flags)
        except (AttributeError, TypeError):  # an interpreter whose internals differ
            return re.compile(source, flags)
        self._fresh[key] = program
        self.misses += 1
        return pattern

    def save(self) -> None:
        """Write the file if something new was compiled (quietly skipped when it cannot be)."""
        if not self._fresh:
            return
        index = self._read()
        blobs: list[bytes] = []
        new_index: dict[str, tuple[int, int]] = {}
        offset = 0
        for key, (start, length) in index.items():
            if key not in self._fresh:
                blobs.append(bytes(self._data[start:start + length]))
                new_index[key] = (offset, length)
                offset += length
        try:
            for key, program in self._fresh.items():
                blob = marshal.dumps(program)
                blobs.append(blob)
                new_index[key] = (offset, len(blob))
                offset += len(blob)
            head = marshal.dumps((_HEADER, new_index))
        except ValueError:  # an entry marshal cannot write
            return
        self._index, self._data, self._fresh = new_index, b"".join(blobs), {}
        try:
            self.path.parent.mkdir(exist_ok=True)
            tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(len(head).to_bytes(_PREFIX, "little") + head + self._data)
            os.replace(tmp, self.path)
        except OSError:
            pass  # read-only: compile again next time


__all__ = ["RegexCache"]
