"""Generators of injected defects and negative controls for the integrity, legal, meta,
structure and timeliness rules (see generators_content.py for how generators work)."""
import datetime
import re

from . import vocab
from .generators_content import (EMAIL, PHONE, POSITIONS, TODAY, _is_privacy, domain, shaped)


# ---------------------------------------------------------------- inconsistent-age-threshold

AGE_WORDS = {13: "thirteen", 14: "fourteen", 16: "sixteen", 18: "eighteen"}
AGE_IN_TEXT = re.compile(r"\b(under|over|aged?|least)\s+(the age of\s+)?\(?\d{1,2}\b|\b\d{1,2}\s+years", re.I)

# Sentences by purpose; {A} is the age, written in one of several spellings.
AGE_PURPOSES = {
    "minimum-age": ["You must be at least {A} years old to use the service.",
                    "The service is only for people aged {A} and over.",
                    "Our service is not intended for children under {A}.",
                    "You may not create an account if you are under {A}."],
    "children-data": ["We do not knowingly collect personal information from children under {A}.",
                      "If we learn that we have collected personal data from a child under the age "
                      "of {A}, we will delete it.",
                      "Children under {A} may not provide us with any personal information."],
}


def _age(rng, n):
    return rng.choice([str(n), f"{AGE_WORDS[n]} ({n})", AGE_WORDS[n]])


def _no_ages(doc):
    return not AGE_IN_TEXT.search("\n".join(doc.original))


def age_threshold(rng, inj):
    if not _no_ages(inj.doc):
        return None
    # Not 13 against 18: "not intended for children under 13" and "you must be 18" are both
    # true of an adults-only service (docs/rules.md, inconsistent-age-threshold); that pair is
    # a control ("adults-only") below.
    a, b = rng.choice([(13, 16), (16, 14), (16, 13)])
    purpose = rng.choice(list(AGE_PURPOSES))
    if rng.random() < 0.3:
        # The documentation's own example shape: "not intended for children under 13" ... "must be 16"
        first = "Our service is not intended for children under {A}."
        second = "You must be at least {A} years old to use the service."
        purpose = "doc-example"
    else:
        first, second = rng.sample(AGE_PURPOSES[purpose], 2)
    juris = rng.choice(["none", "same-us"])
    pre = "" if juris == "none" else "In the United States, "
    s1 = pre + first.replace("{A}", _age(rng, a))
    s2 = pre + second.replace("{A}", _age(rng, b))
    if pre:
        s1 = pre + s1[len(pre)].lower() + s1[len(pre) + 1:]
        s2 = pre + s2[len(pre)].lower() + s2[len(pre) + 1:]
    where = rng.choice([("start", "end"), ("start", "middle"), ("middle", "end")])
    if inj.put(where[0], [("para", s1)], defect=[0]) is None:
        return None
    heading = rng.choice(["Children", "Eligibility", "Who may use the service", "Age limits"])
    if inj.put(where[1], [("heading", heading), ("para", s2)], defect=[1]) is None:
        return None
    return f"{a}-vs-{b}/{purpose}/{juris}"


