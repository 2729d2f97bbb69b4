"""The package version, read from prspread/_raw.py (generated from the C
header's PR_VERSION_* macros) without importing the package, which would
load the shared library."""
import os
import re

from setuptools import setup


def header_version():
    raw = os.path.join(os.path.dirname(os.path.abspath(__file__)), "prspread", "_raw.py")
    with open(raw, encoding="utf-8") as f:
        text = f.read()
    parts = [re.search(rf"^PR_VERSION_{p} = (\d+)$", text, re.M) for p in ("MAJOR", "MINOR", "PATCH")]
    if not all(parts):
        raise RuntimeError(f"{raw} lacks PR_VERSION_MAJOR/MINOR/PATCH")
    return ".".join(m.group(1) for m in parts)


setup(version=header_version())
