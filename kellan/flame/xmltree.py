"""A minimal XML element tree that remembers the line of every element.

xml.etree drops line numbers; expat keeps them, and located errors ("file:line: ...") are
the point. Entity declarations are refused outright (no entity-expansion bombs), and so
are documents over a size limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.parsers import expat


class XMLError(Exception):
    """The text is not well-formed XML; .line is the 1-based line of the problem."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Node] = field(default_factory=list)
    text: str = ""

    def iter(self, tag: str) -> list[Node]:
        """Every descendant (and self) with this tag, in document order."""
        found = [self] if self.tag == tag else []
        for child in self.children:
            found.extend(child.iter(tag))
        return found


_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.S)


def parse_xml(text: str) -> Node:
    """Parse a document into Nodes. A file holding several top-level elements (as some
    flame editors write) is read as if they were wrapped in one root element."""
    try:
        return _parse(text)
    except XMLError as err:
        if "junk after document element" not in str(err):
            raise
    # Wrap the elements in a synthetic root on the first line, so line numbers hold.
    decl = _DECLARATION.match(text)
    head = decl.group(0) if decl else ""
    root = _parse(f"{head}<kellan-root>{text[len(head):]}</kellan-root>")
    return root


def _parse(text: str) -> Node:
    parser = expat.ParserCreate()
    stack: list[Node] = []
    roots: list[Node] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = Node(tag, attrs, parser.CurrentLineNumber)
        if stack:
            stack[-1].children.append(node)
        else:
            roots.append(node)
        stack.append(node)

    def end(tag: str) -> None:
        stack.pop()

    def chars(data: str) -> None:
        if stack:
            stack[-1].text += data

    def no_entities(*args: object) -> None:
        raise XMLError("entity declarations are not allowed", parser.CurrentLineNumber)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.EntityDeclHandler = no_entities
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(text, True)
    except expat.ExpatError as err:
        raise XMLError(expat.errors.messages[err.code], err.lineno) from None
    if not roots:
        raise XMLError("no element found", 1)
    return roots[0]
