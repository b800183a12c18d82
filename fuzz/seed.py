"""Seeds corpus/ (git-ignored) for the fuzz targets; run from fuzz/."""
import hashlib
import json
import os
import random

FORMATS = {"md": 0, "mdx": 0, "markdown": 0, "html": 1, "htm": 1}
TARGETS = ["parse_markdown", "parse_html", "parse_text"]


def files_under(root):
    for folder, _, names in os.walk(root):
        for name in names:
            yield os.path.join(folder, name)


def main():
    random.seed(7)
    policies = sorted(files_under("../../shared/corpus/policies"))
    sample = random.sample(policies, min(100, len(policies)))
    own = [p for p in files_under("../fixtures") if not p.endswith((".out", ".toml"))]
    own += list(files_under("../tests/documents"))
    for target in TARGETS + ["lint"]:
        os.makedirs(f"corpus/{target}", exist_ok=True)
    for path in sample + own:
        data = open(path, "rb").read()[:65536]
        kind = FORMATS.get(path.rsplit(".", 1)[-1].lower(), 2)
        name = hashlib.sha1(data).hexdigest()[:16]
        open(f"corpus/{TARGETS[kind]}/{name}", "wb").write(data)
        open(f"corpus/lint/{name}", "wb").write(bytes([kind]) + data)
    seed_lsp(own)


# The layout `check_lsp` (src/lib.rs) reads: a selector byte, then messages split at NUL
# bytes (framed by the target), or raw bytes when `selector & 7 == 7`.
FRAMED, RAW, NO_PRELUDE, SOME_DOCS, FINISH, LF_ONLY = 0x00, 0x07, 0x18, 0x20, 0x40, 0x80

POLICY_MD = """# Privacy Policy

Last updated: [Date]

[Your Company Name] ("we", "us") operates the [App Name] app. Contact us at
[email address] with any questions.

## Information we collect

We collect your email address and usage data to provide the service.

## Your rights

You may ask us to delete your data. Write to privacy@example.com.
"""

POLICY_HTML = """<!doctype html><html><body><h1>Privacy Policy</h1>
<p>Effective date: {{DATE}}</p><p>[Your Company Name] collects your name &amp; email
&rdquo;for support&ldquo;. <a href="mailto:[email]">Contact</a></p>
<h2>Cookies</h2><p>We use cookies. See <a href="#missing">this</a>.</p></body></html>
"""

POLICY_TEXT = "PRIVACY POLICY\r\n\r\n[Your Company Name] keeps logs.\rWe share data with [Partner].\r\n"


def message(method, params=None, id=None):
    m = {"jsonrpc": "2.0", "method": method}
    if id is not None:
        m["id"] = id
    if params is not None:
        m["params"] = params
    return json.dumps(m).encode()


def initialize(id=1, **params):
    return message("initialize", {"processId": None, "capabilities": {}, **params}, id)


def did_open(uri, text, language="markdown", version=1):
    doc = {"uri": uri, "languageId": language, "version": version, "text": text}
    return message("textDocument/didOpen", {"textDocument": doc})


def did_change(uri, version, *changes):
    return message(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": version}, "contentChanges": list(changes)},
    )


def text_document(method, uri, id=None, **extra):
    return message(method, {"textDocument": {"uri": uri}, **extra}, id)


def span(l0, c0, l1, c1):
    return {"start": {"line": l0, "character": c0}, "end": {"line": l1, "character": c1}}


def frame(body, eol=b"\r\n"):
    return b"Content-Length: " + str(len(body)).encode() + eol + eol + body


SHUTDOWN = message("shutdown", id=98)
EXIT = message("exit")


