"""DESIGN.md's rule for the code: no runtime file over 600 lines (one idea per module). A file
that grows past it fails here, before a newcomer has to read it."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 600


def test_no_runtime_file_is_over_600_lines():
    tracked = subprocess.run(["git", "ls-files", "*.py", "*.js"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    runtime = [name for name in tracked if not name.startswith(("tests/", "bench/"))]
    assert len(runtime) > 50  # the app's own files were found
    long = {name: n for name in runtime if (n := len((ROOT / name).read_text(encoding="utf-8").splitlines())) > LIMIT}
    assert not long, long
