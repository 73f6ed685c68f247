"""Running corpus jobs in driver processes under a time and memory limit, telling hangs and crashes from answers."""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import threading
from pathlib import Path

from tests.conftest import ROOT

JOB_SECONDS = 90            # PDF screening alone may take 30 s before it gives up
DRIVER_MEMORY_BYTES = 3 * 1024 ** 3


def run_jobs(jobs: list[dict], *, work: Path, template: Path, contract: Path, env: dict,
             shards: int = 2) -> list[dict]:
    """Every job's record; a job that hung or crashed its driver gets {"hang"/"crash": True}."""
    groups: dict[str, list[dict]] = {}
    for job in jobs:
        groups.setdefault(job["file"], []).append(job)
    buckets: list[list[dict]] = [[] for _ in range(shards)]
    for number, group in enumerate(sorted(groups.values(), key=lambda g: g[0]["file"])):
        buckets[number % shards].extend(group)
    records: list[dict] = []
    lock = threading.Lock()

    def worker(index: int, bucket: list[dict]) -> None:
        found = _run_bucket(bucket, work, template, contract, env, f"shard-{index}")
        with lock:
            records.extend(found)

    threads = [threading.Thread(target=worker, args=(i, b)) for i, b in enumerate(buckets) if b]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(records, key=lambda r: r["id"])


def _run_bucket(jobs: list[dict], work: Path, template: Path, contract: Path, env: dict,
                name: str) -> list[dict]:
    spec = work / f"{name}.json"
    spec.write_text(json.dumps({"jobs": jobs, "work": str(work), "template": str(template),
                                "contract": str(contract), "memory_bytes": DRIVER_MEMORY_BYTES}),
                    "utf-8")
    records: list[dict] = []
    position = 0
    while position < len(jobs):
        found, stopped_at, failure = _run_driver(spec, position, jobs, env, work / f"{name}.stderr")
        records += found
        position += len(found)
        if failure is not None:
            job = jobs[stopped_at]
            records.append({"id": job["id"], "entry": job["entry"], "file": job["file"], failure: True,
                            "stdout": "", "stderr": failure})
            position = stopped_at + 1
    return records


def _run_driver(spec: Path, start: int, jobs: list[dict], env: dict, stderr_file: Path):
    """(records, index of the job that failed, "hang"/"crash" or None)."""
    with open(stderr_file, "ab") as errors:
        child = subprocess.Popen([sys.executable, "-m", "tests.corpus.driver", str(spec), str(start)],
                                 cwd=env["KKRDESK_CORPUS_CWD"], env=env, stdout=subprocess.PIPE,
                                 stderr=errors, text=True, encoding="utf-8")
    selector = selectors.DefaultSelector()
    selector.register(child.stdout, selectors.EVENT_READ)
    records: list[dict] = []
    current = start
    try:
        while True:
            if not selector.select(timeout=JOB_SECONDS):
                child.kill()
                child.wait()
                return records, current, "hang"
            line = child.stdout.readline()
            if not line:
                code = child.wait()
                if current < len(jobs) and len(records) < len(jobs) - start:
                    return records, current, f"crash (exit {code})"
                return records, current, None
            message = json.loads(line)
            if "start" in message:
                current = start + len(records)
            else:
                records.append(message["done"])
    finally:
        selector.close()
        child.stdout.close()
        if child.poll() is None:
            child.kill()
            child.wait()


def corpus_environment(root: Path) -> dict:
    """The environment of a driver: private user folders, temp folder and home, no LibreOffice."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("XDG_")}
    for variable in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        env[variable] = str(root / "xdg" / variable.lower())
    env.update({"HOME": str(root / "home"), "TMPDIR": str(root / "tmp"), "PYTHONPATH": str(ROOT),
                "KKRDESK_NO_LIBREOFFICE": "1", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
                "PYTHONIOENCODING": "utf-8", "QT_QPA_PLATFORM": "offscreen",
                "KKRDESK_CORPUS_CWD": str(root / "cwd")})
    for folder in ("home", "tmp", "cwd"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    return env