def age_threshold_control(rng, inj):
    if not _no_ages(inj.doc):
        return None
    kind = rng.choice(["per-jurisdiction-sentence", "per-jurisdiction-sections", "different-purpose",
                       "range", "not-ages", "adults-only"])
    if kind == "per-jurisdiction-sentence":
        parts_a = [("para", rng.choice([
            "You must be 16 or older to use the service in the EEA, and 13 or older elsewhere.",
            "We do not knowingly collect personal data from children under 16 in the EEA or under "
            "13 in the United States."]))]
        parts_b = None
    elif kind == "per-jurisdiction-sections":
        parts_a = [("para", "If you live in the European Economic Area, you must be at least 16 "
                            "years old to use the service.")]
        parts_b = [("heading", "Users in the United States"),
                   ("para", "If you live in the United States, you must be at least 13 years old "
                            "to use the service.")]
    elif kind == "different-purpose":
        parts_a = [("para", "You must be at least 18 years old to accept these terms and buy a "
                            "subscription.")]
        parts_b = [("heading", "Children"), ("para", "We do not knowingly collect personal "
                                                     "information from children under 13.")]
    elif kind == "adults-only":
        parts_a = [("para", "Our service is not intended for children under 13.")]
        parts_b = [("heading", "Eligibility"),
                   ("para", "You must be at least 18 years old to use the service.")]
    elif kind == "range":
        parts_a = [("para", "If you are 13 or older but under 18, please ask a parent or guardian "
                            "before using the service.")]
        parts_b = None
    else:
        parts_a = [("para", "We keep analytics data for 13 months, as described in section 16.")]
        parts_b = [("para", "Most of our visitors are in the 18-24 age group.")]
    if inj.put("start", parts_a, defect=list(range(len(parts_a)))) is None:
        return None
    if parts_b and inj.put("end", parts_b, defect=list(range(len(parts_b)))) is None:
        return None
    return kind


# ---------------------------------------------------------------- inconsistent-company-name

# an operator definition already in the document: a parenthetical naming "we"/"us"/"our"/"the
# Company" among its aliases, or "operated by"
DEFINES = re.compile(r"\([^)]{0,80}?[\"\u201c\u2018'](we|us|our|the company)\b|operated by", re.I)


def _two_names(rng):
    w1, w2 = rng.sample(vocab.COMPANY_WORDS, 2)
    s1, s2 = rng.sample(vocab.COMPANY_SECOND, 2)
    suffix_kind = rng.choice(["same-suffix", "different-suffix"])
    if suffix_kind == "same-suffix":
        suf = rng.choice(vocab.LEGAL_SUFFIXES)
        return f"{w1} {s1} {suf}", f"{w2} {s2} {suf}", suffix_kind
    a, b = rng.sample(vocab.LEGAL_SUFFIXES, 2)
    return f"{w1} {s1} {a}", f"{w2} {s2} {b}", suffix_kind


def _definition(rng, name):
    end = "" if name.endswith(".") else "."
    return rng.choice([f'{name} ("we", "us", "our") respects your privacy.',
                       f'This policy explains how {name} ("we" or "the Company") uses your data.',
                       f'{name} (\u201cwe\u201d, \u201cus\u201d) is the controller of your data.',
                       f"This website is operated by {name}{end}"])


def company_name(rng, inj):
    if DEFINES.search("\n".join(inj.doc.original)):
        return None
    n1, n2, suffix_kind = _two_names(rng)
    if inj.put("start", [("para", _definition(rng, n1))], defect=[0]) is None:
        return None
    if inj.put(rng.choice(["middle", "end"]), [("para", _definition(rng, n2))], defect=[0]) is None:
        return None
    return suffix_kind


def company_name_control(rng, inj):
    if DEFINES.search("\n".join(inj.doc.original)):
        return None
    w = rng.choice(vocab.COMPANY_WORDS)
    s = rng.choice(vocab.COMPANY_SECOND)
    kind = rng.choice(["same-name", "brand-and-operator", "acronym", "processor-mention"])
    if kind == "same-name":
        a = b = f'{w} {s} Ltd ("we", "us")'
        a, b = a + " collects the data described here.", b + " may update this policy."
    elif kind == "brand-and-operator":
        a = f'{w} ("we", "us") makes a calendar app.'
        b = f"The app is operated by {rng.choice(vocab.COMPANY_WORDS)} {s} Ltd."
    elif kind == "acronym":
        a = f'{w} {s} Systems Inc. ("{w[0]}{s[0]}S", "we") provides the service.'
        b = f'{w[0]}{s[0]}S Ltd ("we") may update this policy.'
    else:
        a = f'{w} {s} Ltd ("we", "us") provides the service.'
        b = "Payments are processed by Stripe, Inc., which acts as our processor."
    if inj.put("start", [("para", a)], defect=[0]) is None:
        return None
    if inj.put("end", [("para", b)], defect=[0]) is None:
        return None
    return kind


