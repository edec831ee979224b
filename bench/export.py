"""Export benchmark: 100,000 synthetic units to txt, TMX and XLIFF 1.2/2.1, each in a fresh process.

Prints seconds, peak RSS and output size per case, next to two references measured in the same run:
`baseline` (generate the units, write nothing: interpreter + imports + data) and `<format>-floor` (the
same unit elements, built by the writer's own code into one lxml tree and serialised with `tostring`: the
plain non-streaming way). Usage:

    .venv/bin/python bench/export.py [--units 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lxml import etree  # noqa: E402

from segments.formats import FORMATS, Bitext, Note, Piece, Unit, tmx, xliff12, xliff21  # noqa: E402

CASES = ("baseline", "txt", "tmx", "tmx-floor", "xliff12", "xliff12-floor", "xliff21", "xliff21-floor")
ZH = "科学工作者是国家的宝贵财富，要加强基础研究和原始创新。"
EN = "Scientists are a precious asset of the nation & must strengthen <basic> research."
WHEN = datetime(2024, 5, 29, 8, 30, tzinfo=UTC)


def synthetic_units(count: int) -> Iterator[Unit]:
    """Yield `count` varied units lazily, as a database cursor would."""
    states = ("new", "edited", "confirmed", "flagged")
    for index in range(count):
        notes = (Note(f"note {index}", "reviewer", WHEN),) if index % 10 == 0 else ()
        yield Unit(f"link-{index}", f"{ZH}{index}", f"{EN} {index}", mt=f"{EN} (MT {index})",
                   state=states[index % 4], notes=notes, paragraph=index // 5, changed=WHEN, author="ann")


def _pieces(count: int) -> Iterator[Piece]:
    for unit in synthetic_units(count):
        yield Piece(unit.target, "\n\n" if int(unit.key[5:]) % 5 == 4 else " ", unit.paragraph)


def _lxml_floor(case: str, count: int, out) -> None:
    """Build the whole document as one tree from the writers' own unit elements, then `tostring` it."""
    build = {"tmx": lambda unit: tmx._tu(unit, "zh", "en"), "xliff12": xliff12._trans_unit,
             "xliff21": xliff21._unit}[case]
    root = etree.Element("document")
    body = etree.SubElement(root, "body")
    for unit in synthetic_units(count):
        body.append(build(unit))
    out.write(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def run_case(case: str, count: int) -> dict[str, float | int | str]:
    """Run one case in this process and return its measurements."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"out.{case}"
        start = time.perf_counter()
        with path.open("wb") as out:
            if case == "baseline":
                sum(1 for _ in synthetic_units(count))
            elif case.endswith("-floor"):
                _lxml_floor(case.removesuffix("-floor"), count, out)
            elif case == "txt":
                FORMATS["txt"].write(_pieces(count), out)
            else:
                FORMATS[case].write(Bitext("Bench", "zh", "en", "bench", synthetic_units(count)), out)
        seconds = time.perf_counter() - start
        size = path.stat().st_size
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {"case": case, "seconds": round(seconds, 3), "peak_rss_mib": round(peak_kib / 1024, 1),
            "output_mib": round(size / 2**20, 1)}


def main(argv: list[str] | None = None) -> int:
    """Run every case in a fresh subprocess and print a table (or, with --case, one JSON line)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--case", choices=CASES, help="run one case here and print JSON (used internally)")
    args = parser.parse_args(argv)
    if args.case:
        print(json.dumps(run_case(args.case, args.units)))
        return 0
    print(f"{args.units:,} units; each case in a fresh process\n")
    print(f"{'case':<15}{'seconds':>9}{'peak RSS MiB':>14}{'output MiB':>12}")
    env = dict(os.environ, PYTHONHASHSEED="0")
    for case in CASES:
        command = [sys.executable, __file__, "--case", case, "--units", str(args.units)]
        done = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
        result = json.loads(done.stdout)
        print(f"{case:<15}{result['seconds']:>9.2f}{result['peak_rss_mib']:>14.1f}{result['output_mib']:>12.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
