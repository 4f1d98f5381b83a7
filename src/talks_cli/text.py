"""Text helpers shared by search and output: folding for matching, escaping for display."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

# Unicode's noncharacters (U+FDD0 to U+FDEF, and the last two code points of every plane,
# U+FFFE and U+FFFF among them): never text, and U+FFFE/U+FFFF make XML invalid. As the inside of
# a regular expression's character class.
NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000)
)
# Characters that can move the cursor, recolour, retitle or reorder a terminal: C0 and C1
# controls, DEL, the Unicode line/paragraph separators, and the bidi embeddings, overrides
# and isolates (the "Trojan Source" set); and the noncharacters, which no reader of JSON, XML
# or a terminal should be handed raw. The class ends the pattern: `_unsafe_or_break` adds to it.
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    + NONCHARACTERS
    + "]"
)


@functools.cache
def _unsafe_or_break() -> re.Pattern[str]:
    """UNSAFE, and tabs and newlines: compiled on first use (plain, CSV and messages), as
    compiling it costs more than a warm `--json` start's own work on many commands."""
    return re.compile(UNSAFE.pattern[:-1] + "\t\n]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every control character shown as an escape such as \\x1b, never emitted.

    Tabs and newlines are escaped too unless `keep_newlines`, so that one value stays on one
    line of tab-separated output.
    """
    pattern = UNSAFE if keep_newlines else _unsafe_or_break()
    return pattern.sub(_escape, text)


_NOT_WORD = re.compile(r"[\W_]+")
# Letters Unicode decomposition leaves whole, spelled as a person without them types them.
_UNDECOMPOSED = str.maketrans(
    {
        "ı": "i",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ħ": "h",
    }
)
# A thousands separator between digits (1,000, 1 000, 1.000, 1'000): dropped, so all read 1000.
_THOUSANDS = re.compile("(?<=\\d)[,.'’\u00a0\u202f\u2009 ](?=\\d{3}(?!\\d))")


def fold(text: str) -> str:
    """A form of `text` for matching: no case, no accents, punctuation as single spaces,
    numbers without thousands separators.

    "États-Unis" and "etats unis" fold alike, as do "Cessez-le-feu" and "cessez le feu",
    "Çırağan" and "ciragan", "1,000" and "1000".
    """
    text = _THOUSANDS.sub("", text)
    if text.isascii():  # most names and summaries: nothing to decompose
        return _NOT_WORD.sub(" ", text.lower()).strip()
    return _NOT_WORD.sub(" ", _bare(text)).strip()


def _bare(text: str) -> str:
    """`text` without case, decomposed (NFKD), without its combining marks (accents)."""
    lowered = text.casefold()
    if len(lowered) < LONG:
        lowered = lowered.translate(_UNDECOMPOSED)
    else:  # str.translate looks every character up in a dict: a regular expression finds the few
        lowered = _undecomposed().sub(lambda found: _UNDECOMPOSED[ord(found.group())], lowered)
    decomposed = unicodedata.normalize("NFKD", lowered)
    # Only the distinct characters of a text are looked up in Unicode's tables, and the marks
    # found are dropped at the speed of C.
    marks = [char for char in set(decomposed) if unicodedata.combining(char)]
    if not marks:
        return decomposed
    if len(decomposed) < LONG:
        return decomposed.translate(dict.fromkeys(map(ord, marks)))
    return re.sub("[" + "".join(map(re.escape, sorted(marks))) + "]+", "", decomposed)


LONG = 4096  # characters from which a regular expression beats str.translate


@functools.cache
def _undecomposed() -> re.Pattern[str]:
    return re.compile("[" + "".join(chr(code) for code in sorted(_UNDECOMPOSED)) + "]")


_SEPARATOR = "\x00"
# Compiled by `re` on first use, to build an index: not at every start.
_NOT_WORD_NOR_SEPARATOR = r"(?:[^\w\x00]|_)+"


def fold_all(texts: list[str]) -> list[str]:
    """`[fold(text) for text in texts]`, each step done once over many of them.

    The texts are joined by a character none of them holds (NUL) and folded together, the
    ASCII ones (most) apart from the others as `fold` does: each step of `fold` works on
    characters, or on runs that cannot cross a NUL (it is no digit, letter, accent or thousands
    separator, and is kept apart from the punctuation squeezed to one space), so the pieces are
    exactly what folding each text would give. For 100,000 records that is a few C calls
    instead of hundreds of thousands of Python ones.
    """
    joined = _SEPARATOR.join(texts)
    if not texts or joined.count(_SEPARATOR) != len(texts) - 1:  # a text holds a NUL: one by one
        return [fold(text) for text in texts]
    pieces = _THOUSANDS.sub("", joined).split(_SEPARATOR)
    folded = [""] * len(pieces)
    plain = [i for i, piece in enumerate(pieces) if piece.isascii()]
    other = [i for i, piece in enumerate(pieces) if not piece.isascii()]
    if plain:
        # In ASCII, lower-casing and making every character but a letter or digit a space is
        # one bytes.translate; squeezing the spaces and stripping them is str.split's.
        ascii_text = _SEPARATOR.join([pieces[i] for i in plain]).encode("ascii")
        spaced = ascii_text.translate(_ascii_fold()).decode("ascii").split(_SEPARATOR)
        for i, piece in zip(plain, spaced, strict=True):
            folded[i] = " ".join(piece.split())
    if other:
        bare = _bare(_SEPARATOR.join([pieces[i] for i in other]))
        squeezed = re.sub(_NOT_WORD_NOR_SEPARATOR, " ", bare).split(_SEPARATOR)
        for i, piece in zip(other, squeezed, strict=True):
            folded[i] = piece.strip()
    return folded


@functools.cache
def _ascii_fold() -> bytes:
    """A bytes.translate table: A-Z to a-z, letters, digits and NUL kept, all else a space."""
    return (
        bytes(
            code + 32 if 65 <= code <= 90 else code if chr(code).isalnum() or code == 0 else 32
            for code in range(128)
        )
        + b" " * 128
    )


# Folding may grow a text (U+FDFA decomposes into 18 characters, "ß" into "ss"), but a text
# that grows more than this is built to fill memory: the loader refuses it (rules.text_problems).
FOLD_GROWTH = 4
FOLD_SLACK = 32


def fold_limit(text: str) -> int:
    """The most characters `fold(text)` may hold before the text is refused."""
    return FOLD_GROWTH * len(text) + FOLD_SLACK


def folded_size(text: str) -> int:
    """An upper bound of `len(fold(text))`, at the speed of C: the decomposition `fold` makes,
    before it drops accents and squeezes punctuation (which only shrink it)."""
    if text.isascii():
        return len(text)
    return len(unicodedata.normalize("NFKD", text.casefold().translate(_UNDECOMPOSED)))


def widest_expansion(text: str) -> tuple[str, int]:
    """The character of `text` that folding grows the most, and how many characters it becomes."""
    return max(((char, folded_size(char)) for char in set(text)), key=lambda pair: (pair[1], pair[0]))


SHORT = 60  # characters of a value quoted in a message


def shorten(text: str, limit: int = SHORT) -> str:
    """A value fit to quote in a message: on one line, control characters visible, not too long."""
    text = visible(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


MAX_COMPARED = 2000  # candidates difflib compares, which is slow on long lists


def _candidates(wanted: str, choices: Iterable[str]) -> list[str]:
    """The choices a suggestion compares, in order: all of them, or past MAX_COMPARED only the
    words a slip of the finger could have made (the same first letter, about as long)."""
    candidates = sorted(set(choices))
    if len(candidates) > MAX_COMPARED:
        slack = max(2, len(wanted) // 3)
        candidates = [c for c in candidates if c[:1] == wanted[:1] and abs(len(c) - len(wanted)) <= slack]
    return candidates[:MAX_COMPARED]


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to `word`, for 'did you mean …?' hints; the same on every run.

    Among equally close choices, one that starts with the same letter wins (a slip of the
    finger rarely hits the first letter), then one of the same length, then the first in order.
    """
    import difflib  # only on the way to an error message

    wanted = word.lower()
    close = difflib.get_close_matches(wanted, _candidates(wanted, choices), n=8, cutoff=0.6)
    if not close:
        return None

    def rank(choice: str) -> tuple[float, bool, int, str]:
        score = difflib.SequenceMatcher(None, wanted, choice).ratio()
        return (-score, choice[:1] != wanted[:1], abs(len(choice) - len(wanted)), choice)

    return min(close, key=rank)


def suggest_many(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """Up to `n` choices close to `word`, closest first: for an id that could be of any kind."""
    import difflib  # only on the way to an error message

    wanted = word.lower()
    return difflib.get_close_matches(wanted, _candidates(wanted, choices), n=n, cutoff=0.6)
