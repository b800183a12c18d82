"""Generators of injected defects (content and disclosure rules) (recall) and negative controls (false alarms), one set per
rule, written from docs/rules.md. Each generator composes spellings, bracket styles, sentence
shapes and positions; it edits `inj.doc` through `inj.put`/`inj.doc.remove` and returns the
kind of injection (a short label for the report), or None when the document does not suit it.
"""
import datetime
import re

from . import vocab

POSITIONS = ["start", "middle", "end"]
TODAY = datetime.date(2026, 11, 22)


def company(rng, suffix=True):
    name = rng.choice(vocab.COMPANY_WORDS) + " " + rng.choice(vocab.COMPANY_SECOND)
    return name + (" " + rng.choice(vocab.LEGAL_SUFFIXES) if suffix else "")


def domain(rng):
    return rng.choice(vocab.COMPANY_WORDS).lower() + rng.choice(["app", "labs", "hq", ""]) + \
        rng.choice([".com", ".io", ".co.uk", ".net"])


def shaped(rng, inj, sentence, tag):
    """Places one defect sentence in a composed shape: its own paragraph, a list item, a
    standalone line, or after a 'for example' sentence. Returns the kind suffix."""
    shape = rng.choice(["para", "item", "line", "after-example"])
    pos = rng.choice(POSITIONS)
    if shape == "para":
        parts, idx = [("para", sentence)], 0
    elif shape == "line":
        parts, idx = [("line", sentence)], 0
    elif shape == "item":
        parts = [("para", "You can reach us in these ways:"), ("item", "through the settings page"),
                 ("item", sentence), ("item", "by post")]
        idx = 2
    else:
        parts = [("para", "We collect some information automatically, for example your browser "
                          "type and the pages you visit. " + sentence)]
        idx = 0
    if inj.put(pos, parts, defect=[idx]) is None:
        return None
    return f"{tag}/{shape}/{pos}"


# ---------------------------------------------------------------- placeholder-text

def _case(rng, words):
    style = rng.choice(["title", "upper", "lower", "asis"])
    return {"title": words.title(), "upper": words.upper(), "lower": words.lower(),
            "asis": words[0].upper() + words[1:]}[style]


def _snake(words, upper):
    s = re.sub(r"[^a-z]+", "_", words.lower()).strip("_")
    return s.upper() if upper else s


def _camel(words):
    parts = re.sub(r"[^a-z ]+", " ", words.lower()).split()
    return parts[0] + "".join(p.title() for p in parts[1:])


def placeholder(rng, inj):
    field, ftype = rng.choice(vocab.FIELDS)
    words = rng.choice(vocab.FIELD_PREFIXES) + field
    style = rng.choice(["square", "square", "double-square", "mustache", "angle", "percent",
                        "dollar", "we-or-i", "bracket-domain", "example-contact", "lorem",
                        "blank", "xxx-tbd"])
    if style == "square":
        p = "[" + _case(rng, words) + "]"
    elif style == "double-square":
        p = "[[" + _case(rng, words) + "]]"
    elif style == "mustache":
        inner = rng.choice([_snake(field, True), _snake(field, False), _camel(field)])
        p = rng.choice(["{{%s}}", "{{ %s }}"]) % inner
    elif style == "angle":
        p = "<" + _snake(field, True) + ">"
    elif style == "percent":
        p = "%{" + _snake(field, False) + "}"
    elif style == "dollar":
        p = "${" + _camel(field) + "}"
    elif style == "we-or-i":
        return shaped(rng, inj, rng.choice(['[["We" or "I"]] collect the data described below.',
                                            '[["We" or "I"]] will never sell your data.']), style)
    elif style == "bracket-domain":
        local = rng.choice(["privacy", "support", "contact", "dpo"])
        dom = rng.choice(["[yourdomain]", "[your-domain]", "[YOUR DOMAIN]", "[domain]"])
        return shaped(rng, inj, f"Email us at {local}@{dom}.{rng.choice(['com', 'org'])} "
                                f"about your data.", style)
    elif style == "example-contact":
        return shaped(rng, inj, rng.choice(["Contact our privacy team at privacy@example.com.",
                                            "Call us on (123) 456-7890.",
                                            "Questions? Write to support@example.com."]), style)
    elif style == "lorem":
        return shaped(rng, inj, rng.choice(["Lorem ipsum dolor sit amet, consectetur adipiscing elit.",
                                            "Lorem Ipsum is simply dummy text used here.",
                                            "lorem ipsum dolor sit amet"]), style)
    elif style == "blank":
        return shaped(rng, inj, rng.choice(["Company name: __________",
                                            "Our registered office is __________."]), style)
    else:
        return shaped(rng, inj, rng.choice(["Effective date: TBD", "Phone: XXX-XXX-XXXX",
                                            "Registered office: XXX", "Company number: TBD"]), style)
    shapes = vocab.SHAPES[ftype]
    return shaped(rng, inj, rng.choice(shapes).replace("{P}", p), style + "/" + ftype)


