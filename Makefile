# Thin wrapper around CMake: `make run` opens the program, `make test` runs every test.
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
# Seconds each fuzz target runs: `make fuzz` for a real session, `make fuzz-smoke` in CI.
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 10
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build run test test-asan test-valgrind fuzz-build fuzz fuzz-smoke bench docs \
        format clean

all: build

deps:
	@scripts/deps.sh

$(BUILD)/Makefile: CMakeLists.txt
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: deps $(BUILD)/Makefile
	cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/ophamp

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	$(MAKE) test-valgrind
	$(MAKE) test-asan
	$(MAKE) fuzz-smoke

# The same suite under address and undefined-behaviour sanitizers.
test-asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DOPHAMP_SANITIZE=ON >/dev/null
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ctest --output-on-failure -j $(JOBS)

# The command-line tests with the program under valgrind (tests/cli/ophamp_test.py): a sample
# of each command's runs in every test file; OPHAMP_VALGRIND=all for every run.
OPHAMP_VALGRIND ?= 1
test-valgrind: build
	cd $(BUILD) && OPHAMP_VALGRIND=$(OPHAMP_VALGRIND) ctest --output-on-failure -j $(JOBS) -R '^cli_'

# libFuzzer targets (fuzz/fuzz_*.c) built with clang under address/undefined sanitizers.
fuzz-build: deps
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug \
	    -DOPHAMP_FUZZ=ON >/dev/null
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_targets

fuzz: fuzz-build
	scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# A short run of every target (each first replays its seed corpus): fails on any crash.
fuzz-smoke: fuzz-build
	scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SMOKE_SECONDS)

bench: build
	bench/run.sh $(BUILD)

# The man page's key list is generated from the front end's key table.
docs: build
	scripts/man-keys.sh $(BUILD)/ophamp docs/ophamp.1

format:
	clang-format -i src/*.c src/*/*.c include/ophamp/*.h tests/unit/*.c

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
