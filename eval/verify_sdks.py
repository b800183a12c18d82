#!/usr/bin/env python3
"""Check that the SDK packages in rules/sdks.toml exist in their registries.

Python 3.11 standard library only; needs the network, so it is not part of `cargo test` or CI.

    python3 eval/verify_sdks.py                      # every ecosystem, the whole table
    python3 eval/verify_sdks.py --problems           # only rows that need a look
    python3 eval/verify_sdks.py --ecosystem npm,pypi --describe   # with the registry's summary

For every package name of every `[[sdk]]` entry it prints a row

    ecosystem  name  processor  status  [note]

with status

- `ok`: the registry has the package (npm: `registry.npmjs.org/<name>/latest`, PyPI:
  `pypi.org/pypi/<name>/json`, crates: the sparse index `index.crates.io`);
- `missing`: the registry answered that it has no such package, or only an npm security
  placeholder (`0.0.1-security`) or an unpublished npm name;
- `prefix`: a name ending in `*` (npm's search API, which could list a scope, is not used);
- `unreachable`: the ecosystem's registry did not answer a single probe (on the project's machines
  only npm, PyPI and crates.io are reachable), or it has no registry (swiftpm names are
  repository names). If a probe does answer, rubygems.org, the Go module proxy, Packagist, pub.dev
  and Maven Central are checked by name too; those checks could not be exercised where this
  script was written, and CocoaPods and SwiftPM are never checked;
- `exempt`: reported missing, but listed in EXEMPT below with the reason it is kept (a vendor's
  own registry, a git dependency, or a name this machine's registry mirror does not serve);
- `error`: a timeout or an unexpected answer (neither ok nor missing: try again).

A 403 whose body says a registry policy denies the name (a proxy on some machines) counts as
`unreachable` for that name.

`--describe` adds the npm description, PyPI summary or the latest crate version as a note, to
spot a name that exists but belongs to someone else. A summary per ecosystem follows the table.
Exit status: 1 if any reachable name is missing, else 2 if any check ended in `error`, else 0.
Names of the ecosystems no reachable registry covers were checked by hand against public
manifests and vendor docs; the commits that touch rules/sdks.toml say which and how.
At most 8 requests run at once (`--workers`), each with a timeout (`--timeout`, seconds).
"""
import argparse
import concurrent.futures
import json
import os
import sys
import tomllib
import urllib.error
import urllib.parse
import urllib.request

ECOSYSTEMS = ["npm", "pypi", "gem", "go", "crates", "composer", "pub", "maven", "cocoapods", "swiftpm"]
USER_AGENT = "policylint-verify-sdks/1 (catalogue check)"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# One URL per ecosystem whose answer shows the registry can be reached.
PROBES = {
    "npm": "https://registry.npmjs.org/react/latest",
    "pypi": "https://pypi.org/pypi/pip/json",
    "crates": "https://index.crates.io/config.json",
    "gem": "https://rubygems.org/api/v1/gems/rails.json",
    "go": "https://proxy.golang.org/golang.org/x/text/@latest",
    "composer": "https://repo.packagist.org/p2/monolog/monolog.json",
    "pub": "https://pub.dev/api/packages/http",
    "maven": "https://repo1.maven.org/maven2/junit/junit/maven-metadata.xml",
    "cocoapods": None,  # the CDN's shards are not checked
    "swiftpm": None,  # no registry: the catalogue holds repository names
}


# Names that a registry check reports missing although real manifests use them: packages served
# by a vendor's own registry or installed from git, or names this machine's registry mirror does
# not serve. Each was verified by hand (the reason says how); they print as `exempt`.
EXEMPT = {
    ("npm", "@didomi/react-native"): "on npmjs.com per developers.didomi.io and npmjs.com/package/"
    "@didomi/react-native; this machine's registry mirror answers 404",
    ("npm", "@here/maps-api-for-javascript"): "served by HERE's own npm registry "
    "(repo.platform.here.com), not npmjs.com; imported in public code",
    ("npm", "@openai/realtime-api-beta"): "installed from git (github:openai/openai-realtime-api-beta); "
    "the key appears in public package.json files",
}


def fetch(url, timeout, accept="application/json"):
    """(status, body bytes) for a GET; status 0 when nothing answered."""
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": accept})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        try:
            body = e.read(2000)
        except OSError:
            body = b""
        return e.code, body
    except (urllib.error.URLError, TimeoutError, OSError):
        return 0, b""


def status_of(code, body=b""):
    if code == 200:
        return "ok"
    if code in (404, 410):
        return "missing"
    if code == 403 and b"policy denies" in body:
        # A proxy in front of the registry on some machines refuses listed names.
        return "unreachable"
    return "error"


def http_note(code, body=b""):
    if code == 403 and b"policy denies" in body:
        return "HTTP 403: this machine's registry policy denies the name"
    return f"HTTP {code}"


def check_npm(name, timeout):
    quoted = urllib.parse.quote(name, safe="@").replace("/", "%2f")
    code, body = fetch(f"https://registry.npmjs.org/{quoted}/latest", timeout)
    if code == 200:
        doc = json.loads(body)
        version = str(doc.get("version", ""))
        if version.endswith("-security"):
            return "missing", "npm security placeholder " + version
        note = doc.get("description") or ""
        if doc.get("deprecated"):
            note = "DEPRECATED: " + str(doc["deprecated"]) + " | " + note
        return "ok", note
    # No `latest` tag (or unpublished): ask for the package document itself.
    code, body = fetch(f"https://registry.npmjs.org/{quoted}", timeout,
                       accept="application/vnd.npm.install-v1+json")
    if code == 200:
        doc = json.loads(body)
        if not doc.get("versions"):
            return "missing", "unpublished"
        return "ok", "no latest tag"
    return status_of(code, body), http_note(code, body)


