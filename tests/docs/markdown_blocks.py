"""Fenced code blocks of a Markdown file, and the ones the docs mark for tests.

A block is marked by an HTML comment (invisible when the Markdown is rendered)
on the line before its opening fence (blank lines may come between):

    <!-- docs-test: NAME -->
    ```python
    ...
    ```

The tests run or compare the marked blocks as they are, so the docs and the
tests cannot drift apart. Standard library only.
"""

import re

_MARKER = re.compile(r"^<!--\s*docs-test:\s*(.+?)\s*-->\s*$")
_FENCE = re.compile(r"^(```+|~~~+)\s*([\w+-]*)")


class Block:
    def __init__(self, lang, text, line, name):
        self.lang = lang  # the info string's first word, lower case ("" when none)
        self.text = text  # the lines between the fences, each ending in "\n"
        self.line = line  # 1-based line of the opening fence
        self.name = name  # the marker's NAME, or None when not marked

    def where(self, path):
        return "%s:%d" % (path, self.line)


def blocks(path):
    """Every fenced block of the file, in order. Raises ValueError on a marker
    not followed by a fence, a duplicate marker name or an unclosed fence."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines(keepends=True)
    out, names, pending, i = [], set(), None, 0
    while i < len(lines):
        marker = _MARKER.match(lines[i])
        fence = _FENCE.match(lines[i])
        if marker:
            if pending:
                raise ValueError("%s:%d: docs-test marker %r is not followed by a code block"
                                 % (path, pending[1], pending[0]))
            if marker.group(1) in names:
                raise ValueError("%s:%d: docs-test marker %r used twice" % (path, i + 1, marker.group(1)))
            names.add(marker.group(1))
            pending = (marker.group(1), i + 1)
            i += 1
            continue
        if fence:
            start, close, body = i, fence.group(1), []
            i += 1
            while i < len(lines) and not lines[i].rstrip().startswith(close):
                body.append(lines[i])
                i += 1
            if i == len(lines):
                raise ValueError("%s:%d: code block is not closed" % (path, start + 1))
            name, pending = (pending[0] if pending else None), None
            out.append(Block(fence.group(2).lower(), "".join(body), start + 1, name))
        elif pending and lines[i].strip():
            raise ValueError("%s:%d: docs-test marker %r is not followed by a code block"
                             % (path, pending[1], pending[0]))
        i += 1
    if pending:
        raise ValueError("%s:%d: docs-test marker %r is not followed by a code block" % (path, pending[1], pending[0]))
    return out


def marked(path):
    """{name: Block} of the marked blocks."""
    return {b.name: b for b in blocks(path) if b.name}
