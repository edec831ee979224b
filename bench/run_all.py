"""Run every benchmark script and write bench/results.md: one section per script, with the machine it ran on.

Usage: .venv/bin/python bench/run_all.py [--only NAME ...]   (what `make bench` runs)
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
# (name, script and arguments, what it measures); each script prints its own table.
BENCHMARKS = (
    ("segmentation", ["segmentation.py"], "sentence splitting of 10 MB against pysbd"),
    ("alignment", ["align.py"], "alignment F1 and step gains on the dev set; time and memory at 1×, 2×, 4×"),
    ("import", ["import.py"], "import + segment + align of 1 MB and 10 MB bilingual documents"),
    ("review", ["review.py"], "review page, rows page and save latency on a 20,000-sentence document"),
    ("export", ["export.py"], "export of 100,000 rows to txt, TMX and XLIFF against plain lxml"),
    ("qa", ["qa.py", "--no-synthetic"], "QA findings on the demo article"),
    ("qa_web", ["qa_web.py"], "QA of 20,000 rows with 5,000 glossary terms; re-check on save"),
    ("spelling", ["spelling.py"], "spelling: dictionary load, rows/s, re-check, real misspellings, demo"),
    ("glossary", ["glossary.py"], "term matching of 10,000 terms over 20,000 sentences"),
    ("memory", ["memory.py"], "translation-memory lookups against 10,000 and 200,000 entries"),
    ("dictionary", ["dictionary.py"], "project dictionary: words read, re-check on save, add a word"),
    ("resegment", ["resegment.py"], "re-segmentation preview, apply and undo at 1,000 to 20,000 sentences"),
)
TIME_LIMIT = 300


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown CPU")
    memory = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text()
                   .splitlines() if line.startswith("MemTotal")), 0)
    return (f"{cpu}, {os.cpu_count()} cores, {memory} GiB RAM, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def run(name: str, command: list[str]) -> tuple[str, float, int]:
    script = HERE / command[0]
    if not script.exists():
        return f"(not run: {command[0]} does not exist)", 0.0, 0
    started = time.monotonic()
    try:
        done = subprocess.run([sys.executable, str(script), *command[1:]], capture_output=True, text=True,
                              timeout=TIME_LIMIT, cwd=HERE.parent)
    except subprocess.TimeoutExpired:
        return f"(stopped after {TIME_LIMIT} s)", time.monotonic() - started, 1
    output = done.stdout.strip() + (f"\n\nstderr:\n{done.stderr.strip()[-2000:]}" if done.returncode else "")
    return output, time.monotonic() - started, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="names of the benchmarks to run")
    args = parser.parse_args()
    sections, failures = [], 0
    for name, command, what in BENCHMARKS:
        if args.only and name not in args.only:
            continue
        print(f"== {name}: {what}", flush=True)
        output, seconds, code = run(name, command)
        failures += code != 0
        print(output, flush=True)
        header = f"## {name}\n\n{what} (`bench/{' '.join(command)}`, {seconds:.0f} s)"
        sections.append(f"{header}\n\n```\n{output}\n```\n")
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    (HERE / "results.md").write_text(
        f"# Benchmark results\n\n{stamp} on {machine()}.\n\n" + "\n".join(sections), "utf-8")
    print(f"wrote {HERE / 'results.md'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