def placeholder_control(rng, inj):
    d = inj.doc
    options = ["citation", "real-contact", "illustration"]
    if d.fmt != "txt":
        options.append("code")
    if d.fmt in ("md", "txt"):
        options += ["md-link", "md-link"]
    if d.fmt == "md":
        options += ["footnote", "checkbox"]
    kind = rng.choice(options)
    pos = rng.choice(POSITIONS)
    if kind == "citation":
        s = rng.choice(["As the regulator has said [1], consent must be freely given.",
                        "The court called the practice \"unfair [sic]\" in its ruling.",
                        "Retention periods follow the statutory minimum [2][3]."])
        parts = [("para", s)]
    elif kind == "real-contact":
        parts = [("para", f"Contact our privacy team at privacy@{domain(rng)} or call "
                          f"+44 20 7946 {rng.randint(1000, 9999)}.")]
    elif kind == "illustration":
        parts = [("para", rng.choice([
            'For example, a booking reminder looks like this: "Hi [first name], your table '
            'is booked."',
            'The example below shows how a receipt looks: "Order [order number] has shipped."']))]
    elif kind == "code":
        parts = [("raw", {"md": ["```", "notify({{APP_NAME}}, user.email)", "```"],
                          "html": ["<pre><code>notify({{APP_NAME}}, user.email)</code></pre>"]})]
    elif kind == "md-link":
        parts = [("para", f"You can change this in [your account settings](https://{domain(rng)}"
                          f"/settings) at any time.")]
    elif kind == "footnote":
        parts = [("para", "We keep invoices for seven years.[^1]"),
                 ("raw", {"md": ["[^1]: Tax law requires this."]})]
    else:
        parts = [("raw", {"md": ["- [x] Email notifications", "- [ ] Text messages"]})]
    if inj.put(pos, parts, defect=list(range(len(parts)))) is None:
        return None
    return f"{kind}/{pos}"


# ---------------------------------------------------------------- draft-note

def draft_note(rng, inj):
    kind = rng.choice(["todo", "fixme", "tbd", "draft-banner", "drafter-note", "delete-if",
                       "review-promise", "save-as", "wordpress-tutorial"])
    task = rng.choice(["add the name of our ad partner", "check retention period with legal",
                       "confirm the list of processors", "describe the analytics setup",
                       "update once the app launches"])
    if kind == "todo":
        s = rng.choice(["TODO: ", "TODO ", "todo: ", "TODO(legal): ", "[TODO] "]) + task
    elif kind == "fixme":
        s = rng.choice(["FIXME: ", "FIXME - "]) + task
    elif kind == "tbd":
        s = "We use your data to improve the service (TBD: " + task + ")."
    elif kind == "draft-banner":
        s = rng.choice(["DRAFT - NOT FOR PUBLICATION", "DRAFT v0.3 - internal review only",
                        "*** DRAFT ***"])
    elif kind == "drafter-note":
        s = rng.choice(["Note to drafter: ", "Drafting note: ", "NOTE TO DRAFTER: "]) + task + "."
    elif kind == "delete-if":
        s = rng.choice(["[DELETE IF NOT APPLICABLE]", "[to be reviewed by legal]",
                        "[Remove this paragraph if you do not use cookies]"]) + \
            " We may use cookies for advertising."
    elif kind == "review-promise":
        s = rng.choice(["This document will be reviewed by a privacy attorney before launch.",
                        "Note: before launching publicly, this policy will be reviewed by a lawyer "
                        "to ensure full GDPR compliance.",
                        "This policy has not yet been reviewed by legal counsel."])
    elif kind == "save-as":
        s = rng.choice(["Please save this as an html file and link it from your app.",
                        "Copy this text into your website's footer before publishing."])
    else:
        s = rng.choice(["In this subsection you should note what personal data you collect.",
                        "In this section you should explain how long you retain data."])
    return shaped(rng, inj, s, kind)


