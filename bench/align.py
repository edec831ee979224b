"""Benchmark the aligner: mac-dev accuracy through the real `bitext align` command, omissions, speed, memory.

    .venv/bin/python bench/align.py [--shared ../shared] [--sizes 4875,9750,19500] [--skip-accuracy]

Accuracy needs ../shared (the mac-dev set and align_score.py) and is skipped with a message without it.
Omissions: 5% of mac-dev's one-to-one beads lose their English sentence (a sentence the MT dropped) or,
separately, their source sentence (one it added); counted is how many of those come out as a 1-0 (0-1)
row of their own, which is what makes an omission show up in the review grid.
Speed and memory are measured in a child process per size (peak RSS of that process alone), on synthetic
documents built from mac-dev when it is present and from generated sentences otherwise.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIRECTIONS = {"zh↔en": ("zh", "zh"), "trans↔en": ("trans", "en")}


def _bitext_command() -> Path:
    return Path(sys.executable).with_name("bitext")


def accuracy(shared: Path, workdir: Path) -> None:
    """Align every mac-dev file in both directions with `bitext align --presplit` and print the scores."""
    data, scorer = shared / "data/align/mac-dev", shared / "bench/align_score.py"
    if not data.is_dir() or not scorer.is_file():
        print(f"accuracy: skipped, {data} or {scorer} is missing")
        return
    for name, (folder, lang) in DIRECTIONS.items():
        out = workdir / folder
        out.mkdir()
        started = time.perf_counter()
        for src in sorted((data / folder).iterdir()):
            # the MT track gives the aligner the MT's Chinese source, as the app does (the bridge)
            source = ["--source", str(data / "zh" / src.name)] if folder == "trans" else []
            links = subprocess.run(
                [str(_bitext_command()), "align", str(src), str(data / "en" / src.name), "--presplit",
                 "--src-lang", lang, "--tgt-lang", "en", *source],
                check=True, capture_output=True, text=True).stdout
            (out / f"{src.name}.align").write_text(links, encoding="utf-8")
        seconds = time.perf_counter() - started
        command = [sys.executable, str(scorer), str(data / "gold"), str(out), "--json"]
        report = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        strict, lax = report["strict"], report["lax"]
        print(f"{name:9}  strict P/R/F1 {strict['precision']:.3f}/{strict['recall']:.3f}/{strict['f1']:.3f}"
              f"   lax P/R/F1 {lax['precision']:.3f}/{lax['recall']:.3f}/{lax['f1']:.3f}   ({seconds:.1f} s)")


def _score(shared: Path, out: Path) -> float:
    command = [sys.executable, str(shared / "bench/align_score.py"), str(shared / "data/align/mac-dev/gold"),
               str(out), "--json"]
    report = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    return report["strict"]["f1"]


def _dev_f1(shared: Path, out: Path, folder: str, lang: str, steps: frozenset[str]) -> float:
    """Align every mac-dev file of one track in-process with the given steps and score the result."""
    from segments.align import align, format_links

    data = shared / "data/align/mac-dev"
    out.mkdir()
    for path in sorted((data / folder).iterdir()):
        lines = {side: (data / side / path.name).read_text(encoding="utf-8").splitlines()
                 for side in (folder, "en", "zh")}
        links = align(lines[folder], lines["en"], lang, "en", steps=steps,
                      source=lines["zh"] if folder == "trans" else None)
        (out / f"{path.name}.align").write_text(format_links(links), encoding="utf-8")
    return _score(shared, out)


def step_gains(shared: Path, workdir: Path) -> None:
    """Strict F1 with all steps, and each step's gain (the score lost without it), on both tracks."""
    from segments.align.aligner import STEPS

    if not (shared / "data/align/mac-dev").is_dir():
        print("step gains: skipped, mac-dev is missing")
        return
    for track, (folder, lang) in DIRECTIONS.items():
        full = _dev_f1(shared, workdir / f"{folder}-all", folder, lang, STEPS)
        without = {step: _dev_f1(shared, workdir / f"{folder}-{step}", folder, lang, STEPS - {step})
                   for step in sorted(STEPS)}
        gains = "  ".join(f"{step} {full - f1:+.3f}" for step, f1 in without.items())
        print(f"{track:9}  strict F1 {full:.3f} with all steps (in-process, MT with its Chinese source); "
              f"gain of each step: {gains}")


def _beads(gold: Path) -> list[tuple[list[int], list[int]]]:
    beads = []
    for line in gold.read_text(encoding="utf-8").split():
        left, right = (side.strip("[]") for side in line.split(":")[:2])
        beads.append(([int(i) for i in left.split(",") if i], [int(i) for i in right.split(",") if i]))
    return beads


