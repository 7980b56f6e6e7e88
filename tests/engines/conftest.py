"""One local Spark session per test run, on loopback, with Java found or installed first."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest


def _java_major() -> int | None:
    java = shutil.which("java")
    if java is None:
        return None
    out = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    found = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if found is None:
        return None
    major = int(found.group(1))
    return int(found.group(2) or 0) if major == 1 else major  # "1.8" is Java 8


def _install_java() -> None:
    """Debian's headless JRE 17, as CI (root) can; elsewhere the Spark tests are skipped."""
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    wait = ["-o", "DPkg::Lock::Timeout=600"]  # another xdist worker may be installing chromium
    subprocess.run(["apt-get", *wait, "update", "-qq"], check=False, env=env, capture_output=True)
    subprocess.run(
        [
            "apt-get",
            *wait,
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            "openjdk-17-jre-headless",
        ],
        check=False,
        env=env,
        capture_output=True,
    )


@pytest.fixture(scope="session")
def spark_session() -> Iterator[Any]:
    """A ``local[2]`` session: 2 shuffle partitions, UI off, bound to 127.0.0.1, a C1-only JVM."""
    pytest.importorskip("pyspark", reason="pyspark is in the dev extra (ueba[spark])")
    if (_java_major() or 0) < 17:
        _install_java()
    if (_java_major() or 0) < 17:
        pytest.skip("Spark needs Java 17+ (apt-get install openjdk-17-jre-headless)")
    from ueba.engines.spark import build_session

    # a test session lives a minute or two: the JVM's client compiler only (C1) and one GC
    # thread: ~23 -> ~13 CPU s for a session's start and stop (benchmarks/README.md, ci15a)
    java = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
    session = build_session(
        "local[2]",
        app_name="ueba-tests",
        shuffle_partitions=2,
        conf={"spark.driver.extraJavaOptions": java},
    )
    try:
        yield session
    finally:
        session.stop()


@pytest.fixture(scope="session")
def spark_engine(spark_session: Any) -> Any:
    from ueba.engines.spark import SparkEngine

    return SparkEngine(spark=spark_session)
