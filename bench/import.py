"""Import + segment + align of a 1 MB and a 10 MB bilingual document: seconds and peak RSS.

Each size runs in a fresh process on a fresh SQLite database, and on PostgreSQL (--pg URL, by default
TEST_DATABASE_URL), so the peak RSS is that of one import. The input is synthetic: the demo article's
English cut into sentences, and a Chinese side of generated sentences with the same numbers in them,
paragraph by paragraph.

Usage: .venv/bin/python bench/import.py [--sizes 1,10] [--pg postgresql+psycopg://…]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEMO = ROOT / "webapp" / "demo" / "xinhua-2023-05-29-science-workers.en.txt"
HANZI = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产"


def bilingual(megabytes: float, seed: int = 7) -> tuple[str, str]:
    """A Chinese source and an English MT of about `megabytes` in all, paragraph for paragraph."""
    from segments import split_document

    rng = random.Random(seed)
    english = [s.content for p in split_document(DEMO.read_text("utf-8"), "en") for s in p.sentences]
    src, mt, size, i = [], [], 0, 0
    while size < megabytes * 1_000_000:
        count = rng.randint(1, 5)
        en = [english[(i + k) % len(english)] for k in range(count)]
        zh = ["".join(rng.choice(HANZI) for _ in range(max(8, len(e) // 3))) + "。" for e in en]
        i += count
        src.append("".join(zh))
        mt.append(" ".join(en))
        size += len(src[-1].encode()) + len(mt[-1].encode())
    return "\n\n".join(src), "\n\n".join(mt)


def measure(megabytes: float, database_url: str | None) -> dict:
    """Run one import in this process and report its time and peak memory."""
    from webapp import create_app, migrate
    from webapp.db import session_scope
    from webapp.services import documents as docs

    source, mt = bilingual(megabytes)
    with tempfile.TemporaryDirectory() as folder:
        config = {"INSTANCE_PATH": folder}
        if database_url:
            config["DATABASE_URL"] = database_url
        app = create_app(config)
        migrate.upgrade(app)
        started = time.perf_counter()
        with app.app_context(), session_scope(app) as session:
            document = docs.import_document(session, mt_text=mt, source_text=source, title="bench",
                                            project=docs.project_named(session, "Bench"))
            rows = len(document.links)
        seconds = time.perf_counter() - started
        app.extensions["bitext.engine"].dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"mb": megabytes, "rows": rows, "seconds": seconds, "peak_mib": peak,
            "bytes": len(source.encode()) + len(mt.encode())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10", help="sizes in MB, comma-separated")
    parser.add_argument("--pg", default=os.environ.get("TEST_DATABASE_URL"),
                        help="also run on this PostgreSQL database (it is emptied first)")
    parser.add_argument("--measure", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.url)))
        return
    print(f"{'database':<10} {'input':>8} {'rows':>8} {'seconds':>9} {'peak RSS MiB':>13}")
    for database in ["sqlite", *(["postgresql"] if args.pg else [])]:
        for size in (float(s) for s in args.sizes.split(",")):
            if database == "postgresql":
                _reset(args.pg)
            command = [sys.executable, __file__, "--measure", str(size)]
            command += ["--url", args.pg] if database == "postgresql" else []
            result = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
            print(f"{database:<10} {result['bytes'] / 1e6:>6.1f}MB {result['rows']:>8} "
                  f"{result['seconds']:>9.1f} {result['peak_mib']:>13.0f}")


def _reset(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


if __name__ == "__main__":
    main()