def draft_note_control(rng, inj):
    s = rng.choice(["Our app lets you keep a to-do list; your tasks are stored on your device.",
                    "Drafts of messages you write are saved so you can finish them later.",
                    "We review this policy every year and update it when our practices change.",
                    "Note: cookies set by this site expire after 30 days.",
                    "Our legal team reviews every request to delete data.",
                    "Tasks marked as done are deleted after 90 days."])
    return shaped(rng, inj, s, "lookalike")


# ---------------------------------------------------------------- page-residue

RESIDUE = ["Back to top", "Back to Home", "Skip to content", "Skip to main content",
           "Share this page", "Print this page", "Accept all cookies", "Reject all",
           "Manage preferences", "Was this page helpful?", "Log in / Sign up",
           "Home | About | Contact", "\u2191 Back to top", "Accept All Cookies", "BACK TO TOP",
           "Cookie settings | Accept all | Reject all", "Yes | No  Was this page helpful?"]


def page_residue(rng, inj):
    s = rng.choice(RESIDUE)
    pos = rng.choice(POSITIONS + ["very-end"] + (["very-start"] if inj.doc.fmt != "html" else []))
    shape = rng.choice(["line", "para"])
    if pos == "very-start":
        # as the first line of the document
        lines = inj.doc.render([(shape, s)])[0]
        inj.doc.lines[0:0] = lines
        inj.doc.inserted.append((0, len(lines)))
        inj.doc.points = [p + len(lines) for p in inj.doc.points]
        inj.defect_lines.add(1)
    elif pos == "very-end":
        if inj.put_at(len(inj.doc.lines), [(shape, s)], defect=[0]) is None:
            return None
    elif inj.put(pos, [(shape, s)], defect=[0]) is None:
        return None
    return f"{s.split()[0].lower()}-{s.split()[-1].lower()}/{pos}"


def page_residue_control(rng, inj):
    d = inj.doc
    kind = rng.choice(["in-sentence", "in-sentence", "working-link", "heading-with-text"])
    pos = rng.choice(POSITIONS)
    if kind == "in-sentence":
        parts = [("para", rng.choice([
            "You can choose Accept all cookies or Reject all in the banner at any time.",
            "Use the Back to top link at the end of each section to return here.",
            "If you click Manage preferences, you can switch off analytics cookies."]))]
    elif kind == "working-link":
        parts = [("raw", {"md": ["[Back to top](#top)"], "txt": ["Back to the contents: see the list above."],
                          "html": ['<p><a href="#top">Back to top</a></p>']})]
        if d.fmt == "txt":
            return None
    else:
        parts = [("heading", "Contact us"), ("para", "Questions about this policy are answered by "
                                                     "our support team within two working days.")]
    if inj.put(pos, parts, defect=list(range(len(parts)))) is None:
        return None
    return f"{kind}/{pos}"


# ---------------------------------------------------------------- undeclared-processor

def _provider_list(rng, shown):
    heading = rng.choice(["Service providers", "Third parties we share data with",
                          "Who we share your data with", "Sub-processors"])
    intro = rng.choice(["We share personal data only with the following service providers:",
                        "We share your data with the following providers, who process it for us:"])
    parts = [("heading", heading), ("para", intro)]
    parts += [("item", f"{n}: {what}") for n, what in shown]
    return parts


def _mentions_any(text, names):
    low = text.lower()
    return any(n.lower() in low for n in names)


def undeclared_processor(rng, inj):
    # The rule reads privacy and cookie policies only (docs/rules.md, undeclared-processor).
    if inj.doc.kind not in ("privacy", "cookies"):
        return None
    name, purpose, passive = rng.choice(vocab.VENDORS)
    if _mentions_any("\n".join(inj.doc.original), [name]):
        return None
    shown = rng.sample(vocab.LIST_VENDORS, rng.randint(2, 4))
    shape = rng.choice(["we-use", "passive", "rely-on", "integrates", "via-parens"])
    sentence = {"we-use": f"We use {name} {purpose}.",
                "passive": passive.replace("{V}", name) + ".",
                "rely-on": f"We rely on {name} {purpose}.",
                "integrates": f"The app integrates {name} {purpose}.",
                "via-parens": f"We keep a record of errors (via {name}) so we can fix them."}[shape]
    order = rng.choice(["vendor-before-list", "vendor-after-list"])
    list_parts = _provider_list(rng, shown)
    if order == "vendor-before-list":
        if inj.put("start", [("para", sentence)], defect=[0]) is None:
            return None
        if inj.put("end", list_parts, defect=[]) is None:
            return None
    else:
        if inj.put("start", list_parts, defect=[]) is None:
            return None
        if inj.put("end", [("para", sentence)], defect=[0]) is None:
            return None
    return f"{shape}/{order}"


