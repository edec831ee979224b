"""A project's spelling dictionary: words the spelling check accepts, added one by one or from a word list.

Words are compared without regard to case: each is stored as first written, with a lower-cased key that is
unique per project. Adding a word deletes the stored spelling findings of that word in the project's
documents at once (the next QA run would not find them again); removing one leaves the findings to the next
check of a row or a QA run. Each change goes to the audit log from here, so that no page, API call or
command can leave it out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from webapp.downloads import safe_stem
from webapp.models import Document, Project, ProjectWord, QaFinding, utcnow
from webapp.models.qa import WORD_CHARS
from webapp.services.auth import audit
from webapp.services.engine_cache import EngineCache
from webapp.services.errors import InvalidInput, NotFound

SPELLING = "spelling"  # the id of the check the dictionary serves
MAX_WORDS = 20_000  # per project: every row save reads them all
MAX_IMPORT_BYTES = 1024 * 1024
# Letters, with an apostrophe or a hyphen between letters ("O'Neill", "Wi-Fi", "don’t").
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’][sS]$")
_CHUNK = 500  # keys per IN list
_LOGGED_WORDS = 5  # of an imported list, the words the audit log names (the count says the rest)
_WORD_SETS: EngineCache[frozenset[str]] = EngineCache(16)  # projects' word sets


def word_key(word: str) -> str:
    """What makes two words the same dictionary entry: the word lower-cased."""
    return word.lower()


def check_word(text: str) -> str:
    """`text` trimmed, if it is one word of letters (with ' or - inside); InvalidInput says what is wrong."""
    word = text.strip()
    if not word:
        raise InvalidInput("give a word")
    if len(word) > WORD_CHARS or len(word_key(word)) > WORD_CHARS:
        raise InvalidInput(f"a word has at most {WORD_CHARS} characters; {word[:20]!r}… has {len(word)}")
    if any(c.isspace() for c in word):
        raise InvalidInput(f"one word at a time: {word!r} has spaces")
    if not _WORD.fullmatch(word):
        raise InvalidInput(f"not a word: {word!r} (letters only, with ' or - between them)")
    # The spelling check reads "Xinhua's" as "Xinhua": a possessive in the dictionary would match nothing.
    return _POSSESSIVE.sub("", word)


def checked_forms(word: str) -> set[str]:
    """The forms in which the spelling check meets a dictionary word: with either apostrophe, and each part
    of a hyphenated word too, as the check reads the words between hyphens one by one (Wi-Fi: Wi, Fi).

    Only to find the stored findings an added word answers: their flagged text is as the row wrote it. The
    check itself reads the entries as they are (segments/qa/spelling.py, _project_words)."""
    parts = [word, *word.split("-")] if "-" in word else [word]
    return {form for part in parts for form in (part, part.replace("’", "'"), part.replace("'", "’"))}


def _flagged_keys(word: str) -> set[str]:
    """The flagged texts (as QaFinding.flagged_key) of the spelling findings that `word` answers."""
    return {word_key(form) + ending for form in checked_forms(word) for ending in ("", "'s", "’s")}


def words(session: Session, project: Project) -> frozenset[str]:
    """Every word of the project's dictionary as stored; cached per engine.

    The spelling check makes of them what it compares (lower case, one apostrophe, the parts of "Wi-Fi"), so
    that is done in one place. Every row save asks: the key is the project's change stamp, which the save
    has loaded already, so the words are read (one SELECT) only after a change, by any process, and the
    cache is never stale."""
    key = (project.id, project.dictionary_revision, project.dictionary_changed_at)
    return _WORD_SETS.get(session.get_bind(), key, lambda: frozenset(
        session.scalars(select(ProjectWord.word).where(ProjectWord.project_id == project.id))))


def touch(session: Session, project: Project) -> None:
    """Record a change of the project's dictionary: move its stamp (the key of the cached words)."""
    session.execute(update(Project).where(Project.id == project.id)
                    .values(dictionary_revision=Project.dictionary_revision + 1,
                            dictionary_changed_at=utcnow())
                    .execution_options(synchronize_session="fetch"))


def count_words(session: Session, project: Project) -> int:
    return session.scalar(select(func.count()).where(ProjectWord.project_id == project.id)) or 0


def list_words(session: Session, project: Project, *, q: str = "", offset: int = 0,
               limit: int | None = None) -> tuple[int, list[ProjectWord]]:
    """(how many match, a page of them) in alphabetical order; `q` keeps the words that contain it."""
    query = select(ProjectWord).where(ProjectWord.project_id == project.id)
    if q.strip():
        query = query.where(ProjectWord.word_key.contains(word_key(q.strip()), autoescape=True))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = session.scalars(query.order_by(ProjectWord.word_key, ProjectWord.word).offset(offset).limit(limit))
    return total, list(page)


def find_word(session: Session, project: Project, word: str) -> ProjectWord | None:
    """The project's entry for `word` in any case, or None."""
    return session.scalar(select(ProjectWord).where(ProjectWord.project_id == project.id,
                                                    ProjectWord.word_key == word_key(word.strip())))


@dataclass(frozen=True)
class Added:
    """What adding a word did: the entry, whether it is new, and how many stored findings it cleared."""

    entry: ProjectWord
    new: bool
    cleared: int

    @property
    def summary(self) -> str:
        found = f"{self.cleared} spelling finding{'' if self.cleared == 1 else 's'} cleared"
        if not self.new:
            return f"“{self.entry.word}” is already in the dictionary{f'; {found}' if self.cleared else ''}."
        return f"Added “{self.entry.word}” to the dictionary; {found}."


def add_word(session: Session, project: Project, text: str, author: str) -> Added:
    """Add one word (checked; a word already there in any case is left as it is) and clear its findings.

    A word already there clears them too: a row checked by a transaction that began before the word was
    added (PostgreSQL lets it run alongside) may have stored one since."""
    word = check_word(text)
    existing = find_word(session, project, word)
    if existing is None:
        _require_room(session, project, 1)
        entry = ProjectWord(project_id=project.id, word=word, word_key=word_key(word), added_by=author)
        try:
            with session.begin_nested():  # someone adding the same word meanwhile is not an error
                session.add(entry)
        except IntegrityError:
            existing = find_word(session, project, word)
        else:
            touch(session, project)
            cleared = clear_findings(session, project, [entry.word])
            audit(session, author, "dictionary_add", project.id, word=entry.word, cleared=cleared)
            return Added(entry, True, cleared)
    return Added(existing, False, clear_findings(session, project, [existing.word]))


def remove_word(session: Session, project: Project, text: str, author: str) -> ProjectWord:
    """Remove the word (in any case); NotFound when the dictionary has no such word."""
    entry = find_word(session, project, text)
    if entry is None:
        raise NotFound(f"the dictionary of {project.name} has no word {text.strip()!r}")
    session.delete(entry)
    session.flush()
    touch(session, project)
    audit(session, author, "dictionary_remove", project.id, word=entry.word)
    return entry


def removed_summary(entry: ProjectWord) -> str:
    return f"Removed “{entry.word}”: the spelling check flags it again from the next QA run or row save."


def clear_findings(session: Session, project: Project, added: Iterable[str]) -> int:
    """Delete the stored spelling findings of the project's documents that these added words answer."""
    keys, cleared = {key for word in added for key in _flagged_keys(word)}, 0
    documents = select(Document.id).where(Document.project_id == project.id).scalar_subquery()
    spelling = (QaFinding.document_id.in_(documents), QaFinding.check_id == SPELLING)
    if len(keys) > _CHUNK:
        # A word list: each DELETE scans the project's findings, so first find which keys occur (one scan).
        keys &= set(session.scalars(select(QaFinding.flagged_key).where(*spelling).distinct()))
    keys = sorted(keys)
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start:start + _CHUNK]
        result = session.execute(delete(QaFinding).where(*spelling, QaFinding.flagged_key.in_(chunk))
                                 .execution_options(synchronize_session=False))
        cleared += result.rowcount or 0
    return cleared


