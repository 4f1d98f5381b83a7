"""BibTeX written by BibTeX's own grammar, so that no text from a dataset can end a field, swallow
the rest of the file or add an entry.

BibTeX reads a braced field value by counting braces, and it counts `\\{` and `\\}` too: a
backslash escapes nothing for it. So every brace written here comes in a pair that opens and
closes in the same value; a brace in the data is written as `\\textbraceleft{}` or
`\\textbraceright{}`, which holds none of its own. Outside a brace-balanced value BibTeX sees
nothing of the data, so `@`, `%`, quotes and commas in it are plain text; TeX's own special
characters are escaped for the LaTeX that prints the bibliography.
"""

from __future__ import annotations

import re

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_ESCAPE = re.compile("|".join(re.escape(char) for char in _SPECIAL))
# Characters a BibTeX key cannot hold (it ends at a comma, a brace or a space).
_NOT_KEY = re.compile(r"[^A-Za-z0-9:._-]+")


def escape(text: str) -> str:
    """`text` on one line, with every character TeX or BibTeX would read as markup written as
    itself, and no brace but balanced pairs."""
    return _ESCAPE.sub(lambda match: _SPECIAL[match.group()], " ".join(text.split()))


def url(address: str) -> str:
    """An address inside braces, whole: braces and backslashes percent-encoded (which leaves the
    address the same), nothing else escaped: biblatex and the url package read it verbatim."""
    return address.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")


def key(name: str) -> str:
    """An entry's key from an id (ids are letters, digits and hyphens already)."""
    return _NOT_KEY.sub("-", name) or "source"


def entry(kind: str, name: str, fields: list[tuple[str, str]]) -> str:
    """One entry, its values already escaped: `@kind{name,` then a field a line."""
    body = ",\n".join(f"  {field} = {{{value}}}" for field, value in fields)
    return f"@{kind}{{{name},\n{body}\n}}"
