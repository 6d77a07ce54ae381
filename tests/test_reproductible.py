"""Builds are byte-identical whatever the machine's time zone, locale and hash seed (the audit
of issue 17 found them so under seven variations: this keeps three of them)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES, make_project


def _build(root: Path, site: Path, **env: str) -> dict[str, str]:
    environment = dict(os.environ, CQPSITE_DOCUMENTS="0", **env)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)]
    subprocess.run(command, cwd=root, env=environment, check=True, timeout=300)
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_time_zone_locale_and_hash_seed_change_no_byte(tmp_path: Path) -> None:
    root = make_project(tmp_path, FIXTURES / "mini" / "referentiels")
    one = _build(root, tmp_path / "un", TZ="UTC", LC_ALL="C", PYTHONHASHSEED="0")
    two = _build(
        root, tmp_path / "deux", TZ="Pacific/Kiritimati", LC_ALL="C.UTF-8", PYTHONHASHSEED="4242"
    )
    assert len(one) > 20
    assert sorted(k for k in one.keys() | two.keys() if one.get(k) != two.get(k)) == []
