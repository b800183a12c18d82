"""Injected defects and negative controls: copies corpus documents into a temporary folder,
inserts one defect (or one look-alike) per copy, lints copies and originals, and scores each
copy against its original's findings."""
import collections
import json
import os
import random
import shutil

from . import common
from . import generators_content as gc
from . import generators_structure as gs
from .docs import Doc

GDPR = ("--jurisdictions", "gdpr")

# rule -> (defect generator, control generator, how a finding is matched, extra arguments)
# "line": a new finding at the injected lines; "doc": any new finding of the rule in the
# document; "concept": any new missing-section finding of the injected concept.
SPECS = {
    "placeholder-text": (gc.placeholder, gc.placeholder_control, "line", ()),
    "draft-note": (gc.draft_note, gc.draft_note_control, "line", ()),
    "page-residue": (gc.page_residue, gc.page_residue_control, "line", ()),
    "undeclared-processor": (gc.undeclared_processor, gc.undeclared_processor_control, "line", ()),
    "unnamed-third-parties": (gc.unnamed_third_parties, gc.unnamed_third_parties_control, "doc", ()),
    "missing-contact-method": (gc.missing_contact, gc.missing_contact_control, "doc", ()),
    "inconsistent-age-threshold": (gs.age_threshold, gs.age_threshold_control, "line", ()),
    "inconsistent-company-name": (gs.company_name, gs.company_name_control, "line", ()),
    "dangling-reference": (gs.dangling_reference, gs.dangling_reference_control, "line", ()),
    "consent-by-use": (gs.consent_by_use, gs.consent_by_use_control, "line", GDPR),
    "misstated-deadline": (gs.misstated_deadline, gs.misstated_deadline_control, "line", ()),
    "unused-suppression": (gs.unused_suppression, gs.unused_suppression_control, "line", ()),
    "missing-section": (gs.missing_section, gs.missing_section_control, "concept", ()),
    "empty-section": (gs.empty_section, gs.empty_section_control, "line", ()),
    "stale-date": (gs.stale_date, gs.stale_date_control, "line", ()),
}
FORMAT_WEIGHTS = {"md": 0.4, "txt": 0.4, "html": 0.2}
# Few documents pass some preconditions; without a cap one document can fill a rule's sample.
MAX_PER_SOURCE = 3
HIT_SLACK = 1       # a finding within a line of the defect counts as finding it
CONTROL_SLACK = 3   # a new finding this close to a control counts as a false alarm


class Injection:
    """One copy of a document with one defect or control in it."""

    def __init__(self, rng, doc):
        self.rng = rng
        self.doc = doc
        self.defect_lines = set()
        self.concept = None

    def put(self, position, parts, defect):
        index = self.doc.choose_point(self.rng, position)
        if index is None:
            return None
        return self.put_at(index, parts, defect)

    def put_at(self, index, parts, defect):
        firsts = self.doc.insert(index, parts)
        # lines inserted before already recorded defect lines move them down
        added = self.doc.inserted[-1][1]
        self.defect_lines = {l + added if l > index else l for l in self.defect_lines}
        for i in defect:
            kind, text = parts[i]
            span = len(text[self.doc.fmt]) if kind == "raw" else 1
            self.defect_lines.update(range(firsts[i], firsts[i] + span))
        return firsts


def load_pool():
    """Corpus documents by format and length, without binary files."""
    pool = collections.defaultdict(list)
    for row in common.read_manifest():
        size = int(row["bytes"])
        pool[(row["format"], size > 30000)].append(row)
    return pool


def draw(rng, pool):
    fmt = rng.choices(list(FORMAT_WEIGHTS), weights=list(FORMAT_WEIGHTS.values()))[0]
    long_ = rng.random() < 0.3 and pool[(fmt, True)]
    rows = pool[(fmt, bool(long_))] or pool[(fmt, not long_)]
    row = rng.choice(rows)
    with open(os.path.join(common.CORPUS, row["file"]), encoding="utf-8", errors="replace") as f:
        text = f.read()
    if "\x00" in text:
        return None
    doc = Doc(row["file"], row["format"], text)
    doc.kind = row["kind"]
    return doc


def generate(seed, per_rule, controls_per_rule, workdir, rules):
    """Writes the copies under workdir and returns one record per copy."""
    pool = load_pool()
    records = []
    for rule in rules:
        gen, control_gen, _, _ = SPECS[rule]
        for is_control, target, fn in ((False, per_rule, gen), (True, controls_per_rule, control_gen)):
            rng = random.Random(f"{seed}:{rule}:{is_control}")
            made = attempts = 0
            uses = collections.Counter()
            while made < target and attempts < target * 40:
                attempts += 1
                doc = draw(rng, pool)
                if doc is None or not doc.points or uses[doc.name] >= MAX_PER_SOURCE:
                    continue
                inj = Injection(rng, doc)
                kind = fn(rng, inj)
                if kind is None or (not inj.defect_lines and SPECS[rule][2] == "line"):
                    continue
                folder = os.path.join(workdir, rule, f"{'c' if is_control else 'd'}{made:04d}")
                os.makedirs(folder)
                path = os.path.join(folder, doc.name)
                with open(path, "w", encoding="utf-8", newline="") as f:
                    f.write(doc.text)
                records.append({"rule": rule, "control": is_control, "kind": kind, "path": path,
                                "source": doc.name, "format": doc.fmt, "long": doc.long,
                                "doc_kind": doc.kind,
                                "lines": sorted(inj.defect_lines),
                                "concept": inj.concept, "ops": doc.inserted})
                uses[doc.name] += 1
                made += 1
    return records