# ---------------------------------------------------------------- dangling-reference

def _numbered_sections(doc):
    nums = []
    for _, _, text in doc.headings():
        m = re.match(r"^(?:section\s+)?(\d{1,2})[.)]?\s+\S", text.strip(), re.I)
        if m:
            nums.append(int(m.group(1)))
    return nums if len(nums) >= 3 else []


def dangling_reference(rng, inj):
    d = inj.doc
    options = ["email-below", "contact-above"]
    nums = _numbered_sections(d) if _is_privacy(d) else []
    if nums:
        options += ["section-number"] * 2
    text = "\n".join(d.original).lower()
    if d.fmt in ("md", "html") and "cookie" not in text and "cookie" not in d.name.lower():
        options.append("cookie-policy")
    kind = rng.choice(options)
    if kind == "section-number":
        n = max(nums) + rng.randint(2, 9)
        s = rng.choice([f"For details, see Section {n}.", f"as described in Section {n} below",
                        f"Your rights are explained in section {n}."])
        if not s.endswith("."):
            s = "We keep your data only " + s + "."
        return shaped(rng, inj, s, kind)
    if kind == "email-below":
        # after the last e-mail address in the document, so that none follows
        last = max([i for i, line in enumerate(d.lines) if EMAIL.search(line)] or [-1])
        pts = [p for p in d.points if p > last + 1]
        if not pts:
            return None
        s = rng.choice(["To exercise your rights, contact us using the email listed below.",
                        "Send requests to the e-mail address given below."])
        inj.put_at(rng.choice(pts), [("para", s)], defect=[0])
        return kind
    if kind == "contact-above":
        first = min([i for i, line in enumerate(d.lines) if EMAIL.search(line) or PHONE.search(line)]
                    or [len(d.lines)])
        pts = [p for p in d.points if p < first]
        if not pts:
            return None
        s = "You can reach us using the contact details above."
        inj.put_at(rng.choice(pts), [("para", s)], defect=[0])
        return kind
    s = rng.choice(["For more information, read our Cookie Policy.",
                    "Details of the cookies we use are in our Cookie Policy."])
    return shaped(rng, inj, s, kind)


def dangling_reference_control(rng, inj):
    d = inj.doc
    kind = rng.choice(["law-section", "existing-section", "email-follows", "linked-cookie-policy"])
    pos = rng.choice(POSITIONS)
    if kind == "law-section":
        parts = [("para", rng.choice(["California residents have rights under Civil Code Section "
                                      "1798.83.", "We comply with Section 5 of the FTC Act."]))]
    elif kind == "existing-section":
        nums = _numbered_sections(d)
        if not nums:
            return None
        parts = [("para", f"For details, see Section {min(nums)}.")]
    elif kind == "email-follows":
        parts = [("para", "To exercise your rights, contact us using the email listed below."),
                 ("para", f"Email: privacy@{domain(rng)}")]
    else:
        if d.fmt == "txt":
            return None
        url = f"https://{domain(rng)}/cookies"
        parts = [("raw", {"md": [f"For more information, read our [Cookie Policy]({url})."],
                          "html": [f'<p>For more information, read our <a href="{url}">Cookie '
                                   f'Policy</a>.</p>']})]
    if inj.put(pos, parts, defect=list(range(len(parts)))) is None:
        return None
    return kind


# ---------------------------------------------------------------- consent-by-use