def _require_room(session: Session, project: Project, more: int) -> None:
    have = count_words(session, project)
    if have + more > MAX_WORDS:
        raise InvalidInput(f"a project dictionary holds at most {MAX_WORDS:,} words; {project.name} has "
                           f"{have:,} and this would add {more:,}")


# --- word lists -------------------------------------------------------------------------------------------

def parse_word_list(data: bytes) -> list[str]:
    """The words of a plain word list (UTF-8, one a line, blank lines and # comments skipped), each once in
    the order first seen; the first bad line refuses the whole list with its line number."""
    if len(data) > MAX_IMPORT_BYTES:
        raise InvalidInput(f"the word list is {len(data):,} bytes; at most {MAX_IMPORT_BYTES:,} are read")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise InvalidInput(f"line {line}: the word list is not UTF-8 text") from None
    found: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            word = check_word(line)
        except InvalidInput as error:
            raise InvalidInput(f"line {number}: {error.message}; nothing was imported") from None
        found.setdefault(word_key(word), word)
    return list(found.values())


@dataclass(frozen=True)
class Imported:
    """What importing a word list did: words added, words already there, findings cleared."""

    added: int
    already: int
    cleared: int

    @property
    def summary(self) -> str:
        return (f"Imported {self.added} new word{'' if self.added == 1 else 's'} "
                f"({self.already} already in the dictionary); {self.cleared} spelling "
                f"finding{'' if self.cleared == 1 else 's'} cleared.")


def import_words(session: Session, project: Project, data: bytes, author: str) -> Imported:
    """Merge a word list into the dictionary, all or nothing; words already there in any case are kept."""
    listed = parse_word_list(data)
    have = set(session.scalars(select(ProjectWord.word_key).where(ProjectWord.project_id == project.id)))
    new = [word for word in listed if word_key(word) not in have]
    if not new:
        return Imported(0, len(listed), 0)
    _require_room(session, project, len(new))
    now = utcnow()
    session.execute(insert(ProjectWord), [
        {"project_id": project.id, "word": word, "word_key": word_key(word), "added_by": author,
         "added_at": now} for word in new])
    touch(session, project)
    done = Imported(len(new), len(listed) - len(new), clear_findings(session, project, new))
    audit(session, author, "dictionary_import", project.id, added=done.added, already=done.already,
          cleared=done.cleared, words=new[:_LOGGED_WORDS])
    return done


def export_words(session: Session, project: Project) -> str:
    """The dictionary as a word list: one word a line, in alphabetical order (what import reads back)."""
    query = (select(ProjectWord.word).where(ProjectWord.project_id == project.id)
             .order_by(ProjectWord.word_key, ProjectWord.word))
    return "".join(f"{word}\n" for word in session.scalars(query))


def export_name(project: Project) -> str:
    """The file name of a project's exported word list."""
    return f"{safe_stem(project.name, 'project')}-dictionary.txt"