def undeclared_processor_control(rng, inj):
    shown = rng.sample(vocab.LIST_VENDORS, 3)
    kind = rng.choice(["library", "not-a-recipient", "listed-vendor", "same-company-product"])
    if kind == "library":
        libs = rng.sample(vocab.LIBRARIES, 2)
        s = f"The website is built with {libs[0]} and {libs[1]}, which run in your browser."
    elif kind == "not-a-recipient":
        name = rng.choice(vocab.VENDORS)[0]
        if _mentions_any("\n".join(inj.doc.original), [name]):
            return None
        s = rng.choice([f"We do not use {name} or any similar service, and no data is sent to it.",
                        f"Unlike many apps, we never share your data with {name}."])
    elif kind == "listed-vendor":
        s = f"Payments and usage are handled by {shown[0][0]}, as listed below."
    else:
        shown[0] = ("Google Analytics", "website analytics")
        s = "You can sign in with your Google account."
    if inj.put("start", [("para", s)], defect=[0]) is None:
        return None
    if inj.put("end", _provider_list(rng, shown), defect=[]) is None:
        return None
    return kind


# ---------------------------------------------------------------- unnamed-third-parties

def _clean_of_sharing(doc):
    text = "\n".join(doc.original).lower()
    return not _mentions_any(text, vocab.KNOWN_SERVICES) and "processor" not in text


def unnamed_third_parties(rng, inj):
    # The rule reads privacy and cookie policies only (docs/rules.md, unnamed-third-parties).
    if not _clean_of_sharing(inj.doc) or inj.doc.kind not in ("privacy", "cookies"):
        return None
    who = rng.choice(["third parties", "third-party service providers", "our processors",
                      "trusted partners and service providers"])
    cats = rng.choice(["(for example: hosting, payments and analytics providers)",
                       "who help us run the service", "such as hosting and e-mail providers", ""])
    s = rng.choice([f"We share your personal data with {who} {cats}.",
                    f"Your information may be disclosed to {who} {cats}.",
                    f"We use {who} {cats} to process your personal information."])
    return shaped(rng, inj, re.sub(r"\s+\.", ".", re.sub(r"  +", " ", s)), "sharing")


def unnamed_third_parties_control(rng, inj):
    if not _clean_of_sharing(inj.doc):
        return None
    kind = rng.choice(["negated", "linked-list", "named"])
    if kind == "negated":
        s = rng.choice(["We do not share your personal data with third parties.",
                        "Your information is never sold or disclosed to third parties."])
    elif kind == "linked-list":
        s = (f"We share personal data with the service providers listed on our sub-processor page "
             f"at https://{domain(rng)}/legal/subprocessors.")
    else:
        s = ("We share personal data with our payment processor, Stripe, and our hosting "
             "provider, Amazon Web Services.")
    return shaped(rng, inj, s, kind)


# ---------------------------------------------------------------- missing-contact-method

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+|mailto:|\[at\]|\(at\)| at [\w-]+ dot ", re.I)
URL = re.compile(r"https?://|www\.|\.(com|org|net|co\.uk|io)\b", re.I)
PHONE = re.compile(r"\+?\(?\d{2,4}\)?[\s.-]\d{2,4}[\s.-]\d{3,5}|\b(phone|tel|telephone|fax|call us)\b",
                   re.I)
# ("St.," is a street: the word boundary goes before the period, not after it.)
ADDRESS = re.compile(r"\b(street|st|road|rd|avenue|ave|suite|p\.?\s?o\.? box|gpo box|"
                     r"post office box|floor|level \d+|boulevard|blvd|lane|drive|building|house|"
                     r"\d{5}(-\d{4})?|[A-Z]{1,2}\d{1,2}[A-Z]? ?\d[A-Z]{2})\b", re.I)