def consent_by_use(rng, inj):
    opener = rng.choice(["By using our site", "By using the Service", "By visiting this website",
                         "By continuing to browse", "By downloading and using the app",
                         "By accessing our website"])
    verb = rng.choice(["you consent to", "you agree to", "you accept"])
    objects = ["our privacy policy", "the collection and use of information in accordance "
                                      "with this policy", "our use of cookies",
               "the processing of your personal data as described here"]
    # In terms and other contracts the rule promises only consent to data collection or
    # cookies: "you agree to our privacy policy" there incorporates it into the contract.
    if inj.doc.kind in ("terms", "other"):
        objects = objects[2:]
    obj = rng.choice(objects)
    s = f"{opener}, {verb} {obj}."
    if rng.random() < 0.25:
        s = rng.choice(["Your use of the site constitutes your consent to the collection of your "
                        "data.", "Continued use of the website means you consent to our use of "
                                 "cookies."])
        return shaped(rng, inj, s, "use-constitutes")
    return shaped(rng, inj, s, opener.split()[1].lower())


def consent_by_use_control(rng, inj):
    kind = rng.choice(["change-acceptance", "affirmative-consent", "terms-contract"])
    if kind == "terms-contract":
        if "terms" not in inj.doc.name.lower():
            return None
        s = "By using the Services you agree to these Terms."
    elif kind == "change-acceptance":
        s = rng.choice(["If you continue to use the service after we post changes, you accept the "
                        "revised policy.", "Your continued use after an update means you accept "
                                           "the updated terms of this policy."])
    else:
        s = "We ask for your consent with a separate, unticked checkbox before we set analytics cookies."
    return shaped(rng, inj, s, kind)


# ---------------------------------------------------------------- misstated-deadline

def misstated_deadline(rng, inj):
    kind = rng.choice(["breach-to-user", "breach-authority-figure", "gdpr-30-days", "ccpa-figure"])
    if kind == "breach-to-user":
        s = rng.choice(["In the event of a data breach, we will notify you within 72 hours, as "
                        "required by GDPR Article 33.",
                        "As required by the GDPR, we will inform affected users within 72 hours of "
                        "a personal data breach."])
    elif kind == "breach-authority-figure":
        n = rng.choice(["96 hours", "5 days", "7 days"])
        s = f"We will notify the supervisory authority of a breach within {n}, as required by the GDPR."
    elif kind == "gdpr-30-days":
        n = rng.choice(["30 days", "45 days", "60 days"])
        s = rng.choice([f"We will respond to your request within {n}, as required by the GDPR.",
                        f"Under the GDPR we must answer access requests within {n}."])
    else:
        n = rng.choice(["30 days", "60 days", "90 days"])
        s = f"As required by the CCPA, we will respond to verifiable requests within {n}."
    return shaped(rng, inj, s, kind)


def misstated_deadline_control(rng, inj):
    s = rng.choice(["We will notify the supervisory authority within 72 hours of becoming aware of "
                    "a breach, as required by GDPR Article 33.",
                    "We respond to requests within one month, as required by the GDPR.",
                    "We respond to verifiable requests within 45 days, as required by the CCPA.",
                    "We respond within 14 days, in accordance with the GDPR."])
    return shaped(rng, inj, s, "correct")


# ---------------------------------------------------------------- unused-suppression

def unused_suppression(rng, inj):
    if inj.doc.fmt == "txt":
        return None
    form = rng.choice(["disable-next-line", "disable-file", "disable"])
    if form == "disable-next-line":
        # the next line is the harness's own clean sentence
        rule = rng.choice(["placeholder-text", "stale-date", "draft-note", "placeholder-txt",
                           "page-residue", ""])
    else:
        # rules that report nothing on the corpus documents, so nothing is suppressed
        rule = rng.choice(["misstated-deadline", "inconsistent-company-name", "placeholder-txt"])
    comment = f"<!-- policylint-{form} {rule} -->".replace("  ", " ")
    parts = [("raw", {"md": [comment], "html": [comment]}),
             ("para", "We update this policy when our practices change.")]
    if inj.put(rng.choice(POSITIONS), parts, defect=[0]) is None:
        return None
    return f"{form}/{'misspelt' if rule == 'placeholder-txt' else 'all' if not rule else 'rule'}"


