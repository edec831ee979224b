"""`bitext align`: align two plain-text files and print the links."""

from __future__ import annotations

import re
from pathlib import Path

import click

from segments.align import align, format_links
from segments.formats.common import FormatError
from segments.formats.decoding import decode_text
from segments.segmenter import split_sentences

_BLANK_LINES = re.compile(r"\n[ \t\r\f\v]*\n")


def _read(path: Path) -> str:
    """Read a text file in any encoding the upload path accepts (UTF-8/16, GB18030, …)."""
    try:
        return decode_text(path.read_bytes())
    except (OSError, FormatError) as exc:
        raise click.ClickException(f"cannot read {path}: {exc}") from exc


def _sentences(text: str, lang: str, presplit: bool) -> tuple[list[str], list[int]]:
    """Return the sentences of a text and the paragraph number of each."""
    if presplit:
        lines = text.splitlines()
        return lines, [0] * len(lines)
    sentences: list[str] = []
    paragraphs: list[int] = []
    for number, paragraph in enumerate(p for p in _BLANK_LINES.split(text) if p.strip()):
        found = split_sentences(paragraph, lang)
        sentences.extend(found)
        paragraphs.extend([number] * len(found))
    return sentences, paragraphs


_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.command("align")
@click.argument("src", type=_FILE)
@click.argument("tgt", type=_FILE)
@click.option("--src-lang", default="zh", show_default=True, help="Language of SRC (zh, en, …).")
@click.option("--tgt-lang", default="en", show_default=True, help="Language of TGT.")
@click.option("--presplit", is_flag=True, help="Each input line is one sentence (no re-splitting).")
@click.option("--dictionary", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Extra bilingual dictionary, one `zh<TAB>en` pair per line.")
@click.option("--model-dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Local sentence-transformers model to add embedding similarity.")
@click.option("--source", type=_FILE,
              help="When SRC is a machine translation: the text it translates, one sentence per SRC sentence "
                   "(split like SRC), used as a bridge to TGT.")
@click.option("--source-lang", default="zh", show_default=True, help="Language of --source.")
@click.option("--scores", is_flag=True, help="Append each link's confidence, e.g. `[0]:[0]:0.912`.")
def align_command(src: Path, tgt: Path, src_lang: str, tgt_lang: str, presplit: bool,
                  dictionary: Path | None, model_dir: Path | None, source: Path | None, source_lang: str,
                  scores: bool) -> None:
    """Align the sentences of SRC and TGT and print one link per line, `[0,1]:[0]`."""
    src_sentences, src_paragraphs = _sentences(_read(src), src_lang, presplit)
    tgt_sentences, tgt_paragraphs = _sentences(_read(tgt), tgt_lang, presplit)
    source_sentences = _sentences(_read(source), source_lang, presplit)[0] if source else None
    if source_sentences is not None and len(source_sentences) != len(src_sentences):
        raise click.ClickException(f"--source has {len(source_sentences)} sentences and SRC "
                                   f"{len(src_sentences)}: one is needed per SRC sentence (--presplit)")
    try:
        links = align(src_sentences, tgt_sentences, src_lang, tgt_lang,
                      src_paragraphs=None if presplit else src_paragraphs,
                      tgt_paragraphs=None if presplit else tgt_paragraphs,
                      dictionary_path=dictionary, model_dir=model_dir,
                      source=source_sentences, source_lang=source_lang)
    except (OSError, UnicodeDecodeError) as exc:  # the dictionary file is read lazily, inside align()
        raise click.ClickException(f"cannot read {dictionary}: {exc}") from exc
    click.echo(format_links(links, scores=scores), nl=False)
