"""Tests of the harness itself: that injected text lands on the recorded lines in every
format and that original lines are mapped correctly. Run: python3 -m unittest discover eval"""
import random
import unittest

from policylint_eval import generators_content as gc
from policylint_eval import generators_structure as gs
from policylint_eval.docs import Doc
from policylint_eval.inject import Injection, map_line, summarize

MD = "# Privacy Policy\n\nWe collect data.\n\n## Contact\n\nWrite to us.\n"
TXT = "http://example.test/privacy\r\nPrivacy Policy\r\nWe collect data.\r\n\r\nContact\r\nWrite to us.\r\n"
HTML = ("<html><head><style>p{}</style></head>\n<body>\n<h1>Privacy Policy</h1>\n<p>We collect data.</p>\n"
        "<p>Write to us.</p>\n</body></html>\n")


def line(doc, n):
    return doc.text.replace("\r\n", "\n").split("\n")[n - 1]


class InsertionTest(unittest.TestCase):
    def test_defect_lines_hold_the_injected_text_in_every_format(self):
        for fmt, text in (("md", MD), ("txt", TXT), ("html", HTML)):
            for position in ("start", "middle", "end"):
                doc = Doc("privacy." + fmt, fmt, text)
                inj = Injection(random.Random(1), doc)
                parts = [("para", "intro:"), ("item", "one"), ("item", "MARKER here"), ("item", "two")]
                self.assertIsNotNone(inj.put(position, parts, defect=[2]), (fmt, position))
                self.assertEqual(len(inj.defect_lines), 1)
                self.assertIn("MARKER here", line(doc, min(inj.defect_lines)), (fmt, position))

    def test_later_insertions_move_earlier_recorded_lines_only_when_above_them(self):
        doc = Doc("privacy.md", "md", MD)
        inj = Injection(random.Random(2), doc)
        inj.put_at(len(doc.lines), [("para", "SECOND")], defect=[0])
        inj.put_at(2, [("para", "FIRST")], defect=[0])
        texts = sorted(line(doc, n) for n in inj.defect_lines)
        self.assertEqual(texts, ["FIRST", "SECOND"])

    def test_crlf_documents_keep_crlf(self):
        doc = Doc("privacy.txt", "txt", TXT)
        Injection(random.Random(3), doc).put("end", [("para", "added")], defect=[0])
        self.assertNotIn("\n", doc.text.replace("\r\n", ""))

    def test_original_lines_map_through_insertions_and_removals(self):
        doc = Doc("privacy.md", "md", MD)
        doc.insert(2, [("para", "new")])       # two lines before original line 3
        doc.remove(0, 1)                       # original line 1 removed
        self.assertIsNone(map_line(doc.inserted, 1))
        self.assertEqual(line(doc, map_line(doc.inserted, 3)), "We collect data.")
        self.assertEqual(line(doc, map_line(doc.inserted, 7)), "Write to us.")


class GeneratorTest(unittest.TestCase):
    def test_every_generator_marks_lines_or_declines(self):
        gens = [gc.placeholder, gc.placeholder_control, gc.draft_note, gc.page_residue,
                gc.undeclared_processor, gs.age_threshold, gs.company_name, gs.consent_by_use,
                gs.misstated_deadline, gs.empty_section, gs.stale_date, gs.stale_date_control]
        for gen in gens:
            for seed in range(20):
                doc = Doc("privacy.md", "md", MD * 3)
                inj = Injection(random.Random(seed), doc)
                kind = gen(inj.rng, inj)
                if kind is not None:
                    self.assertTrue(inj.defect_lines, gen.__name__)
                    for n in inj.defect_lines:
                        self.assertNotIn(line(doc, n), MD.split("\n"), (gen.__name__, kind))



class SummaryTest(unittest.TestCase):
    def test_recall_controls_and_exclusions_are_counted_separately(self):
        base = {"rule": "stale-date", "format": "md", "long": False, "doc_kind": "privacy"}
        records = [dict(base, control=False, kind="stale/iso/plain", found=True),
                   dict(base, control=False, kind="stale/long/bold", found=False),
                   dict(base, control=False, kind="future/iso/plain", found=True, valid=False),
                   dict(base, control=True, kind="fresh/iso/plain", found=True),
                   dict(base, control=True, kind="fresh/iso/plain", found=False)]
        s = summarize(records)["stale-date"]
        self.assertEqual(s["d"], [1, 2])
        self.assertEqual(s["c"], [1, 2])
        self.assertEqual(s["excluded"], 1)
        self.assertEqual(s["kind"], {"stale": [1, 2]})
        self.assertEqual(s["facet"]["iso"], [1, 1])
        self.assertEqual(len(s["misses"]), 1)


if __name__ == "__main__":
    unittest.main()
