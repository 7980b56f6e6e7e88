"""Builds the optional compiled extensions; metadata is in pyproject.

``ueba.io._scan`` is the CloudTrail scanner; ``ueba.io._inflate`` inflates a whole gzip member
in one call with libdeflate, whose decompression sources are vendored in
``ueba/io/_libdeflate`` (MIT, its licence beside them). Without a C compiler (or Cython) each
build fails and is skipped with a message: ``ueba`` then uses its pure-Python parser and isal,
which give the same tables, slower.
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
                f"ueba: the compiled extensions were not built ({exc}); using pure Python",
                file=sys.stderr,
            )

    def build_extension(self, ext: object) -> None:
        try:
            super().build_extension(ext)
        except Exception as exc:
            name = getattr(ext, "name", "an extension")
            print(
                f"ueba: {name} was not built ({exc}); ueba works without it, more slowly",
                file=sys.stderr,
            )


# libdeflate's decompression only (its version in ueba/io/_libdeflate/README.md).
_LIBDEFLATE = "ueba/io/_libdeflate"
_LIBDEFLATE_SOURCES = (
    "deflate_decompress.c",
    "gzip_decompress.c",
    "crc32.c",
    "utils.c",
    "x86/cpu_features.c",
    "arm/cpu_features.c",
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
    inflate = Extension(
        "ueba.io._inflate",
        ["ueba/io/_inflate.pyx", *(f"{_LIBDEFLATE}/lib/{name}" for name in _LIBDEFLATE_SOURCES)],
        include_dirs=[_LIBDEFLATE],
        depends=[f"{_LIBDEFLATE}/libdeflate.h"],
        extra_compile_args=["-O2"],
    )
    return list(
        cythonize([extension, inflate], compiler_directives={"boundscheck": True}, quiet=True)
    )


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