def sessions(own_texts):
    """(selector, messages or raw bytes) pairs."""
    md, untitled = "file:///home/user/site/privacy.md", "untitled:Untitled-1"
    edited = POLICY_MD.replace("[Your Company Name]", "Example Ltd")
    yield FRAMED | FINISH, [
        did_open(untitled, POLICY_MD),
        did_change(untitled, 2, {"text": edited}),
        did_change(untitled, 3, {"range": span(2, 0, 2, 11), "rangeLength": 11, "text": "Updated"}),
        did_change(untitled, 4, {"range": span(0, 0, 0, 0), "text": "\ufeff"}, {"text": POLICY_MD}),
        text_document("textDocument/didSave", untitled),
        text_document("textDocument/hover", untitled, 5, position={"line": 4, "character": 3}),
        text_document(
            "textDocument/codeAction", untitled, 6, range=span(4, 0, 4, 19),
            context={"diagnostics": []},
        ),
        text_document("textDocument/didClose", untitled),
    ]
    yield FRAMED | SOME_DOCS | FINISH, [
        did_open(md, POLICY_MD),
        did_open("file:///home/user/site/README.md", POLICY_MD),
        did_open("file:///home/user/site/package.json", '{"dependencies":{"stripe":"1"}}', "json"),
        did_change(md, 2, {"text": POLICY_MD + "\nWe use Google Analytics.\n"}),
        text_document("textDocument/didSave", md, text=POLICY_MD),
        text_document("textDocument/didSave", "file:///home/user/site/package.json"),
    ]
    yield FRAMED | FINISH, [
        did_open("file:///srv/www/privacy.html", POLICY_HTML, "html"),
        did_open("file://localhost/srv/legal/terms%20of%20use.txt", POLICY_TEXT, "plaintext"),
        did_open("untitled:bom", "\ufeff" + POLICY_MD),
        did_open("untitled:wide", "# Privacy \U0001f600\n\n\U0001f600 [Your Company Name] \u00e9t\u00e9\r\r\n[Date]"),
        did_change("untitled:wide", 2),
        did_open("untitled:nul", "a\u0000b"),
        did_change("untitled:missing", 1, {"text": "x"}),
    ]
    yield FRAMED | NO_PRELUDE | FINISH, [
        message("textDocument/hover", {}, 1),
        did_open(untitled, POLICY_MD),
        initialize(2, rootUri="file:///home/user/site",
                   workspaceFolders=[{"uri": "file:///home/user/site", "name": "site"}]),
        initialize(3),
        message("initialized", {}),
        did_open(md, POLICY_MD),
        message("$/cancelRequest", {"id": 2}),
        json.dumps({"jsonrpc": "2.0", "id": 9, "result": None}).encode(),
        json.dumps({"jsonrpc": "2.0", "id": None, "method": "x"}).encode(),
    ]
    yield FRAMED | LF_ONLY, [
        did_open(untitled, POLICY_MD, version=7),
        did_open(untitled, POLICY_MD.replace("\n", "\r\n"), version=7),
        did_change(untitled, 7, {"text": POLICY_MD[:40]}),
        SHUTDOWN,
        did_change(untitled, 8, {"text": ""}),
        message("textDocument/hover", {}, 99),
        EXIT,
    ]
    yield FRAMED, [did_open(untitled, POLICY_MD), EXIT]
    for i, text in enumerate(own_texts):
        language = ["markdown", "html", "plaintext"][i % 3]
        yield FRAMED | (FINISH if i % 2 else 0), [did_open(f"untitled:doc{i}", text, language)]
    init = initialize(0)
    open_md = did_open(untitled, POLICY_MD)
    yield RAW, b"".join([
        frame(b'{"jsonrpc": "2.0", "id": 2, "method"'),
        frame(b'[{"jsonrpc":"2.0","method":"initialized","params":{}}]'),
        frame(b"null"),
        frame(b'{"jsonrpc":"2.0","id":3,"method":"x","params":"\\ud800"}'),
        frame(b'{"jsonrpc":"2.0","id":{"a":1},"method":"x"}'),
        b"Content-Length: many\r\n\r\n",
        b"this is not a header\r\n\r\n",
        b"X-Long: " + b"a" * 1100 + b"\r\nContent-Length: 2\r\n\r\n{}",
        frame(open_md, b"\n"),
        b"\r\n\r\n",
        frame(SHUTDOWN), frame(EXIT),
    ])
    yield RAW | NO_PRELUDE, frame(init) + frame(open_md) + b"Content-Length: 100000000000\r\n\r\n{}"
    yield RAW | NO_PRELUDE, frame(init) + b"Content-Length: 33554433\r\n\r\n" + frame(open_md)
    yield RAW, b"content-length:  5\nContent-Type: application/vscode-jsonrpc; charset=utf-8\n\n[1,2]"
    yield RAW, frame(open_md)[:-10]
    yield RAW | FINISH, b"Content-Len"


def seed_lsp(own):
    own_texts = []
    for path in sorted(own)[:30]:
        try:
            own_texts.append(open(path, encoding="utf-8").read()[:12000])
        except (UnicodeDecodeError, OSError):
            pass
    os.makedirs("corpus/lsp", exist_ok=True)
    for selector, body in sessions(own_texts):
        if isinstance(body, list):
            body = b"\0".join(body)
        data = bytes([selector]) + body
        name = hashlib.sha1(data).hexdigest()[:16]
        open(f"corpus/lsp/{name}", "wb").write(data)


if __name__ == "__main__":
    main()
