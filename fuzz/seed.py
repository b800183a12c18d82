"""Seeds corpus/ (git-ignored) for the fuzz targets; run from fuzz/."""
import hashlib
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


if __name__ == "__main__":
    main()
