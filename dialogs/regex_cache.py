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

It writes only when something new was compiled, atomically (a temporary file, then a rename),
and never in a read-only installation (a container image: there ``advisor serve`` compiles the
rules once at start-up instead).
"""

from __future__ import annotations

import array
import hashlib
import importlib
import marshal
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


class RegexCache:
    """``compile(source, flags)`` backed by a file of programs (see the module docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._entries: dict[str, Program] | None = None
        self._dirty = False
        self.hits = 0
        self.misses = 0

    def _read(self) -> dict[str, Program]:
        if self._entries is None:
            self._entries = {}
            try:
                # as trusted as the .pyc files beside it (and _sre validates every program)
                header, entries = marshal.loads(self.path.read_bytes())  # noqa: S302
                if header == _HEADER and isinstance(entries, dict):
                    self._entries = entries
            except (OSError, ValueError, EOFError, TypeError):
                pass
        return self._entries

    def compile(self, source: str, flags: int = 0) -> re.Pattern[str]:
        if not _USABLE:
            return re.compile(source, flags)
        entries = self._read()
        key = hashlib.sha256(f"{int(flags)}:{source}".encode("utf-8", "surrogatepass")).hexdigest()
        program = entries.get(key)
        if program is not None:
            try:
                pattern = _load(source, program)
                self.hits += 1
                return pattern
            except (TypeError, ValueError, RuntimeError, IndexError):  # damaged: compile afresh
                del entries[key]
        try:
            pattern, program = _build(source, flags)
        except (AttributeError, TypeError):  # an interpreter whose internals differ
            return re.compile(source, flags)
        entries[key] = program
        self._dirty = True
        self.misses += 1
        return pattern

    def save(self) -> None:
        """Write the file if something new was compiled (quietly skipped when it cannot be)."""
        if not self._dirty or self._entries is None:
            return
        self._dirty = False
        try:
            self.path.parent.mkdir(exist_ok=True)
            tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(marshal.dumps((_HEADER, self._entries)))
            os.replace(tmp, self.path)
        except (OSError, ValueError):
            pass  # read-only (or an entry marshal cannot write): compile again next time


__all__ = ["RegexCache"]
