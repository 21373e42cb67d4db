"""Runs one shard of a Python test file: `shard.py K N FILE` runs the tests of FILE whose
name (Class.test_method) hashes to K of N (CRC-32, so a test stays in its shard from run to
run and machine to machine, and every test is in exactly one shard).

CMakeLists.txt registers a long test file as N tests this way, so that `ctest -j` can spread
it over the cores instead of waiting for one long file at the end.  Only the standard library
is used; the file's own `if __name__ == "__main__"` block is not run.
"""

import importlib.util
import os
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
    name = "%s.%s" % (type(test).__name__, test._testMethodName)
    return zlib.crc32(name.encode("utf-8")) % count + 1


def main(argv):
    if len(argv) != 4 or not argv[1].isdigit() or not argv[2].isdigit() \
            or not 1 <= int(argv[1]) <= int(argv[2]):
        sys.stderr.write("usage: shard.py K N FILE (1 <= K <= N)\n")
        return 2
    k, n, path = int(argv[1]), int(argv[2]), os.path.abspath(argv[3])
    sys.path.insert(0, os.path.dirname(path))
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    everything = unittest.defaultTestLoader.loadTestsFromModule(module)
    mine = [t for t in tests_of(everything) if shard_of(t, n) == k]
    print("%s: shard %d of %d, %d of %d tests" % (os.path.basename(path), k, n, len(mine),
                                                 everything.countTestCases()), flush=True)
    result = unittest.TextTestRunner(verbosity=2).run(unittest.TestSuite(mine))
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
