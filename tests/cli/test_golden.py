#!/usr/bin/env python3
"""What the program says about a 2,000-case demo stays byte for byte the same while its inside
is rebuilt: `case show`, `case list`, `remind`, `report` and every export, in every format, are
compared with the digests in tests/golden/demo-2000.sha256.

The demo is made from a fixed seed at a fixed clock, so everything it writes is the same on
every run but the real time each action was signed, and the log's head that hashes it: they
are taken out before the digest. A workbook says it was made at the program's clock, so its
parts are compared as they are. A redacted export is left out: its pseudonyms are keyed by
the database's own random secret.

An output that changes on purpose changes its digest: run this file with OPHAMP_GOLDEN_WRITE=1
to write the digests again, and say in the commit why the output changed."""
import hashlib
import io
import os
import re
import sys
import unittest
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
import ophamp_test as T  # noqa: E402

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden",
                      "demo-2000.sha256")
NOW = "2026-11-23 09:00"
HEAD = re.compile(rb"\b\d+:[0-9a-f]{64}\b")
# The log's own times: real time (case show's actions, to the millisecond in JSON, to the
# minute beside the signer in a summary), and a calendar
# entry's LAST-MODIFIED when the item was last changed by an action signed after the clock.
SIGNED = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"
                    # the same in a summary's list of actions, beside who signed it
                    rb"|\d{4}-\d\d-\d\d \d\d:\d\d (?:GMT|BST)"
                    rb"(?=(?: +|</td><td>| \| )PC Golden Runner \(GOLD1\))")
MODIFIED = re.compile(rb"LAST-MODIFIED:(\d{8}T\d{6}Z)")


def _modified(m):
    return b"LAST-MODIFIED:SIGNED" if m.group(1) > b"20261123T090000Z" else m.group(0)

# The cases shown one by one: the first, a few from the middle, the last (open ones among them).
SHOWN = ("OPH-2024-00001", "OPH-2025-00400", "OPH-2026-00582", "OPH-2026-00894")
# (name, arguments): each output compared; "-o" outputs are written to a file of that name.
OUTPUTS = (
    [("show-%s.%s" % (ref, f), ["case", "show", ref, "--format", f])
     for ref in SHOWN for f in ("json", "text", "md", "html")]
    + [("list-all.json", ["case", "list", "--all", "--format", "json"]),
       ("list-open.csv", ["case", "list", "--open", "--format", "csv"]),
       ("list-overdue.txt", ["case", "list", "--overdue"]),
       ("remind.json", ["remind", "--within", "720", "--format", "json"]),
       ("remind.txt", ["remind", "--within", "168"]),
       ("remind.ics", ["remind", "--within", "720", "--format", "ics"]),
       ("rules.json", ["rule", "list", "--format", "json"]),
       ("people.json", ["person", "list", "--format", "json"])]
    + [("report.%s" % f, ["report", "--format", f]) for f in ("json", "text", "md", "html", "csv")]
    + [("report-all.json", ["report", "--from", "2024-01-01", "--to", "2026-11-23",
                            "--format", "json"]),
       ("report-redacted.json", ["report", "--redact", "--format", "json"]),
       ("report.xlsx", ["report", "--format", "xlsx", "-o", "report.xlsx"])]
    + [("export-all.%s" % f, ["export", "--all", "--format", f, "-o", "export-all.%s" % f])
       for f in ("json", "csv", "md", "html", "text", "ics")]
    + [("export-open.xlsx", ["export", "--open", "--format", "xlsx", "-o", "export-open.xlsx"])]
)


def normalised(name, data):
    """The bytes compared: the log's head and the signing times taken out."""
    if name.endswith(".xlsx"):
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for member in sorted(z.namelist()):
                body = HEAD.sub(b"N:HEAD", z.read(member))
                out.write(member.encode() + b"\n" + body + b"\n")
        return out.getvalue()
    if name.endswith(".ics"):
        data = data.replace(b"\r\n ", b"")  # unfolded, so a head folded over lines is seen
        data = MODIFIED.sub(_modified, data)
    return SIGNED.sub(b"SIGNED", HEAD.sub(b"N:HEAD", data))


def read_golden():
    digests = {}
    with open(GOLDEN, encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                digest, name = line.split()
                digests[name] = digest
    return digests


class GoldenDemo(T.OphampTestCase):
    def test_every_output_of_the_demo_is_unchanged(self):
        self.name_user("GOLD1", "Golden Runner", "--rank", "PC", now=NOW)
        self.ok("demo", "--cases", "2000", "--seed", "7", now=NOW)
        got = {}
        for name, args in OUTPUTS:
            r = self.run_ophamp(*args, now=NOW)
            # remind's exit status 1 says that something is overdue: it is compared too.
            self.assertIn(r.rc, (0, 1) if args[0] == "remind" else (0,), r.describe())
            self.assertEqual(r.err, "", r.describe())
            if "-o" in args:
                data = T.file_bytes(os.path.join(self.tmp, args[args.index("-o") + 1]))
            else:
                data = r.out.encode("utf-8")
            self.assertGreater(len(data), 0, name)
            got[name] = hashlib.sha256(b"exit %d\n" % r.rc + normalised(name, data)).hexdigest()
        if os.environ.get("OPHAMP_GOLDEN_WRITE"):
            with open(GOLDEN, "w", encoding="utf-8") as f:
                f.write("# sha256 of each output of tests/cli/test_golden.py (see there)\n")
                for name, _ in OUTPUTS:
                    f.write("%s  %s\n" % (got[name], name))
            return
        want = read_golden()
        changed = [n for n, _ in OUTPUTS if want.get(n) != got[n]]
        self.assertEqual(changed, [], "these outputs of the demo changed (see the docstring)")
        self.assertEqual(sorted(want), sorted(got), "the digest file names other outputs")


if __name__ == "__main__":
    unittest.main()