CONTACT_FORM = re.compile(r"contact (form|page)|web ?form|\bform\b", re.I)
# Continental and other street forms ("Industriestr. 25", "Storgatan 31", "4 Grand Canal
# Square", "10178 Berlin"), and contact channels the rule accepts ("live chat", "in the
# application settings"): a copy that keeps one still has a way to reach the operator.
ADDRESS_MORE = re.compile(r"\w(str\.|stra(ß|ss)e|gatan|gata|weg|platz|laan|straat|gracht|vej)\s*\d|"
                          r"\b\d{1,5}\s+([A-Z][a-z]+\s+){1,3}(Square|Plaza|Place|Quay|Park|Way)\b|"
                          r"\b\d{4,5}\s+[A-Z][a-z]{2,}|"
                          # "10 Earlsfort Terrace", "15, Li-Te Rd.", "6, place ...", "1118 BG
                          # Schiphol" (Dutch postcodes), "W1U6TU".
                          r"\b\d{1,5}[a-z]?,?\s+([A-Za-z'.-]+\s+){0,4}(?-i:Terrace|Close|Crescent|"
                          r"Mews|Walk|Row|Rd|St|Ave)\b|\b\d{1,4},?\s+(place|rue|avenue|quai)\b|"
                          r"(?-i:\b\d{4} ?[A-Z]{2}\b)", re.I)
CHANNEL = re.compile(r"live chat|chat with us|in-app|in the app|app settings|application settings|"
                     r"help cent(er|re)|support cent(er|re)|support ticket|attn\b|attention:", re.I)


def _strip_contacts(doc):
    """Removes every line with an e-mail, URL, phone, postal address, contact form or other
    contact channel."""
    i = 0
    while i < len(doc.lines):
        line = doc.lines[i]
        if EMAIL.search(line) or URL.search(line) or PHONE.search(line) or ADDRESS.search(line) \
                or ADDRESS_MORE.search(line) or CHANNEL.search(line) or CONTACT_FORM.search(line):
            doc.remove(i, i + 1)
        else:
            i += 1
    return len(doc.lines) > 10


def _is_privacy(doc):
    """A privacy policy by the corpus manifest, named so by its file name or its first lines
    (not counting a URL line): the rules say they decide the kind from title and file name."""
    if getattr(doc, "kind", "privacy") != "privacy":
        return False
    first = [l for l in doc.original[:8] if l.strip() and not re.match(r"\s*https?://", l)][:3]
    return "privacy" in doc.name.lower() or "privacy" in "\n".join(first).lower()


def missing_contact(rng, inj):
    if not _is_privacy(inj.doc) or not _strip_contacts(inj.doc):
        return None
    text = "\n".join(inj.doc.lines).lower()
    if re.search(r"contact us|questions", text) and rng.random() < 0.5:
        return "removed-contacts"
    s = rng.choice(["If you have any questions about this policy, please contact us.",
                    "Please contact us if you want to exercise your rights.",
                    "Questions? Contact us through our contact page."])
    if inj.put(rng.choice(POSITIONS), [("para", s)], defect=[0]) is None:
        return None
    return "removed-contacts+invite"


def missing_contact_control(rng, inj):
    if not _is_privacy(inj.doc) or not _strip_contacts(inj.doc):
        return None
    dom = domain(rng)
    kind = rng.choice(["email", "postal", "phone", "contact-url", "mailto"])
    s = {"email": f"If you have any questions, please contact us at privacy@{dom}.",
         "postal": f"If you have any questions, write to us at {rng.randint(2, 99)} "
                   f"{rng.choice(vocab.COMPANY_WORDS)} Street, Leeds LS1 4AP, United Kingdom.",
         "phone": f"If you have any questions, please call us on +1 415 555 {rng.randint(1000, 9999)}.",
         "contact-url": f"If you have any questions, use our contact form at https://{dom}/contact.",
         "mailto": None}[kind]
    if kind == "mailto":
        if inj.doc.fmt == "txt":
            return None
        parts = [("raw", {"md": [f"If you have any questions, [e-mail us](mailto:privacy@{dom})."],
                          "html": [f'<p>If you have any questions, <a href="mailto:privacy@{dom}">'
                                   f'e-mail us</a>.</p>']})]
    else:
        parts = [("para", s)]
    # A method outside the contact section leaves that section without one, which the rule
    # reports by design; so the method goes into the contact section when there is one.
    contact_title = re.compile(r"contact|questions|get in touch|reach us", re.I)
    contact = [i for i, _, t in inj.doc.headings() if contact_title.search(t)]
    if not contact:
        # A text file's headings are short lines the harness does not mark ("Questions").
        contact = [i for i, t in enumerate(inj.doc.lines)
                   if 0 < len(t.split()) <= 5 and contact_title.match(t.strip())
                   and not t.strip().endswith((".", ":"))]
    if contact:
        inj.put_at(contact[-1] + 1, parts, defect=[0])
        return "removed-contacts+" + kind + "/in-contact-section"
    if inj.put(rng.choice(POSITIONS), parts, defect=[0]) is None:
        return None
    return "removed-contacts+" + kind
