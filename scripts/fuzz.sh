#!/usr/bin/env bash
# CI's fuzzing pass: builds the libFuzzer targets with clang into ./build-fuzz (or
# $QTDRS_FUZZ_BUILD_DIR) and runs each for a bounded time on a copy of its seed corpus
# (tests/fuzz/corpus/<target>/) with the dictionary tests/fuzz/drs.dict. Fails on any crash,
# leak, timeout, out-of-memory or sanitizer report; prints executions and exec/s per target.
#   scripts/fuzz.sh [seconds-per-target, default 60] [target...]
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_jsonstream fuzz_cbor fuzz_connection)
build="${QTDRS_FUZZ_BUILD_DIR:-build-fuzz}"

if ! command -v clang++ >/dev/null 2>&1 \
    || [ ! -e "$(clang++ -print-file-name=libclang_rt.fuzzer-x86_64.a)" ]; then
    echo "fuzz: needs clang++ and libFuzzer: apt-get install clang libclang-rt-14-dev" >&2
    exit 2
fi

CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DQTDRS_WERROR=ON -DQTDRS_FUZZ=ON -DQTDRS_BUILD_EXAMPLES=OFF -DQTDRS_BUILD_TESTS=OFF \
    -DQTDRS_BUILD_TOOLS=OFF -DQTDRS_BUILD_QML=OFF >/dev/null
cmake --build "$build" --parallel "${QTDRS_JOBS:-$(nproc)}" --target "${targets[@]}"

work="$(mktemp -d "${TMPDIR:-/tmp}/qtdrs-fuzz.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:allocator_may_return_null=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export QT_QPA_PLATFORM=offscreen

status=0
summary=()
for target in "${targets[@]}"; do
    corpus="$work/$target"
    mkdir -p "$corpus" "$work/artifacts-$target"
    cp tests/fuzz/corpus/"$target"/* "$corpus"/
    seeds=$(ls "$corpus" | wc -l)
    log="$work/$target.log"
    echo "fuzz: $target for ${seconds} s on $seeds seeds"
    result=ok
    # -timeout: one input taking 10 s is a hang; -rss_limit_mb: a runaway allocation fails.
    if ! "$build/tests/fuzz/$target" "$corpus" -dict="$root/tests/fuzz/drs.dict" \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=4096 \
        -print_final_stats=1 -artifact_prefix="$work/artifacts-$target/" >"$log" 2>&1; then
        result=FAILED
    fi
    # Any sanitizer report fails the run, even one libFuzzer did not stop on.
    if grep -qE "ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|fuzz invariant violated" "$log"; then
        result=FAILED
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    size=$(ls "$corpus" | wc -l)
    if [ "$result" != ok ]; then
        status=1
        echo "fuzz: $target FAILED; the end of its log:"
        tail -60 "$log"
        # Keep the inputs that failed where CI can pick them up.
        mkdir -p "$root/$build/fuzz-artifacts"
        cp "$work/artifacts-$target"/* "$root/$build/fuzz-artifacts/" 2>/dev/null || true
        echo "fuzz: failing inputs copied to $build/fuzz-artifacts/"
    fi
    summary+=("$(printf '%-16s %-7s %12s %10s %8s -> %-8s' "$target" "$result" "${execs:-?}" \
        "${rate:-?}" "$seeds" "$size")")
done

echo
printf '%-16s %-7s %12s %10s %8s    %-8s\n' target result executions exec/s seeds corpus
for line in "${summary[@]}"; do echo "$line"; done
exit $status
