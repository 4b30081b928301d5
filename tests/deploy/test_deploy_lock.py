"""deploy/requirements.lock, the hash-pinned requirements the image installs with
``pip install --require-hashes``, checked against pyproject.toml (regenerate it with
deploy/lock.sh): every runtime dependency and build requirement is pinned with ``==`` to a
version inside pyproject's range, every entry carries sha256 hashes, and the Dockerfile installs
from it."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

import pytest
from deploy_support import REPO_ROOT
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

LOCK = REPO_ROOT / "deploy" / "requirements.lock"
PYPROJECT = REPO_ROOT / "pyproject.toml"
DOCKERFILE = REPO_ROOT / "deploy" / "Dockerfile"
# The image: Linux, CPython of the Dockerfile's PYTHON_IMAGE.
IMAGE_PYTHON = re.search(
    r"^ARG PYTHON_IMAGE=python:(\d+\.\d+\.\d+)-", DOCKERFILE.read_text(encoding="utf-8"), re.M
)
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")


@dataclass(frozen=True)
class Pin:
    name: str
    version: Version
    hashes: tuple[str, ...]
    marker: str


def _entries() -> list[str]:
    """The lock's requirement entries, continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n", " ", LOCK.read_text(encoding="utf-8"))
    entries = []
    for line in joined.splitlines():
        code = line.split(" #", 1)[0].strip()
        if code and not code.startswith("#"):
            entries.append(code)
    return entries


def _pins() -> dict[str, Pin]:
    pins: dict[str, Pin] = {}
    for entry in _entries():
        spec, *options = entry.split(" --hash=")
        requirement = Requirement(spec.strip())
        specifiers = list(requirement.specifier)
        assert len(specifiers) == 1 and specifiers[0].operator == "==", f"not pinned: {entry}"
        name = canonicalize_name(requirement.name)
        assert name not in pins, f"{name} twice in the lock"
        pins[name] = Pin(
            name,
            Version(specifiers[0].version),
            tuple(HASH.findall(entry)),
            str(requirement.marker or ""),
        )
        assert len(options) == len(pins[name].hashes), f"malformed hash in {entry}"
    return pins


def _image_environment() -> dict[str, str]:
    assert IMAGE_PYTHON, "deploy/Dockerfile has no ARG PYTHON_IMAGE=python:X.Y.Z-..."
    full = IMAGE_PYTHON.group(1)
    return {
        "python_version": ".".join(full.split(".")[:2]),
        "python_full_version": full,
        "sys_platform": "linux",
        "platform_system": "Linux",
        "os_name": "posix",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
    }


def _pyproject() -> dict[str, list[str]]:
    data = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    return {
        "runtime": data["project"]["dependencies"],
        "build": data["build-system"]["requires"],
    }


def test_lock_entries_are_pinned_and_hashed() -> None:
    pins = _pins()
    assert len(pins) >= len(_pyproject()["runtime"])
    for pin in pins.values():
        assert pin.hashes, f"{pin.name} has no --hash=sha256"


@pytest.mark.parametrize("kind", ["runtime", "build"])
def test_lock_covers_pyproject_within_its_ranges(kind: str) -> None:
    """Every requirement that applies in the image (markers evaluated for Linux and the
    Dockerfile's Python) is in the lock, at a version pyproject allows, with its extras' own
    requirements pinned as well."""
    pins = _pins()
    environment = _image_environment()
    checked = 0
    for text in _pyproject()[kind]:
        requirement = Requirement(text)
        if requirement.marker is not None and not requirement.marker.evaluate(environment):
            continue
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} ({kind}) is not in {LOCK.name}: run deploy/lock.sh"
        version = pins[name].version
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{name}=={version} in the lock is outside pyproject's {requirement.specifier}"
        )
        checked += 1
    assert checked, f"no {kind} requirement checked"


def test_lock_pins_the_crypto_extra_of_pyjwt() -> None:
    # pyjwt[crypto] needs cryptography; a lock made without the extra would miss it.
    assert "cryptography" in _pins()


def test_lock_markers_do_not_exclude_the_image() -> None:
    environment = _image_environment()
    for pin in _pins().values():
        if pin.marker:
            assert Marker(pin.marker).evaluate(environment), (
                f"{pin.name} is locked but its marker {pin.marker!r} excludes the image"
            )


def test_dockerfile_installs_from_the_lock_with_hashes() -> None:
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    assert re.search(r"^COPY deploy/requirements\.lock \./$", text, re.M)
    (install,) = [
        line for line in text.splitlines() if line.startswith("RUN pip install") and "-r " in line
    ]
    for flag in ("--require-hashes", "-r requirements.lock", "--only-binary=:all:"):
        assert flag in install, f"{flag} missing from {install!r}"
    # The project itself is built offline from the locked setuptools: nothing unhashed is fetched.
    (project,) = [line for line in text.splitlines() if re.match(r"RUN pip install .* \.( |$)", line)]
    for flag in ("--no-deps", "--no-build-isolation", "--no-index"):
        assert flag in project, f"{flag} missing from {project!r}"


def test_lock_header_says_how_to_regenerate() -> None:
    header = LOCK.read_text(encoding="utf-8").splitlines()[:3]
    assert any("deploy/lock.sh" in line for line in header), header
    assert (REPO_ROOT / "deploy" / "lock.sh").is_file()