def unused_suppression_control(rng, inj):
    if inj.doc.fmt == "txt":
        return None
    rule = rng.choice(["placeholder-text", ""])
    comment = f"<!-- policylint-disable-next-line {rule} -->".replace("  ", " ")
    # Lorem ipsum: a placeholder every build so far reports, so the comment has work to do
    parts = [("raw", {"md": [comment, "Lorem ipsum dolor sit amet, consectetur adipiscing elit."],
                      "html": [comment, "<p>Lorem ipsum dolor sit amet, consectetur adipiscing "
                                        "elit.</p>"]})]
    if inj.put(rng.choice(POSITIONS), parts, defect=[0]) is None:
        return None
    return "used/" + ("rule" if rule else "all")


# ---------------------------------------------------------------- missing-section

# concept -> (heading words, words that must not remain anywhere once the section is gone,
#             a one-sentence statement that covers the concept)
CONCEPTS = {
    "children": (r"\bchild|\bminor|\bkids?\b|\bage\b", r"child|minor|kids|\bage\b|under (the age of )?1\d|parent",
                 "Our service is not directed to children under 13."),
    "retention": (r"\bretention|\bretain|how long|\bkeep", r"retention|retain|how long|kept for|keep (your|it|the)|stored for|delete|as long as|"
                  r"period|erase|destroy|archiv|no longer (need|necessary|required)",
                  "We keep personal data only as long as we need it to provide the service."),
    "security": (r"\bsecur|\bprotect|\bsafeguard", r"secur|encrypt|safeguard|protect (your|the)|\bssl\b|\btls\b|unauthori[sz]ed|"
                 r"firewall|breach|\bsafe",
                 "We protect your data with encryption in transit and strict access controls."),
    "changes": (r"\bchange|\bupdate|\bamend|\brevision", r"changes? to (this|our)|update (this|our)|amend|revis|modif|we may change|"
                r"posted on this page|notify you of|latest version|from time to time",
                "We may update this policy; changes are posted on this page with a new date."),
}


def _section_span(doc, idx, level):
    heads = doc.headings()
    end = len(doc.lines)
    for i, lv, _ in heads:
        if i > idx and lv <= level:
            end = i
            break
    return end


def _remove_concept(rng, inj):
    d = inj.doc
    if not _is_privacy(d):
        return None
    concept = rng.choice(list(CONCEPTS))
    heading_re, remains_re, cover = CONCEPTS[concept]
    heads = [(i, lv, t) for i, lv, t in d.headings() if re.search(heading_re, t, re.I)]
    if not heads:
        return None
    # remove every matching section, last first so the indexes stay valid
    for i, lv, _ in sorted(heads, reverse=True):
        d.remove(i, _section_span(d, i, lv))
    if re.search(remains_re, "\n".join(d.lines), re.I):
        return None
    return concept, cover


def missing_section(rng, inj):
    got = _remove_concept(rng, inj)
    if not got:
        return None
    inj.concept = got[0]
    return got[0]


def missing_section_control(rng, inj):
    got = _remove_concept(rng, inj)
    if not got:
        return None
    inj.concept = got[0]
    if inj.put(rng.choice(POSITIONS), [("para", got[1])], defect=[0]) is None:
        return None
    return got[0] + "/one-sentence"


# ---------------------------------------------------------------- empty-section

SECTION_TITLES = ["Cookies", "Security", "Your rights", "Data retention", "Children",
                  "International transfers", "Contact", "Changes to this policy", "Analytics"]
BODY = "We review this section whenever our practices change and publish the result here."


def _heading_text(rng, n, title):
    return rng.choice([f"{n}. {title}", f"{n}) {title}", f"Section {n}: {title}",
                       f"{n}. {title.upper()}"])