def map_line(ops, line):
    idx = line - 1
    for start, count in ops:
        if count < 0:
            if start <= idx < start - count:
                return None
            if idx >= start - count:
                idx += count
        elif idx >= start:
            idx += count
    return idx + 1


def score(records, workdir):
    """Lints originals and copies and marks each record hit (defects) or clean (controls)."""
    sources = sorted({(r["source"], SPECS[r["rule"]][3]) for r in records})
    orig_paths = {}
    for i, (name, extra) in enumerate(sources):
        folder = os.path.join(workdir, "_originals", f"{i:05d}")
        os.makedirs(folder)
        orig_paths[(name, extra)] = os.path.join(folder, name)
        shutil.copyfile(os.path.join(common.CORPUS, name), orig_paths[(name, extra)])
    by_path = collections.defaultdict(list)
    for extra in sorted({SPECS[r["rule"]][3] for r in records}):
        paths = [p for (n, e), p in orig_paths.items() if e == extra]
        paths += [r["path"] for r in records if SPECS[r["rule"]][3] == extra]
        diags, _ = common.lint(paths, extra=list(extra))
        for d in diags:
            by_path[d["file"]].append(d)
    for r in records:
        rule, mode = r["rule"], SPECS[r["rule"]][2]
        orig = [d for d in by_path[orig_paths[(r["source"], SPECS[rule][3])]] if d["rule"] == rule]
        mod = [d for d in by_path[r["path"]] if d["rule"] == rule]
        if mode == "concept":
            orig = [d for d in orig if d.get("concept") == r["concept"]]
            mod = [d for d in mod if d.get("concept") == r["concept"]]
        # A document-level defect cannot be injected into a document that already has it.
        r["valid"] = not (mode in ("doc", "concept") and orig and not r["control"])
        if mode in ("doc", "concept"):
            new = mod if len(mod) > len(orig) else []
            near = new
        else:
            old_lines = {map_line(r["ops"], d["start"]["line"]) for d in orig}
            new = [d for d in mod if d["start"]["line"] not in old_lines]
            slack = CONTROL_SLACK if r["control"] else HIT_SLACK
            window = {l + k for l in r["lines"] for k in range(-slack, slack + 1)}
            near = [d for d in new if common.diag_lines(d) & window]
            if r["control"] and any(common.diag_lines(d) - window for d in near):
                # The finding pairs the control with the document's own text (a second
                # operator, age or date the preconditions did not see): the copy then has a
                # real conflict, so it says nothing about false alarms.
                r["valid"] = False
        r["found"] = bool(near)
        r["messages"] = [d["message"] for d in near][:3]
        r["other_new"] = len(new) - len(near)
    return records


def run(seed, per_rule, controls_per_rule, outdir, rules=None):
    rules = rules or list(SPECS)
    workdir = os.path.join(outdir, "injections")
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    records = score(generate(seed, per_rule, controls_per_rule, workdir, rules), workdir)
    with open(os.path.join(outdir, "injections.json"), "w", encoding="utf-8") as f:
        json.dump({"seed": seed, "records": records}, f, indent=1)
    return records


def summarize(records):
    """Per rule: recall, by kind, by facet, by format; controls clean."""
    out = {}
    for r in records:
        s = out.setdefault(r["rule"], {"d": [0, 0], "c": [0, 0], "kind": {}, "facet": {},
                                       "format": {}, "doc_kind": {}, "ckind": {}, "misses": [],
                                       "alarms": [],
                                       "excluded": 0, "excluded_controls": 0})
        if not r.get("valid", True):
            s["excluded_controls" if r["control"] else "excluded"] += 1
            continue
        if r["control"]:
            s["c"][0] += not r["found"]
            s["c"][1] += 1
            k = s["ckind"].setdefault(r["kind"].split("/")[0], [0, 0])
            k[0] += not r["found"]
            k[1] += 1
            if r["found"]:
                s["alarms"].append(r)
            continue
        s["d"][0] += r["found"]
        s["d"][1] += 1
        segs = r["kind"].split("/")
        for table, key in ((s["kind"], segs[0]), (s["format"], r["format"] + (" long" if r["long"] else "")),
                           (s["doc_kind"], r["doc_kind"])):
            t = table.setdefault(key, [0, 0])
            t[0] += r["found"]
            t[1] += 1
        for seg in segs[1:]:
            t = s["facet"].setdefault(seg, [0, 0])
            t[0] += r["found"]
            t[1] += 1
        if not r["found"]:
            s["misses"].append(r)
    return out
