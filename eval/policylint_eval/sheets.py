"""Judging sheets: a seeded random sample of the findings on the whole corpus, per rule, with
the text around each finding, for a judge who did not write the rules."""
import collections
import os
import random

from . import common

PER_RULE = 40
PER_CONCEPT = 4
NON_DMOZ = 20
CONTEXT = 15

INSTRUCTIONS = """\
# Judging sheet: `{rule}`

policylint {version_note}was run as
`policylint check --today {today} --format json --exit-zero --isolated <all corpus files>` over
`../shared/corpus/policies` ({files} files, {total} findings of this rule). This sheet is a
seeded random sample (seed `{seed}`) of {n} of them{strata}.

What the rule promises is in `docs/rules.md` (or `policylint explain {rule}`). Judge each
finding by reading the document around it{doc_level}:

- `T`: a reviewer would agree the defect is real and worth reporting at that severity;
- `F`: the finding is wrong;
- `D`: debatable (the note says why).

Write one row per finding into `{tsv}` (a copy is next to this sheet, verdicts blank), with
the columns `file`, `line`, `rule`, `verdict`, `note`, then save it in the repository as
`eval/judgments/<YYYY-MM-DD>-{rule}.tsv`. Notes describe, they do not quote: at most a few
words of corpus text (the corpus may not be copied into the repository). The judge must not
have written or tuned the rule.

"""


def sample(diags, seed):
    """rule -> sampled findings (sorted by file and line)."""
    by_rule = collections.defaultdict(list)
    for d in diags:
        by_rule[d["rule"]].append(d)
    out = {}
    for rule, ds in sorted(by_rule.items()):
        ds = sorted(ds, key=lambda d: (d["file"], d["start"]["line"], d["message"]))
        rng = random.Random(f"{seed}:{rule}")
        if rule == "missing-section":
            chosen = []
            by_concept = collections.defaultdict(list)
            for d in ds:
                by_concept[d.get("concept") or d["message"]].append(d)
            for concept in sorted(by_concept):
                pool = by_concept[concept]
                chosen += rng.sample(pool, min(PER_CONCEPT, len(pool)))
            rest = [d for d in ds if not d["file"].startswith("dmoz__") and d not in chosen]
            chosen += rng.sample(rest, min(NON_DMOZ, len(rest)))
        else:
            chosen = rng.sample(ds, min(PER_RULE, len(ds)))
        out[rule] = (sorted(chosen, key=lambda d: (d["file"], d["start"]["line"])), len(ds))
    return out


def context(path, line):
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().replace("\r\n", "\n").split("\n")
    lo, hi = max(1, line - CONTEXT), min(len(lines), line + CONTEXT)
    return "\n".join(f"{'>' if i == line else ' '}{i:5d} | {lines[i - 1]}" for i in range(lo, hi + 1))


def write(outdir, seed):
    diags, _ = common.lint_corpus()
    files = len(common.read_manifest())
    os.makedirs(outdir, exist_ok=True)
    written = []
    for rule, (chosen, total) in sample(diags, seed).items():
        tsv = os.path.join(outdir, f"{rule}.tsv")
        doc_level = rule in ("missing-section", "missing-contact-method", "unnamed-third-parties")
        head = INSTRUCTIONS.format(
            rule=rule, version_note="(this worktree's release build) ", today=common.TODAY,
            files=files, total=total, seed=seed, n=len(chosen), tsv=tsv,
            strata=(f", {PER_CONCEPT} per concept plus {NON_DMOZ} outside the DMOZ scrapes"
                    if rule == "missing-section" else ""),
            doc_level=(" (for a document-level finding such as a missing section: the whole "
                       "document, looking for the topic in other words)" if doc_level else ""))
        parts = [head]
        for i, d in enumerate(chosen):
            path = os.path.join(common.CORPUS, d["file"])
            line = d["start"]["line"]
            parts.append(f"## {i}. `{d['file']}` line {line}\n\n"
                         f"- file: `{path}`\n- rule: `{rule}` ({d['severity']})\n"
                         f"- message: {d['message']}\n- help: {d.get('help', '')}\n")
            if d.get("concept"):
                parts.append(f"- concept: `{d['concept']}`\n")
            for label in d.get("labels") or []:
                parts.append(f"- also points at line {label['start']['line']}: {label.get('message', '')}\n")
            if doc_level:
                parts.append(f"\nRead the whole document: `{path}`\n")
            parts.append("\n```text\n" + context(path, line).replace("```", "'''") + "\n```\n\n")
        with open(os.path.join(outdir, f"{rule}.md"), "w", encoding="utf-8") as f:
            f.write("".join(parts))
        with open(tsv, "w", encoding="utf-8") as f:
            f.write("file\tline\trule\tverdict\tnote\n")
            for d in chosen:
                f.write(f"{d['file']}\t{d['start']['line']}\t{rule}\t\t\n")
        written.append((rule, len(chosen), total))
    return written