def empty_section(rng, inj):
    n = rng.randint(3, 12)
    t1, t2 = rng.sample(SECTION_TITLES, 2)
    kind = rng.choice(["heading-then-heading", "lead-in-colon", "heading-at-end"])
    if kind == "heading-then-heading":
        parts = [("heading", _heading_text(rng, n, t1)), ("heading", _heading_text(rng, n + 1, t2)),
                 ("para", BODY)]
        pos = rng.choice(POSITIONS)
    elif kind == "lead-in-colon":
        lead = rng.choice(["For privacy questions, access or deletion requests, contact:",
                           "You can reach our data protection officer at:",
                           "Send your request to:"])
        parts = [("heading", _heading_text(rng, n, "Contact")), ("para", lead),
                 ("heading", _heading_text(rng, n + 1, t2)), ("para", BODY)]
        pos = rng.choice(POSITIONS)
        if inj.put(pos, parts, defect=[0, 1]) is None:
            return None
        return f"{kind}/{pos}"
    else:
        parts = [("heading", _heading_text(rng, n, t1))]
        if inj.put_at(len(inj.doc.lines), parts, defect=[0]) is None:
            return None
        return kind
    if inj.put(pos, parts, defect=[0]) is None:
        return None
    return f"{kind}/{pos}"


def empty_section_control(rng, inj):
    n = rng.randint(3, 12)
    t1, t2 = rng.sample(SECTION_TITLES, 2)
    kind = rng.choice(["unnumbered-group", "subsection", "lead-in-with-list", "with-body"])
    if kind == "unnumbered-group":
        if inj.doc.fmt == "txt":
            return None
        parts = [("heading", t1), ("heading", t2), ("para", BODY)]
    elif kind == "subsection":
        parts = [("heading", f"{n}. {t1}"), ("heading", f"{n}.1 {t2}"), ("para", BODY)]
    elif kind == "lead-in-with-list":
        parts = [("heading", f"{n}. Contact"), ("para", "You can contact:"),
                 ("item", f"our privacy team at privacy@{domain(rng)}"),
                 ("item", "our data protection officer by post")]
    else:
        parts = [("heading", f"{n}. {t1}"), ("para", BODY)]
    if inj.put(rng.choice(POSITIONS), parts, defect=list(range(len(parts)))) is None:
        return None
    return kind


# ---------------------------------------------------------------- stale-date

DATE_LINE = re.compile(r"(updated|revised|modified|effective|last change|dated?)\b", re.I)


def _fmt_date(rng, d):
    style = rng.choice(["long", "long-nocomma", "day-month", "iso", "us-slash", "eu-slash",
                        "abbr", "ordinal", "month-year", "dotted", "dd-mon-yyyy"])
    m = vocab.MONTHS[d.month - 1]
    if style == "eu-slash" and d.day <= 12:
        style = "iso"
    return style, {"long": f"{m} {d.day}, {d.year}", "long-nocomma": f"{m} {d.day} {d.year}",
                   "day-month": f"{d.day} {m} {d.year}", "iso": d.isoformat(),
                   "us-slash": f"{d.month:02d}/{d.day:02d}/{d.year}",
                   "eu-slash": f"{d.day:02d}/{d.month:02d}/{d.year}",
                   "abbr": f"{m[:3]}. {d.day}, {d.year}",
                   "ordinal": f"{d.day}{_ordinal(d.day)} {m} {d.year}",
                   "month-year": f"{m} {d.year}", "dotted": f"{d.day}.{d.month}.{d.year}",
                   "dd-mon-yyyy": f"{d.day:02d}/{m[:3]}/{d.year}"}[style]


def _ordinal(n):
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _date_parts(rng, label, date):
    """A date line in one of several dressings: plain, bold, italic, heading, sentence."""
    dress = rng.choice(["plain", "bold", "italic", "heading", "sentence", "no-space"])
    if dress == "sentence":
        if label.startswith("Effective"):
            return dress, [("para", f"This policy is effective as of {date}.")]
        return dress, [("para", f"This policy was last {label.split()[-1].lower()} on {date}.")]
    if dress == "heading":
        return dress, [("heading", f"{label} {date}")]
    if dress == "no-space":
        return dress, [("line", f"{label}:{date}")]
    if dress in ("bold", "italic"):
        mark = "**" if dress == "bold" else "_"
        return dress, [("raw", {"md": [f"{mark}{label}:{mark} {date}"], "txt": [f"{label}: {date}"],
                                "html": [f"<p><{'b' if dress == 'bold' else 'em'}>{label}:</"
                                         f"{'b' if dress == 'bold' else 'em'}> {date}</p>"]})]
    return "plain", [("line", f"{label}: {date}")]


