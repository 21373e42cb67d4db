# Thin wrapper around CMake: `make run` opens the program, `make test` runs every test.
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
# Seconds each fuzz target runs: `make fuzz` for a real session, `make fuzz-smoke` in CI.
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 10
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build run test asan-build test-asan test-valgrind fuzz-build fuzz fuzz-smoke \
        bench docs format format-check clean test-release-build test-sanitizer-build

# Every C file is formatted by .clang-format; make test fails on any drift.
FORMAT_FILES = $(wildcard src/*.c src/*/*.c include/ophamp/*.h src/*/*.h tests/unit/*.c \
                          tests/unit/*.h bench/*.c fuzz/*.c tools/*.c)

all: build

deps:
	@scripts/deps.sh

# A new build folder uses Ninja (a third less time than CMake's makefiles for the same
# compiles); one made before keeps the generator it has.
generator = $(if $(wildcard $(1)/CMakeCache.txt),,-G Ninja)

build: deps
	cmake -S . -B $(BUILD) $(call generator,$(BUILD)) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/ophamp

# Every tier, each test run once, the two builds' tests at the same time (so that neither
# waits for the other's longest test at its end): the release build's unit tests, man page
# check, fuzz replay and command-line tests, where a share of the program's runs goes to the
# sanitizer build (OPHAMP_ASAN_BIN: the first of each command with each set of option names
# in the whole suite, OPHAMP_ASAN_SEEN, and every fourth run) and the first set of option
# names of each command in the whole suite to valgrind (OPHAMP_VALGRIND_SEEN;
# tests/cli/ophamp_test.py); and the sanitizer build's unit tests, fuzz replay and the
# terminal (tmux) tests. The release build runs one test more at a time than there are cores
# (its tests are the longest, and some wait on a lock or the clock), the sanitizer build as
# many as there are cores: no core stands idle and the terminal tests do not starve (the
# quickest of the mixes tried, docs/PERFORMANCE.md). The checks of the source (label
# `source`) run in the release build's tier only. None depends on the machine's speed. Each
# build's output is shown whole when its tests end.
TEST_JOBS ?= $(shell echo $$(( $(JOBS) * 2 )))
TIER_JOBS ?= $(shell echo $$(( $(JOBS) + 1 )))
SANITIZER_JOBS ?= $(JOBS)
SANITIZERS = ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
             UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
OPHAMP_VALGRIND ?= 1
OPHAMP_VALGRIND_SHAPES ?= 1
test: format-check build asan-build
	rm -f $(BUILD)/valgrind-seen $(BUILD)/asan-seen
	$(MAKE) --no-print-directory -j2 --output-sync=target test-release-build \
	    test-sanitizer-build

test-release-build:
	cd $(BUILD) && $(SANITIZERS) OPHAMP_ASAN_BIN=$(CURDIR)/$(ASAN_BUILD)/ophamp \
	    OPHAMP_ASAN_SEEN=$(CURDIR)/$(BUILD)/asan-seen \
	    OPHAMP_VALGRIND=$(OPHAMP_VALGRIND) OPHAMP_VALGRIND_SHAPES=$(OPHAMP_VALGRIND_SHAPES) \
	    OPHAMP_VALGRIND_SEEN=$(CURDIR)/$(BUILD)/valgrind-seen \
	    ctest --output-on-failure -j $(TIER_JOBS) -R '^(unit|docs|fuzz_replay|cli)_'

test-sanitizer-build:
	cd $(ASAN_BUILD) && $(SANITIZERS) ctest --output-on-failure -j $(SANITIZER_JOBS) \
	    -R '^(unit|fuzz_replay|e2e)_' -LE source

asan-build: deps
	cmake -S . -B $(ASAN_BUILD) $(call generator,$(ASAN_BUILD)) -DCMAKE_BUILD_TYPE=Debug \
	    -DOPHAMP_SANITIZE=ON >/dev/null
	cmake --build $(ASAN_BUILD) -j $(JOBS)

# The whole suite under the sanitizers, every run of the program too.
test-asan: asan-build
	cd $(ASAN_BUILD) && $(SANITIZERS) ctest --output-on-failure -j $(TEST_JOBS)

# The command-line tests with the program under valgrind: OPHAMP_VALGRIND=all for every run.
test-valgrind: build
	cd $(BUILD) && OPHAMP_VALGRIND=$(OPHAMP_VALGRIND) ctest --output-on-failure -j $(TEST_JOBS) \
	    -R '^cli_'

# libFuzzer targets (fuzz/fuzz_*.c) built with clang under address/undefined sanitizers.
fuzz-build: deps
	cmake -S . -B $(FUZZ_BUILD) $(call generator,$(FUZZ_BUILD)) -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug \
	    -DOPHAMP_FUZZ=ON >/dev/null
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_targets

fuzz: fuzz-build
	scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# A short run of every target (each first replays its seed corpus): fails on any crash. Not
# part of make test, whose fuzz_replay_* tests replay every corpus under the sanitizers.
fuzz-smoke: fuzz-build
	scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SMOKE_SECONDS)

bench: build
	bench/run.sh $(BUILD)

# The man page's key list is generated from the front end's key table.
docs: build
	scripts/man-keys.sh $(BUILD)/ophamp docs/ophamp.1
	scripts/man-defs.sh $(BUILD)/ophamp_man_defs docs/ophamp.1

format:
	clang-format -i $(FORMAT_FILES)

format-check: deps
	@echo "clang-format: $(words $(FORMAT_FILES)) files"
	@clang-format --dry-run --Werror $(FORMAT_FILES)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
