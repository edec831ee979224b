"""TBX glossaries: read TBX-Basic / TBX 2008 (`<martif>`) and TBX v3 (`<tbx>`), write either."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Literal

from lxml import etree

from glossary.model import POS_VALUES, GlossaryFormatError, Term, validate_term
from glossary.report import Collector, ImportReport, Policy
from segments.segmenter import primary_language
from segments.xmlsafe import UnsafeXmlError, parse_xml

NS_TBX3 = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED, ADMITTED = "preferredTerm-admn-sts", "admittedTerm-admn-sts"
DEPRECATED, SUPERSEDED = "deprecatedTerm-admn-sts", "supersededTerm-admn-sts"
# TBX-Basic has no entry status; it travels as the administrative status of the source term.
_STATUS_TO_TBX = {"approved": PREFERRED, "proposed": ADMITTED, "deprecated": SUPERSEDED}
_STATUS_FROM_TBX = {ADMITTED: "proposed", DEPRECATED: "deprecated", SUPERSEDED: "deprecated"}
_FORBIDDEN = (DEPRECATED, SUPERSEDED, "deprecated", "notRecommended", "obsolete")
_NAMES = {
    "2": {"entry": "termEntry", "lang": "langSet", "term": "tig"},
    "3": {"entry": "conceptEntry", "lang": "langSec", "term": "termSec"},
}
_TERM_CONTAINERS = ("tig", "ntig", "termSec")
_POS = {p.casefold(): p for p in POS_VALUES}


class EmptyGlossaryError(ValueError):
    """No entries: TBX has no valid empty form."""


class TbxFormat:
    """TBX glossaries: `read` returns an ImportReport, `write` returns UTF-8 XML bytes."""

    format_id = "tbx"
    extensions = ("tbx",)

    @staticmethod
    def read(data: bytes, *, existing: Iterable[Term] = (), policy: Policy = "skip",
             src_lang: str | None = None, tgt_lang: str | None = None) -> ImportReport:
        """Return the import report for TBX `data`; see `read_tbx`."""
        return read_tbx(data, existing=existing, policy=policy, src_lang=src_lang, tgt_lang=tgt_lang)

    @staticmethod
    def write(terms: Iterable[Term], *, version: Literal["2", "3"] = "2",
              title: str = "Bitext Workbench glossary") -> bytes:
        """Return `terms` as TBX bytes; see `write_tbx`."""
        return write_tbx(terms, version=version, title=title)


def read_tbx(data: bytes, *, existing: Iterable[Term] = (), policy: Policy = "skip",
             src_lang: str | None = None, tgt_lang: str | None = None) -> ImportReport:
    """Import the entries of a TBX file, applying the duplicate `policy` against `existing` terms.

    The source language is `src_lang`, else the document's xml:lang, else the first language of
    each entry; the target language is `tgt_lang`, else the first other language of the entry.
    Unsafe or malformed XML raises GlossaryFormatError.
    """
    try:
        root = parse_xml(data)
    except UnsafeXmlError as exc:
        raise GlossaryFormatError(f"not a readable TBX file: {exc}") from exc
    version = {"martif": "2", "tbx": "3"}.get(_local(root))
    if version is None:
        raise GlossaryFormatError(f"not a TBX file: the root element is <{_local(root)}>, expected <martif> "
                                  "(TBX-Basic / TBX 2008) or <tbx> (TBX v3)")
    src_lang = src_lang or root.get(XML_LANG)
    collector = Collector(existing, policy)
    for entry in root.iter(etree.Element):
        if _local(entry) != _NAMES[version]["entry"]:
            continue
        line = entry.sourceline or 0
        try:
            term = _read_entry(entry, _NAMES[version]["lang"], src_lang, tgt_lang)
        except ValueError as exc:
            collector.reject(line, str(exc))
            continue
        collector.add(line, term)
    report = collector.report
    report.details = {"format": "tbx", "version": version, "dialect": root.get("type", "")}
    return report


def write_tbx(terms: Iterable[Term], *, version: Literal["2", "3"] = "2",
              title: str = "Bitext Workbench glossary") -> bytes:
    """Return `terms` as TBX-Basic: version "2" is the 2008 `<martif>` form, "3" ISO 30042:2019 `<tbx>`."""
    if version not in _NAMES:
        raise ValueError(f"unknown TBX version {version!r} (expected '2' or '3')")
    terms = list(terms)
    if not terms:
        # Both the TBX-Basic RNG and the TBX v3 core RNG require one entry in <body>; a made-up entry
        # would come back as a real term on the next import, so there is no valid empty file to write.
        raise EmptyGlossaryError("nothing to export: the glossary has no entries, and a TBX file needs at "
                                 "least one (CSV export writes the header alone)")
    for term in terms:
        reasons = validate_term(term)
        if reasons:
            raise ValueError(f"cannot export the entry '{term.source}': {'; '.join(reasons)}")
    lang = terms[0].src_lang if terms else "en"
    ns = f"{{{NS_TBX3}}}" if version == "3" else ""
    if version == "3":
        attributes = {"type": "TBX-Basic", "style": "dca", XML_LANG: lang}
        root = etree.Element(ns + "tbx", attributes, nsmap={None: NS_TBX3})
        header = etree.SubElement(root, ns + "tbxHeader")
    else:
        root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: lang})
        header = etree.SubElement(root, "martifHeader")
    file_desc = etree.SubElement(header, ns + "fileDesc")
    _sub(etree.SubElement(file_desc, ns + "titleStmt"), ns + "title", title)
    _sub(etree.SubElement(file_desc, ns + "sourceDesc"), ns + "p", "Exported by Bitext Workbench")
    if version == "2":
        _sub(etree.SubElement(header, "encodingDesc"), "p", "TBXBasicXCSV02.xcs", type="XCSURI")
    body = etree.SubElement(etree.SubElement(root, ns + "text"), ns + "body")
    for number, term in enumerate(terms, 1):
        _write_entry(body, term, f"c{number}", version, ns)
    doctype = '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">' if version == "2" else None
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True, doctype=doctype)


def _write_entry(body: etree._Element, term: Term, entry_id: str, version: str, ns: str) -> None:
    names = _NAMES[version]
    entry = etree.SubElement(body, ns + names["entry"], id=entry_id)
    if term.domain:
        _sub(entry, ns + "descrip", term.domain, type="subjectField")
    if term.definition:
        _sub(entry, ns + "descrip", term.definition, type="definition")
    if term.note:
        _sub(entry, ns + "note", term.note)
    for kind, who, when in (("origination", term.created_by, term.created),
                            ("modification", term.changed_by, term.changed)):
        if who or when:
            group = etree.SubElement(entry, ns + "transacGrp")
            _sub(group, ns + "transac", kind, type="transactionType")
            if who:
                _sub(group, ns + "transacNote", who, type="responsibility")
            if when:
                # TBX-Basic 2008 dates are xsd:date; TBX v3 also allows xsd:dateTime.
                _sub(group, ns + "date", when.date().isoformat() if version == "2" else when.isoformat())
    source = etree.SubElement(entry, ns + names["lang"], {XML_LANG: term.src_lang})
    _write_term(source, ns + names["term"], ns, term.source, term.pos, _STATUS_TO_TBX[term.status])
    target = etree.SubElement(entry, ns + names["lang"], {XML_LANG: term.tgt_lang})
    for number, text in enumerate(term.targets):
        _write_term(target, ns + names["term"], ns, text, term.pos, ADMITTED if number else PREFERRED)
    for text in term.forbidden:
        _write_term(target, ns + names["term"], ns, text, "", DEPRECATED)


def _write_term(parent: etree._Element, tag: str, ns: str, text: str, pos: str, status: str) -> None:
    container = etree.SubElement(parent, tag)
    _sub(container, ns + "term", text)
    if pos:
        _sub(container, ns + "termNote", pos, type="partOfSpeech")
    _sub(container, ns + "termNote", status, type="administrativeStatus")


def _sub(parent: etree._Element, tag: str, text: str, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attributes)
    element.text = text
    return element


def _read_entry(entry: etree._Element, lang_tag: str, src_lang: str | None, tgt_lang: str | None) -> Term:
    """Return the entry as a Term without id (TBX entry ids are file-local); raise ValueError if unusable."""
    languages = [(child.get(XML_LANG, ""), child) for child in _children(entry, lang_tag)]
    if not languages:
        raise ValueError(f"entry has no <{lang_tag}>")
    source_lang, source_set = _pick(languages, src_lang, None) or languages[0]
    found = _pick(languages, tgt_lang, source_lang)
    if found is None:
        codes = ", ".join(code or "(no xml:lang)" for code, _ in languages)
        raise ValueError(f"entry has no target language <{lang_tag}> (found: {codes})")
    target_lang, target_set = found
    sources = _terms(source_set)
    if not sources:
        raise ValueError(f"entry has no source term in <{lang_tag} xml:lang=\"{source_lang}\">")
    source_text, source_status, source_pos = sources[0]
    found_targets = _terms(target_set)
    targets = sorted((t for t in found_targets if t[1] not in _FORBIDDEN), key=lambda t: t[1] != PREFERRED)
    pos = source_pos or next((p for _, _, p in targets if p), "")
    created, created_by = _transaction(entry, "origination")
    changed, changed_by = _transaction(entry, "modification")
    return Term(
        source=source_text, targets=tuple(t[0] for t in targets), src_lang=source_lang, tgt_lang=target_lang,
        forbidden=tuple(t[0] for t in found_targets if t[1] in _FORBIDDEN),
        status=_STATUS_FROM_TBX.get(source_status, "approved"),
        pos=_POS.get(pos.casefold(), "other") if pos else "",
        domain=_descrip(entry, "subjectField"), definition=_definition(entry, source_set, target_set),
        note="\n".join(_text(n) for n in (*_children(entry, "note"), *_children(source_set, "note"),
                                          *_children(target_set, "note"))),
        created=created, created_by=created_by, changed=changed, changed_by=changed_by,
    )


def _pick(languages: list[tuple[str, etree._Element]], wanted: str | None,
          exclude: str | None) -> tuple[str, etree._Element] | None:
    for code, element in languages:
        if exclude is not None and primary_language(code) == primary_language(exclude):
            continue
        if wanted is None or primary_language(code) == primary_language(wanted):
            return code, element
    return None


def _terms(lang_set: etree._Element) -> list[tuple[str, str, str]]:
    """Return (text, administrative status, part of speech) of each term in a language section."""
    found = []
    for container in lang_set:
        if not isinstance(container.tag, str) or _local(container) not in _TERM_CONTAINERS:
            continue
        term = next((e for e in container.iter(etree.Element) if _local(e) == "term"), None)
        notes = {n.get("type"): _text(n) for n in container.iter(etree.Element) if _local(n) == "termNote"}
        if term is not None and _text(term):
            found.append((_text(term), notes.get("administrativeStatus", ""), notes.get("partOfSpeech", "")))
    return found


def _transaction(entry: etree._Element, kind: str) -> tuple[datetime | None, str]:
    for group in _children(entry, "transacGrp"):
        if _text(next(iter(_children(group, "transac")), group)) != kind:
            continue
        notes = _children(group, "transacNote")
        who = next((_text(n) for n in notes if n.get("type") == "responsibility"), "")
        when = next((_text(d) for d in _children(group, "date")), "")
        try:
            return (datetime.fromisoformat(when) if when else None), who
        except ValueError:
            raise ValueError(f"<date> '{when}' is not an ISO 8601 date") from None
    return None, ""


def _descrip(parent: etree._Element, kind: str) -> str:
    groups = [g for d in _children(parent, "descripGrp") for g in _children(d, "descrip")]
    return next((_text(d) for d in (*_children(parent, "descrip"), *groups) if d.get("type") == kind), "")


def _definition(entry: etree._Element, *lang_sets: etree._Element) -> str:
    return next((d for d in (_descrip(e, "definition") for e in (entry, *lang_sets)) if d), "")


def _children(parent: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in parent if isinstance(c.tag, str) and _local(c) == name]


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _text(element: etree._Element) -> str:
    return "".join(element.itertext()).strip()