def _no_date_line(doc):
    """No date-line keyword with a year on the same line or within the next two lines."""
    lines = doc.original
    return not any(DATE_LINE.search(line) and re.search(r"(?<!\d)(19|20)\d\d(?!\d)", " ".join(lines[i:i + 3]))
                   for i, line in enumerate(lines))


def stale_date(rng, inj):
    if not _no_date_line(inj.doc):
        return None
    kind = rng.choice(["stale", "stale", "future", "effective-far-future", "two-updated",
                       "two-effective"])
    label = rng.choice(["Last updated", "Updated", "Last modified", "Revised", "Effective date",
                        "Effective"])
    if kind == "stale":
        # The rule promises staleness for privacy policies only (terms, cookie notices and
        # other legal texts keep an old date while in force: docs/rules.md, stale-date).
        if inj.doc.kind != "privacy":
            return None
        d = TODAY - datetime.timedelta(days=rng.randint(400, 3000))
    elif kind == "future":
        label = rng.choice(["Last updated", "Updated", "Last modified"])
        d = TODAY + datetime.timedelta(days=rng.randint(20, 400))
    elif kind == "effective-far-future":
        label = rng.choice(["Effective date", "Effective"])
        d = TODAY + datetime.timedelta(days=rng.randint(120, 600))
    else:
        label = "Last updated" if kind == "two-updated" else "Effective date"
        d = TODAY - datetime.timedelta(days=rng.randint(10, 150))
    style, date = _fmt_date(rng, d)
    if kind in ("future", "effective-far-future") and style == "month-year":
        style, date = "long", f"{vocab.MONTHS[d.month - 1]} {d.day}, {d.year}"
    dress, parts = _date_parts(rng, label, date)
    if inj.put("start", parts, defect=[0]) is None:
        return None
    if kind.startswith("two-"):
        d2 = d - datetime.timedelta(days=rng.randint(20, 200))
        _, date2 = _fmt_date(rng, d2)
        if inj.put("end", [("line", f"{label}: {date2}")], defect=[0]) is None:
            return None
    return f"{kind}/{style}/{dress}"


def stale_date_control(rng, inj):
    if not _no_date_line(inj.doc):
        return None
    kind = rng.choice(["fresh", "fresh", "effective-soon", "law-date", "previous-versions"])
    if kind == "law-date":
        return shaped(rng, inj, "We comply with the GDPR, effective from May 25, 2018.", kind)
    if kind == "effective-soon":
        d, label = TODAY + datetime.timedelta(days=rng.randint(5, 60)), "Effective date"
    else:
        d = TODAY - datetime.timedelta(days=rng.randint(0, 300))
        label = rng.choice(["Last updated", "Updated", "Revised", "Effective date"])
    style, date = _fmt_date(rng, d)
    if style in ("dd-mon-yyyy",):
        style, date = "iso", d.isoformat()
    dress, parts = _date_parts(rng, label, date)
    if inj.put("start", parts, defect=[0]) is None:
        return None
    if kind == "previous-versions":
        old = [TODAY - datetime.timedelta(days=rng.randint(500, 2000)) for _ in range(2)]
        hist = [("heading", "Previous versions")] + [
            ("item", f"Version of {vocab.MONTHS[o.month - 1]} {o.day}, {o.year}") for o in old]
        if inj.put("end", hist, defect=list(range(len(hist)))) is None:
            return None
    return f"{kind}/{style}/{dress}"
