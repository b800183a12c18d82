"""A corpus document as lines, with format-aware places to insert text and ways to remove it.

Inserted text is rendered in the document's own format (Markdown, plain text or HTML) so
that it reads as part of the document: a paragraph, a heading, a list, a line."""
import html
import re

FENCE = re.compile(r"^\s*(```|~~~)")
HTML_BLOCK_OPEN = re.compile(r"<(script|style|pre|textarea|head)\b", re.I)
HTML_BLOCK_CLOSE = re.compile(r"</(script|style|pre|textarea|head)\s*>", re.I)


class Doc:
    def __init__(self, name, fmt, text):
        self.name = name
        self.fmt = fmt
        # privacy, terms, cookies or other: set from the corpus manifest by inject.py
        self.kind = "privacy"
        self.eol = "\r\n" if "\r\n" in text[:4000] else "\n"
        body = text.replace("\r\n", "\n")
        self.trailing_newline = body.endswith("\n")
        self.lines = body.split("\n")
        if self.trailing_newline:
            self.lines.pop()
        self.original = list(self.lines)
        self.points = self._insertion_points()
        # (first line index in the new text, number of lines) of each insertion, in order
        self.inserted = []

    @property
    def text(self):
        return self.eol.join(self.lines) + (self.eol if self.trailing_newline else "")

    @property
    def long(self):
        return len(self.text) > 30000

    def _insertion_points(self):
        """Indexes i such that text inserted before lines[i] starts a new block."""
        n = len(self.lines)
        points = []
        if self.fmt == "html":
            in_body = False
            blocked = 0
            for i, line in enumerate(self.lines):
                if in_body and not blocked and i > 0 and self.lines[i - 1].rstrip().endswith(">") \
                        and line.lstrip().startswith("<") and not line.lstrip().startswith("</li") \
                        and not re.match(r"\s*</?(tr|td|th|tbody|thead|table|li|dt|dd|option)\b", line, re.I):
                    points.append(i)
                if re.search(r"<body\b[^>]*>", line, re.I):
                    in_body = True
                if re.search(r"</body\s*>", line, re.I):
                    in_body = False
                blocked += len(HTML_BLOCK_OPEN.findall(line)) - len(HTML_BLOCK_CLOSE.findall(line))
                blocked = max(blocked, 0)
            return points
        in_fence = False
        front_matter = self.fmt == "md" and n > 0 and self.lines[0].strip() == "---"
        for i, line in enumerate(self.lines):
            if front_matter:
                if i > 0 and line.strip() == "---":
                    front_matter = False
                continue
            if FENCE.match(line):
                in_fence = not in_fence
                continue
            if in_fence or i == 0:
                continue
            prev = self.lines[i - 1].strip()
            if self.fmt == "md":
                if prev == "" and not line.lstrip().startswith("|") and not line.startswith("    "):
                    points.append(i)
            elif prev == "" or prev.endswith((".", ":", "!", "?", ")")):
                points.append(i)
        if not in_fence and not front_matter:
            points.append(n)
        return points

    def choose_point(self, rng, position):
        """An insertion index at `position` (start, middle or end of the document)."""
        pts = self.points
        if not pts:
            return None
        k = len(pts)
        if position == "start":
            pool = pts[: max(1, k // 6)]
        elif position == "end":
            pool = pts[-max(1, k // 6):]
        else:
            pool = pts[k // 4: max(k // 4 + 1, 3 * k // 4)]
        return rng.choice(pool)

    # ----- rendering -----

    def esc(self, s):
        return html.escape(s, quote=False) if self.fmt == "html" else s

    def render(self, parts):
        """Lines for a list of parts. A part is (kind, text) with kind para, heading, item,
        line or raw (text is then a dict format -> list of lines). Returns (lines, index of
        each part's first line)."""
        out, where = [], []
        items_open = False
        for kind, text in parts:
            if self.fmt == "html":
                if kind != "item" and items_open:
                    out.append("</ul>")
                    items_open = False
                where.append(len(out) + (1 if kind == "item" and not items_open else 0))
                if kind == "para":
                    out.append(f"<p>{self.esc(text)}</p>")
                elif kind == "heading":
                    out.append(f"<h2>{self.esc(text)}</h2>")
                elif kind == "line":
                    out.append(f"<div>{self.esc(text)}</div>")
                elif kind == "item":
                    if not items_open:
                        out.append("<ul>")
                        items_open = True
                    out.append(f"<li>{self.esc(text)}</li>")
                else:
                    out.extend(text["html"])
                continue
            if kind == "item":
                where.append(len(out))
                out.append(("- " if self.fmt == "md" else "\u2022 ") + text)
                items_open = True
                continue
            if items_open:
                out.append("")
                items_open = False
            where.append(len(out))
            if kind == "heading" and self.fmt == "md":
                out.append("## " + text)
            elif kind == "raw":
                out.extend(text[self.fmt])
            else:
                out.append(text)
            out.append("")
        if self.fmt == "html" and items_open:
            out.append("</ul>")
        if self.fmt != "html":
            if items_open:
                out.append("")
            # A blank line before the block too when the previous line is text.
        return out, where

    def insert(self, index, parts):
        """Inserts rendered parts before lines[index] (an index into the current lines).
        Returns the 1-based line number of each part's first line."""
        lines, where = self.render(parts)
        if self.fmt != "html" and index > 0 and self.lines[index - 1].strip() != "":
            lines = [""] + lines
            where = [w + 1 for w in where]
        if self.fmt != "html" and index == len(self.lines) and lines and lines[-1] == "":
            lines.pop()
        self.lines[index:index] = lines
        self.inserted.append((index, len(lines)))
        # Later insertion points move down.
        self.points = [p + len(lines) if p > index else p for p in self.points]
        return [index + w + 1 for w in where]

    def remove(self, start, end):
        """Removes lines[start:end]."""
        del self.lines[start:end]
        self.inserted.append((start, -(end - start)))
        self.points = [p - (end - start) if p >= end else p for p in self.points if not start <= p < end]

    # ----- reading -----

    def headings(self):
        """(index, level, text) of headings: Markdown #, HTML <hN>, numbered or short
        title-case lines in text."""
        out = []
        for i, line in enumerate(self.lines):
            s = line.strip()
            if self.fmt == "md":
                m = re.match(r"^(#{1,6})\s+(.*)", s)
                if m:
                    out.append((i, len(m.group(1)), m.group(2).strip("# *")))
                elif re.match(r"^\*\*[^*]{3,80}\*\*$", s):
                    out.append((i, 4, s.strip("*")))
            elif self.fmt == "html":
                for m in re.finditer(r"<h([1-6])[^>]*>(.*?)</h\1>", line, re.I):
                    out.append((i, int(m.group(1)), re.sub(r"<[^>]+>", "", m.group(2))))
            else:
                if 2 < len(s) < 70 and not s.endswith((".", ",", ";")) and (
                        re.match(r"^\d{1,2}[.)]\s+[A-Z]", s) or (s[0].isupper() and s.istitle())
                        or (s.isupper() and any(c.isalpha() for c in s))):
                    prev_blank = i == 0 or self.lines[i - 1].strip() == ""
                    if prev_blank or re.match(r"^\d{1,2}[.)]\s", s):
                        out.append((i, 2, s))
        return out