def omissions(shared: Path, rate: float = 0.05, seed: int = 1) -> None:
    """Drop sentences from one side of mac-dev and count the dropped ones aligned as rows of their own."""
    from segments.align import align

    data = shared / "data/align/mac-dev"
    if not data.is_dir():
        print(f"omissions: skipped, {data} is missing")
        return
    for dropped_side, label in ((1, "MT sentence dropped (1-0)"), (0, "sentence added in MT (0-1)")):
        rng, found, total = random.Random(seed), 0, 0
        for gold in sorted((data / "gold").iterdir()):
            texts = ((data / "zh" / gold.stem).read_text(encoding="utf-8").splitlines(),
                     (data / "en" / gold.stem).read_text(encoding="utf-8").splitlines())
            beads = _beads(gold)
            one_to_one = [i for i, (a, b) in enumerate(beads) if len(a) == len(b) == 1]
            drop = set(rng.sample(one_to_one, max(1, round(rate * len(beads)))))
            sides: tuple[list[str], list[str]] = ([], [])
            alone = []
            for i, bead in enumerate(beads):
                if i in drop:
                    kept = 1 - dropped_side
                    alone.append(len(sides[kept]))
                    sides[kept].append(texts[kept][bead[kept][0]])
                else:
                    for side in (0, 1):
                        sides[side].extend(texts[side][k] for k in bead[side])
            links = {(link.src, link.tgt) for link in align(sides[0], sides[1], "zh", "en")}
            shapes = [((k,), ()) if dropped_side else ((), (k,)) for k in alone]
            found += sum(shape in links for shape in shapes)
            total += len(shapes)
        print(f"omissions, {label}: {found} of {total} shown as a row of their own ({found / total:.0%})")


def _generated(rng: random.Random, count: int) -> tuple[list[str], list[str]]:
    words = {"山": "mountain", "水": "water", "人民": "people", "科学": "science", "工作": "work",
             "城市": "city", "学生": "student", "医生": "doctor", "朋友": "friend", "老师": "teacher",
             "书": "book", "天气": "weather"}
    src, tgt = [], []
    for _ in range(count):
        picked = rng.sample(sorted(words), rng.randint(2, 6))
        number = rng.randint(2, 3000)
        src.append("".join(picked) + f"有{number}个。")
        tgt.append("The " + " and the ".join(words[w] for w in picked) + f" number {number}.")
    return src, tgt


def synthetic(count: int, shared: Path, seed: int = 7) -> tuple[list[str], list[str]]:
    """Build a zh/en pair of `count` source sentences from shuffled mac-dev beads (or generated text)."""
    rng = random.Random(seed)
    data = shared / "data/align/mac-dev"
    if not data.is_dir():
        return _generated(rng, count)
    beads = []
    for gold in sorted((data / "gold").iterdir()):
        zh = (data / "zh" / gold.stem).read_text(encoding="utf-8").splitlines()
        en = (data / "en" / gold.stem).read_text(encoding="utf-8").splitlines()
        beads += [([zh[i] for i in left], [en[i] for i in right]) for left, right in _beads(gold)]
    src: list[str] = []
    tgt: list[str] = []
    while len(src) < count:
        zh_side, en_side = rng.choice(beads)
        src.extend(zh_side)
        tgt.extend(en_side)
    return src, tgt


def _measure(count: int, shared: Path) -> None:
    from segments.align import align

    src, tgt = synthetic(count, shared)
    started, cpu = time.perf_counter(), time.process_time()
    links = align(src, tgt, "zh", "en")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"src": len(src), "tgt": len(tgt), "seconds": seconds, "cpu": cpu, "links": len(links),
                      "rss_mb": peak_mb}))


def speed(sizes: list[int], shared: Path) -> None:
    """Time `align()` on synthetic documents, each size in a fresh process so peak RSS is its own.

    The first size is 1×; each line says how many times the first its size and its time are (linear growth:
    the two ratios agree). CPU time is printed beside wall time: on a shared machine it is the steadier."""
    warm = [sys.executable, __file__, "--shared", str(shared), "--measure", "10"]
    subprocess.run(warm, check=True, capture_output=True)  # builds the CEDICT cache once, outside the timings
    first = None
    for size in sizes:
        done = subprocess.run([*warm[:-1], str(size)], check=True, capture_output=True, text=True)
        row = json.loads(done.stdout.splitlines()[-1])
        first = first or row
        print(f"{row['src'] / first['src']:.0f}× {row['src']:>6}×{row['tgt']:<6} sentences: "
              f"{row['seconds']:5.2f} s (CPU {row['cpu']:5.2f} s, {row['cpu'] / first['cpu']:.1f}× the 1×), "
              f"peak RSS {row['rss_mb']:.0f} MB, {row['links']} links")
    # Measured on the held-out chapters in issue 18 (same 2-CPU machine): hunalign at 4,875×6,610 takes
    # 1.0 s plain and 1.5 s with -realign; at 19,500×26,440 11.5 s / 0.9 GB and 23.9 s / 1.7 GB.
    print("hunalign (issue 18, same machine): 4,875×6,610 1.0 s plain, 1.5 s -realign; "
          "19,500×26,440 11.5 s / 0.9 GB plain, 23.9 s / 1.7 GB -realign")


def main() -> None:
    """Parse arguments and run the accuracy and speed benchmarks."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--sizes", default="4875,9750,19500", help="source sentences; the first is 1×")
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--skip-accuracy", action="store_true")
    args = parser.parse_args()
    if args.measure:
        _measure(args.measure, args.shared)
        return
    if not args.skip_accuracy:
        with tempfile.TemporaryDirectory() as workdir:
            accuracy(args.shared, Path(workdir))
            step_gains(args.shared, Path(workdir))
        omissions(args.shared)
    speed([int(size) for size in args.sizes.split(",")], args.shared)


if __name__ == "__main__":
    main()
