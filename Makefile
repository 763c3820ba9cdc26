# SmartDesk: the two commands are `make run` and `make test`; the rest are their parts.
SWIFT        ?= swift
RELEASE_BIN  := .build/release/smartdesk
RUN_ARGS     ?= serve
BENCH_ARGS   ?= embed

.PHONY: run test setup setup-test model build release bench fuzz test-asan test-tsan clean

## Install system packages, fetch the model, build release, serve calls (bundled plugins, defaults).
run: setup model release
	$(RELEASE_BIN) $(RUN_ARGS)

## Install system packages, fetch the model, run every test. The chaos tests (plugin workers
## crashing and leaking, a host on a full disk, a client that stops reading), the voice calls whose
## caller speaks in real time, and the Swift plugin template's own build run after the suite, apart
## from it: beside it their processes starve timing-bound tests, and a real-time caller talks over
## an agent the suite's load has slowed.
## Last, the suite under AddressSanitizer and under ThreadSanitizer, each only if it fits in what is
## left of 85 minutes from the start (CI allows 90); `make test SANITIZERS=0` leaves them out. There
## they fail on a sanitizer's report or a run that does not end, and list a test that fails only
## under instrumentation (scripts/sanitizer-gate.sh); `make test-asan` / `make test-tsan` are strict.
# Each phase runs under a watchdog (scripts/watchdog.sh): one that hangs prints its threads and fails
# within minutes (each takes one to three) instead of holding CI until its limit.
WATCHDOG = bash scripts/watchdog.sh
SANITIZERS ?= 1
TEST_DEADLINE := $(shell echo $$(( $$(date +%s) + 5100 )))
test: setup-test model
	$(SWIFT) build --build-tests
	$(WATCHDOG) 1200 $(SWIFT) test --skip-build --skip PluginTemplateBuildTests --skip IsolationTests --skip DiskFullTests --skip StalledClientTests --skip VoiceCallOverTwilioTests
	$(WATCHDOG) 600 $(SWIFT) test --skip-build --filter "IsolationTests|DiskFullTests|StalledClientTests"
	$(WATCHDOG) 600 $(SWIFT) test --skip-build --filter VoiceCallOverTwilioTests
	SMARTDESK_TEMPLATE_BUILDS=1 $(WATCHDOG) 1200 $(SWIFT) test --skip-build --filter PluginTemplateBuildTests
	@bash scripts/fuzz.sh 5
ifeq ($(SANITIZERS),1)
	SMARTDESK_TEST_DEADLINE=$(TEST_DEADLINE) bash scripts/if-time-allows.sh 1200 bash scripts/sanitizer-gate.sh $(MAKE) --no-print-directory test-asan
	SMARTDESK_TEST_DEADLINE=$(TEST_DEADLINE) bash scripts/if-time-allows.sh 2400 bash scripts/sanitizer-gate.sh $(MAKE) --no-print-directory test-tsan
endif

## The suite under AddressSanitizer or ThreadSanitizer (a build of its own; slow on 2 cores).
# SMARTDESK_TEST_TIME_SCALE: waits that are not what a test checks are scaled (real-time voice
# calls are skipped). ASan leaves crash signals to the process (a crashing plugin's worker dies of
# its signal, as without the sanitizer); the LSan suppressions are other projects' leaks and
# Swift's weak side tables (docs/reliability.md).
# At most four tests at once: with every suite at once (the default) a scripted model's 300 ms
# answer once took over a minute under ASan, and the run was slower (docs/reliability.md).
SANITIZER_ENV = SMARTDESK_TEST_TIME_SCALE=4 SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=4
test-asan: setup-test model
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	$(SANITIZER_ENV) ASAN_OPTIONS=handle_segv=0:handle_sigbus=0:handle_abort=0:handle_sigill=0:handle_sigfpe=0 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/scripts/lsan-suppressions.txt \
	$(WATCHDOG) 1500 $(SWIFT) test --skip-build --sanitize=address --scratch-path .build-asan --skip PluginTemplateBuildTests
# --export-dynamic: the instrumented Swift plugins the tests dlopen need the executable's TSan runtime.
# -DSMARTDESK_TSAN: every Mutex a pthread mutex the sanitizer sees (Host/Locks/Mutex.swift).
# ThreadSanitizer slows code 5–15×: one test at a time, waits scaled by 10 (docs/reliability.md).
# (The watchdog's hour covers the instrumented build too: about 20 minutes of tests, 6–10 of build.)
test-tsan: setup-test model
	SMARTDESK_TEST_TIME_SCALE=10 TSAN_OPTIONS=handle_segv=0:handle_sigbus=0:handle_abort=0:handle_sigill=0:handle_sigfpe=0:suppressions=$(CURDIR)/scripts/tsan-suppressions.txt \
	$(WATCHDOG) 3600 $(SWIFT) test --no-parallel --sanitize=thread --scratch-path .build-tsan --skip PluginTemplateBuildTests -Xlinker --export-dynamic -Xswiftc -DSMARTDESK_TSAN

setup:
	@bash scripts/setup.sh

setup-test:
	@bash scripts/setup.sh test

model:
	@bash scripts/fetch-model.sh

build:
	$(SWIFT) build

## The executable and the bundled plugins (lib*.so beside it).
release:
	$(SWIFT) build -c release

## Benchmarks (release build): `make bench BENCH_ARGS=embed`, `make bench BENCH_ARGS=turns`
bench: setup model release
	$(RELEASE_BIN) bench $(BENCH_ARGS)

## Coverage-guided fuzzing (libFuzzer + AddressSanitizer) of the decoders and checks that take
## outside input: `make fuzz FUZZ_SECONDS=600 FUZZ_TARGETS="twilio sse"` (docs/reliability.md).
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
fuzz:
	@bash scripts/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

clean:
	rm -rf .build .build-fuzz .build-asan .build-tsan
