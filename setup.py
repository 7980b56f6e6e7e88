"""Builds the optional compiled CloudTrail scanner (``ueba.io._scan``); metadata is in pyproject.

Without a C compiler (or Cython) the build of the extension fails and is skipped with a
message: ``ueba`` then uses its pure-Python parser, which gives the same tables, slower.
"""

from __future__ import annotations

import os
import sys

from setuptools import setup
from setuptools.command.build_ext import build_ext


class OptionalBuildExt(build_ext):
    """Build extensions, but let the install go on if one cannot be compiled."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # no compiler, no headers: the pure path still works
            print(
                f"ueba: the compiled scanner was not built ({exc}); using pure Python",
                file=sys.stderr,
            )

    def build_extension(self, ext: object) -> None:
        try:
            super().build_extension(ext)
        except Exception as exc:
            print(
                f"ueba: the compiled scanner was not built ({exc}); using pure Python",
                file=sys.stderr,
            )


def _extensions() -> list[object]:
    if os.environ.get("UEBA_NO_EXTENSION"):
        return []
    try:
        from Cython.Build import cythonize
    except ImportError:
        print("ueba: Cython is not installed; the compiled scanner is skipped", file=sys.stderr)
        return []
    from setuptools import Extension

    extension = Extension(
        "ueba.io._scan",
        ["ueba/io/_scan.pyx"],
        depends=["ueba/io/_secrets.pxi"],  # included by _scan.pyx; listed so sdists carry it
        extra_compile_args=["-O2"],
    )
    return list(cythonize([extension], compiler_directives={"boundscheck": True}, quiet=True))


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