def check_pypi(name, timeout):
    code, body = fetch(f"https://pypi.org/pypi/{urllib.parse.quote(name)}/json", timeout)
    if code == 200:
        info = json.loads(body).get("info", {})
        return "ok", f"{info.get('name')} {info.get('version')}: {info.get('summary') or ''}"
    return status_of(code, body), http_note(code, body)


def crates_path(name):
    n = name.lower()
    if len(n) <= 2:
        return f"{len(n)}/{n}"
    if len(n) == 3:
        return f"3/{n[0]}/{n}"
    return f"{n[:2]}/{n[2:4]}/{n}"


def check_crates(name, timeout):
    code, body = fetch(f"https://index.crates.io/{crates_path(name)}", timeout, accept="*/*")
    if code == 200:
        versions = [json.loads(line) for line in body.decode().splitlines() if line.strip()]
        live = [v["vers"] for v in versions if not v.get("yanked")]
        if not live:
            return "ok", "every version yanked"
        return "ok", f"{versions[-1]['name']} {live[-1]}"
    return status_of(code, body), http_note(code, body)


def go_escape(path):
    return "".join("!" + c.lower() if c.isupper() else c for c in path)


def check_simple(url):
    def check(name, timeout):
        code, _ = fetch(url(name), timeout, accept="*/*")
        return status_of(code, body), http_note(code, body)
    return check


def maven_url(name):
    group, _, artifact = name.partition(":")
    return f"https://repo1.maven.org/maven2/{group.replace('.', '/')}/{artifact}/maven-metadata.xml"


CHECKS = {
    "npm": check_npm,
    "pypi": check_pypi,
    "crates": check_crates,
    "gem": check_simple(lambda n: f"https://rubygems.org/api/v1/gems/{urllib.parse.quote(n)}.json"),
    "go": check_simple(lambda n: f"https://proxy.golang.org/{go_escape(n)}/@latest"),
    "composer": check_simple(lambda n: f"https://repo.packagist.org/p2/{n.lower()}.json"),
    "pub": check_simple(lambda n: f"https://pub.dev/api/packages/{n}"),
    "maven": check_simple(maven_url),
}


def reachable(eco, timeout):
    url = PROBES.get(eco)
    if not url or eco not in CHECKS:
        return False
    code, _ = fetch(url, timeout, accept="*/*")
    return code == 200


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--toml", default=os.path.join(ROOT, "rules", "sdks.toml"))
    p.add_argument("--ecosystem", default=",".join(ECOSYSTEMS),
                   help="comma-separated ecosystems to check (default: all)")
    p.add_argument("--workers", type=int, default=6, help="concurrent requests (at most 8)")
    p.add_argument("--timeout", type=float, default=15.0, help="seconds per request")
    p.add_argument("--problems", action="store_true",
                   help="print only missing, exempt and error rows, and names a reachable registry refused "
                   "(all rows are counted in the summary)")
    p.add_argument("--describe", action="store_true", help="add the registry's summary as a note")
    args = p.parse_args()
    workers = max(1, min(args.workers, 8))
    wanted = [e.strip() for e in args.ecosystem.split(",") if e.strip()]
    unknown = [e for e in wanted if e not in ECOSYSTEMS]
    if unknown:
        p.error(f"unknown ecosystem(s): {', '.join(unknown)}")

    with open(args.toml, "rb") as f:
        entries = tomllib.load(f)["sdk"]
    rows = []  # (ecosystem, name, processor)
    for entry in entries:
        for eco in wanted:
            for name in entry.get(eco, []):
                rows.append((eco, name, entry["processor"]))

    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        up = dict(zip(wanted, pool.map(lambda e: reachable(e, args.timeout), wanted)))

        def check(row):
            eco, name, _ = row
            if name.endswith("*"):
                return "prefix", "not checked"
            if not up[eco]:
                return "unreachable", "no registry" if PROBES.get(eco) is None else ""
            try:
                status, note = CHECKS[eco](name, args.timeout)
            except (ValueError, KeyError) as e:  # a body that is not what the registry sends
                return "error", f"{type(e).__name__}: {e}"
            if status == "missing" and (eco, name) in EXEMPT:
                return "exempt", f"{note}; {EXEMPT[(eco, name)]}"
            return status, note

        results = list(pool.map(check, rows))

    width = max((len(n) for _, n, _ in rows), default=4)
    print(f"{'ecosystem':<10} {'name':<{width}} {'processor':<22} status")
    counts = {}
    for (eco, name, proc), (status, note) in zip(rows, results):
        counts.setdefault(eco, {}).setdefault(status, 0)
        counts[eco][status] += 1
        denied = status == "unreachable" and up.get(eco)  # one name refused by a reachable registry
        if args.problems and status not in ("missing", "exempt", "error") and not denied:
            continue
        line = f"{eco:<10} {name:<{width}} {proc:<22} {status}"
        if note and (args.describe or status != "ok"):
            line += "  " + " ".join(str(note).split())[:160]
        print(line)

    print("\nsummary")
    order = ["ok", "missing", "exempt", "prefix", "unreachable", "error"]
    for eco in wanted:
        c = counts.get(eco, {})
        total = sum(c.values())
        parts = ", ".join(f"{c[s]} {s}" for s in order if c.get(s))
        print(f"  {eco:<10} {total:>4} names: {parts or '-'}")
    statuses = [s for s, _ in results]
    if "missing" in statuses:
        return 1
    if "error" in statuses:
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
