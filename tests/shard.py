"""Runs one shard of a Python test file: `shard.py K N FILE` runs the tests of FILE whose
name (Class.test_method) hashes to K of N (CRC-32, so a test stays in its shard from run to
run and machine to machine, and every test is in exactly one shard).  `shard.py --list K N
FILE` prints the names instead; `shard.py --check N FILE [N FILE...]` fails if a shard has
no tests or a test's shard is not the same in another process.

CMakeLists.txt registers a long test file as N tests this way, so that `ctest -j` can spread
it over the cores instead of waiting for one long file at the end.  Only the standard library
is used; the file's own `if __name__ == "__main__"` block is not run.
"""

import importlib.util
import os
import subprocess
import sys
import unittest
import zlib


def tests_of(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from tests_of(t)
        else:
            yield t


def shard_of(test, count):
    return shard_of_name(name_of(test), count)


def shard_of_name(name, count):
    return zlib.crc32(name.encode("utf-8")) % count + 1


def load(path):
    path = os.path.abspath(path)
    sys.path.insert(0, os.path.dirname(path))
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return list(tests_of(unittest.defaultTestLoader.loadTestsFromModule(module)))


def name_of(test):
    return "%s.%s" % (type(test).__name__, test._testMethodName)


def check(pairs):
    """pairs: (N, FILE)... Every shard of every file holds a test, and a test's shard is the
    same in another process (with another PYTHONHASHSEED: a hash that changes from process
    to process would run some tests twice and others never)."""
    lines, bad = [], 0
    for n, path in pairs:
        counts = [0] * n
        for t in load(path):
            counts[shard_of(t, n) - 1] += 1
            lines.append("%d %s %d" % (n, name_of(t), shard_of(t, n)))
        for k, count in enumerate(counts, 1):
            if not count:
                print("%s: shard %d of %d has no tests" % (path, k, n))
                bad = 1
        print("%s: %d tests in %d shards %s" % (os.path.basename(path), sum(counts), n, counts))
    env = dict(os.environ, PYTHONHASHSEED=str(os.getpid() % 4000 + 1))
    again = subprocess.run([sys.executable, os.path.abspath(__file__), "--assign"],
                           input="\n".join(lines).encode(), stdout=subprocess.PIPE,
                           env=env, check=True).stdout.decode().split("\n")
    moved = [a for a, b in zip(lines, again) if a != b]
    if len(again) != len(lines) or moved:
        print("shards differ in another process:", moved[:10])
        bad = 1
    return bad


def assign():
    """For --check: "N Class.test K" lines on stdin, printed with this process's K."""
    out = []
    for line in sys.stdin.read().split("\n"):
        n, name, _ = line.split(" ")
        out.append("%s %s %d" % (n, name, shard_of_name(name, int(n))))
    print("\n".join(out), end="")
    return 0


def main(argv):
    args = argv[1:]
    if args == ["--assign"]:
        return assign()
    if args[:1] == ["--check"] and len(args) % 2 == 1 and len(args) > 1 \
            and all(x.isdigit() and int(x) > 0 for x in args[1::2]):
        return check([(int(n), path) for n, path in zip(args[1::2], args[2::2])])
    listing = args[:1] == ["--list"]
    if listing:
        args = args[1:]
    if len(args) != 3 or not args[0].isdigit() or not args[1].isdigit() \
            or not 1 <= int(args[0]) <= int(args[1]):
        sys.stderr.write("usage: shard.py [--list] K N FILE (1 <= K <= N), "
                         "shard.py --check N FILE [N FILE...]\n")
        return 2
    k, n, path = int(args[0]), int(args[1]), args[2]
    everything = load(path)
    mine = [t for t in everything if shard_of(t, n) == k]
    if listing:
        print("\n".join(name_of(t) for t in mine))
        return 0
    print("%s: shard %d of %d, %d of %d tests" % (os.path.basename(path), k, n, len(mine),
                                                 len(everything)), flush=True)
    result = unittest.TextTestRunner(verbosity=2).run(unittest.TestSuite(mine))
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
