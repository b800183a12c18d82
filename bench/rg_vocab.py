"""Extracts the vocabulary of rules/*.toml into one ripgrep pattern file (`rg -f`).

The ripgrep pass is the floor for a linter that must look for every phrase and regex the
rules know: one pass over the bytes, no parsing, no analysis. What goes in:

- every regular expression the rules run over text (keys in REGEX_KEYS), as written: the
  files use Rust `regex` syntax, which is ripgrep's. In ages.toml the placeholders `{N}`,
  `{LO}`, `{HI}` stand for an age and a literal space for any whitespace, so they become
  `\\d{1,2}` and `\\s+`.
- every literal phrase, name, heading word and cue (keys in LITERAL_KEYS), escaped; a
  trailing `*` ("cookie*") means "the word may go on" and becomes `\\w*`.

Left out: examples (`matches`, `ignores`, `*_examples`, `[[sentence]]` tables), ids,
messages and other prose, and package names (matched in manifests, not in policy text).
The pass is case-insensitive (`-i`) as nearly all rules are.
"""

import sys
import tomllib
from pathlib import Path

REGEX_KEYS = {"regex", "absent", "patterns", "triggers", "no_personal_data"}
LITERAL_KEYS = {
    # phrases and words searched for in the text
    "text", "phrases", "names", "exact", "headings", "strong", "weak", "cues", "anchors",
    "context", "reject_next", "skip", "conduct", "shared_mail", "domain", "domains",
    # [matching] lists of processors.toml and [kind] lists of sections.toml
    "generic_context", "weak_before", "example_intro", "example_of", "after_our",
    "after_your", "reject_next_all", "disclaimer", "social_presence", "social_page_words",
    "self_hosted", "corporate_suffixes", "privacy", "other", "privacy_cues",
}
# Tables whose `text` is an example sentence, not vocabulary.
EXAMPLE_TABLES = {"sentence"}
# Characters that `regex` treats as meta (regex_syntax::is_meta_character).
RUST_META = set("\\.+*?()|[]{}^$#&-~")


def escape(literal: str) -> str:
    return "".join("\\" + c if c in RUST_META else c for c in literal)


def literal_pattern(phrase: str) -> str:
    if phrase.endswith("*"):
        return escape(phrase[:-1]) + r"\w*"
    return escape(phrase)


def age_pattern(regex: str) -> str:
    regex = regex.replace("{N}", r"\d{1,2}").replace("{LO}", r"\d{1,2}")
    return regex.replace("{HI}", r"\d{1,2}").replace(" ", r"\s+")


def collect(node, table, file, regexes, literals):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in REGEX_KEYS:
                for s in value if isinstance(value, list) else [value]:
                    if file == "ages.toml" and table in ("phrase", "range"):
                        s = age_pattern(s)
                    regexes.append(s)
            elif key in LITERAL_KEYS and table not in EXAMPLE_TABLES:
                for s in value if isinstance(value, list) else [value]:
                    if isinstance(s, str) and s.strip():
                        literals.append(s)
            elif isinstance(value, (dict, list)):
                collect(value, key if isinstance(value, list) else table, file, regexes, literals)
    elif isinstance(node, list):
        for item in node:
            collect(item, table, file, regexes, literals)


def extract(rules_dir: Path):
    """Returns (regexes, literals) of every rules/*.toml file, in file order, deduplicated;
    literals as written (a trailing `*` included)."""
    regexes, literals = [], []
    for path in sorted(rules_dir.glob("*.toml")):
        with open(path, "rb") as f:
            collect(tomllib.load(f), "", path.name, regexes, literals)
    return list(dict.fromkeys(regexes)), list(dict.fromkeys(literals))


def case_variants(literals):
    """Fixed strings for `rg -F` (one Aho-Corasick/Teddy pass, the real floor): each phrase
    as written, lower case, first letter upper and all upper, a trailing `*` dropped (a
    prefix matches anyway). ASCII case folding by enumeration: `rg -i` over thousands of
    phrases does not use the literal engines."""
    out = []
    for lit in literals:
        lit = lit.rstrip("*")
        out += [lit, lit.lower(), lit[:1].upper() + lit[1:].lower(), lit.upper()]
    return list(dict.fromkeys(out))


def write_pattern_files(rules_dir: Path, folder: Path):
    """Writes vocab-regexes.txt and vocab-literals.txt (for `rg -i -f`) and
    vocab-fixed.txt (for `rg -F -f`); returns their paths and a one-line summary."""
    regexes, literals = extract(rules_dir)
    fixed = case_variants(literals)
    paths = {
        "regexes": folder / "vocab-regexes.txt",
        "literals": folder / "vocab-literals.txt",
        "fixed": folder / "vocab-fixed.txt",
    }
    paths["regexes"].write_text("\n".join(regexes) + "\n", encoding="utf-8")
    paths["literals"].write_text(
        "\n".join(literal_pattern(s) for s in literals) + "\n", encoding="utf-8")
    paths["fixed"].write_text("\n".join(fixed) + "\n", encoding="utf-8")
    summary = (f"ripgrep vocabulary (bench/rg_vocab.py): {len(regexes)} regexes, "
               f"{len(literals)} literal phrases, {len(fixed)} fixed strings with case variants")
    return paths, summary


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(".")
    _, summary = write_pattern_files(root / "rules", target)
    print(summary, file=sys.stderr)
