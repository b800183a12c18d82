"""Paths, corpus listing and running the policylint binary."""
import csv
import functools
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

TODAY = "2026-11-22"
EVAL_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(EVAL_DIR)
SHARED = os.path.normpath(os.path.join(REPO, "..", "shared"))
CORPUS = os.path.join(SHARED, "corpus", "policies")
MANIFEST = os.path.join(SHARED, "corpus", "MANIFEST.tsv")
BINARY = os.path.join(REPO, "target", "release", "policylint")
# Chunks keep the command line short; both cores lint at once.
CHUNK = 600
JOBS = 2


def die(message):
    print("eval: " + message, file=sys.stderr)
    sys.exit(2)


def build():
    """Builds the release binary (a no-op when it is up to date)."""
    r = subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO)
    if r.returncode != 0:
        die("cargo build --release failed")


def require_binary():
    if not os.path.isfile(BINARY):
        die(f"{BINARY} not found; run `python3 eval/run.py build` first")
    if not os.path.isdir(CORPUS):
        die(f"corpus not found at {CORPUS}; ../shared must be beside the repository")


def read_manifest():
    """MANIFEST rows as dicts (file, kind, format, bytes, ...) for files that exist."""
    with open(MANIFEST, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r for r in rows if os.path.isfile(os.path.join(CORPUS, r["file"]))]


def _lint_chunk(paths, extra, cwd):
    args = [BINARY, "check", "--today", TODAY, "--format", "json", "--exit-zero", "--isolated"]
    # Exit 2 also covers per-file errors (binary files); the JSON still holds the rest.
    r = subprocess.run(args + extra + ["--"] + paths, capture_output=True, text=True, cwd=cwd)
    try:
        data = json.loads(r.stdout)
    except json.JSONDecodeError:
        die("policylint did not print JSON; stderr: " + r.stderr[-500:])
    return data


def lint(paths, extra=(), cwd=None, together=False):
    """Lints files and returns (diagnostics, errors). `together` lints all in one call
    (documents linted together are compared with each other, as in the shared evaluation)."""
    paths = list(paths)
    if not paths:
        return [], []
    chunks = [paths] if together else [paths[i:i + CHUNK] for i in range(0, len(paths), CHUNK)]
    diags, errors = [], []
    with ThreadPoolExecutor(max_workers=JOBS) as pool:
        for data in pool.map(lambda c: _lint_chunk(c, list(extra), cwd), chunks):
            diags.extend(data.get("diagnostics", []))
            errors.extend(data.get("errors", []))
    return diags, errors


@functools.lru_cache(maxsize=1)
def lint_corpus():
    """The whole corpus in one call, file names relative to the corpus folder (once per run:
    `all` needs it for the sheets and the report)."""
    files = sorted(r["file"] for r in read_manifest())
    return lint(files, cwd=CORPUS, together=True)


def diag_lines(d):
    """Every line a diagnostic points at: its primary span and its labels in the same file."""
    lines = set(range(d["start"]["line"], d["end"]["line"] + 1))
    for label in d.get("labels") or []:
        if label.get("file") in (None, d["file"]):
            lines.update(range(label["start"]["line"], label["end"]["line"] + 1))
    return lines


def read_tsv(path):
    """A TSV with a header row; fields may be quoted CSV-style (the shared evaluation is)."""
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))
