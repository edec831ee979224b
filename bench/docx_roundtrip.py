"""Original-file round trip of a 200-page .docx (about 100,000 words, bold/italic runs, links, tables):
seconds and peak RSS of each step, each in a fresh process.

Steps: `read` and `write` (the library alone: DocxOriginal.read, then write with "storm" corrected),
`import` (`bitext import`: read, segment, store in SQLite, QA) and `export` (`bitext export --format
original`, one sentence per paragraph corrected first). Usage:

    .venv/bin/python bench/docx_roundtrip.py [--pages 200]
"""

from __future__ import annotations

import argparse
import io
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

WORDS = ("storm coast power homes office winds season bulletin report company harbour town night "
         "people roads trees schools rain water river bridge police minister weather").split()


def generate(pages: int, seed: int = 3) -> bytes:
    """About 500 words a page: headings, paragraphs with bold and italic runs and a link, a table a page."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    rng = random.Random(seed)
    document = docx.Document()

    def sentence() -> str:
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
        return " ".join(words).capitalize() + "."

    for page in range(pages):
        document.add_heading(f"Part {page + 1}: {sentence()[:-1]}", 2)
        for number in range(7):
            paragraph = document.add_paragraph(sentence() + " ")
            paragraph.add_run(sentence()).bold = True
            paragraph.add_run(" " + sentence() + " ")
            paragraph.add_run(" ".join(rng.choice(WORDS) for _ in range(3))).italic = True
            paragraph.add_run(" " + sentence() + " See ")
            if number == 2:
                rel = paragraph.part.relate_to(f"https://example.org/{page}", RT.HYPERLINK, is_external=True)
                paragraph._p.append(parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="{rel}"><w:r>'
                                              f"<w:t>the report</w:t></w:r></w:hyperlink>"))
            paragraph.add_run(" " + sentence())
        table = document.add_table(rows=3, cols=3)
        for row in table.rows:
            for cell in row.cells:
                cell.text = " ".join(rng.choice(WORDS) for _ in range(4))
        document.add_page_break()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def step(name: str, path: str, workdir: str) -> None:
    """One measured step, in this (fresh) process; its peak RSS goes to stdout."""
    try:
        _run_step(name, path, workdir)
    finally:
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _run_step(name: str, path: str, workdir: str) -> None:
    from segments.formats.originals import DocxOriginal

    data = Path(path).read_bytes()
    if name in ("read", "write"):
        read = DocxOriginal().read(data)
        if name == "write":
            started = time.perf_counter()
            out = DocxOriginal().write(read.skeleton, [b.text.replace("storm", "gale") for b in read.blocks])
            print(f"write-only {time.perf_counter() - started:.2f}s, {len(out):,} bytes", file=sys.stderr)
        return
    from webapp.cli import main

    out = os.path.join(workdir, "out.docx")
    args = {"import": ["import", path, "--title", "Bench"],
            "export": ["export", "Bench", "--format", "original", "-o", out]}[name]
    if name == "export":
        _correct_rows()
    try:
        main(args, standalone_mode=False)
    except SystemExit as exit_:
        if exit_.code:
            raise


def _correct_rows() -> None:
    """Correct the first sentence of every paragraph, as a reviewer would (not measured separately)."""
    from sqlalchemy import select, update

    from webapp import create_app
    from webapp.db import session_scope
    from webapp.models import Link

    app = create_app()
    with app.app_context(), session_scope(app) as session:
        firsts = session.execute(select(Link.paragraph, Link.id).order_by(Link.position)).all()
        seen: set[int] = set()
        ids = [link_id for paragraph, link_id in firsts if not (paragraph in seen or seen.add(paragraph))]
        session.execute(update(Link).where(Link.id.in_(ids)).values(target="A corrected opening sentence."))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--step")
    parser.add_argument("--file")
    parser.add_argument("--workdir")
    args = parser.parse_args()
    if args.step:
        step(args.step, args.file, args.workdir)
        return
    with tempfile.TemporaryDirectory() as workdir:
        path = os.path.join(workdir, "book.docx")
        started = time.perf_counter()
        Path(path).write_bytes(generate(args.pages))
        import docx

        words = sum(len(p.text.split()) for p in docx.Document(path).paragraphs)
        print(f"generated {args.pages} pages, {words:,} words outside tables, "
              f"{os.path.getsize(path):,} bytes in {time.perf_counter() - started:.1f}s")
        env = {**os.environ, "BITEXT_INSTANCE": os.path.join(workdir, "instance"),
               "BITEXT_DATABASE_URL": f"sqlite:///{workdir}/bench.sqlite3", "PYTHONPATH": str(ROOT)}
        subprocess.run([sys.executable, "-m", "webapp.cli", "db", "upgrade"], env=env, check=True,
                       capture_output=True)
        for name in ("read", "write", "import", "export"):
            started = time.perf_counter()
            command = [sys.executable, __file__, "--step", name, "--file", path, "--workdir", workdir]
            done = subprocess.run(command, env=env, capture_output=True, text=True)
            seconds = time.perf_counter() - started
            if done.returncode:
                raise SystemExit(f"{name} failed:\n{done.stdout}\n{done.stderr}")
            peak = int(done.stdout.strip().splitlines()[-1]) / 1024
            note = done.stderr.strip().splitlines()[-1] if "write-only" in done.stderr else ""
            print(f"{name:7} {seconds:6.2f} s  peak RSS {peak:6.0f} MiB  {note}", flush=True)


if __name__ == "__main__":
    main()
