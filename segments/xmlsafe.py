"""XML parsing that refuses what an uploaded file must never do: entities, DTDs, network access."""

from __future__ import annotations

from lxml import etree

ENTITY_DECLARATIONS_REFUSED = "XML entity declarations are not accepted"


class UnsafeXmlError(ValueError):
    """The document is not well-formed XML, or it declares a DTD or entities."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, dtd_validation=False, load_dtd=False,
        huge_tree=False, remove_comments=False,
    )


def parse_xml(data: bytes) -> etree._Element:
    """Parse `data` into an element tree root, refusing DOCTYPE declarations and entities."""
    try:
        tree = etree.fromstring(data, _parser()).getroottree()
    except etree.XMLSyntaxError as exc:
        raise UnsafeXmlError(f"malformed XML: {exc}") from exc
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise UnsafeXmlError(ENTITY_DECLARATIONS_REFUSED)
    for node in tree.iter():
        if isinstance(node, etree._Entity):
            raise UnsafeXmlError("XML entity references are not accepted")
    return tree.getroot()
