#!/bin/sh
# make bench: wall-clock figures, then instructions per byte from callgrind
# (repeatable whatever the machine's load): the cost of 11 iterations minus
# the cost of 1, divided by 10 x bytes, so start-up is not counted.
# Usage: bench/run.sh BENCH_DIR
dir=${1:-build/bench}
set -e
workloads="apig:jsmn-tokenize apig:apig-json-strict apig:apig-decode-validate apig:apig-encode cjson:cjson-parse jansson:jansson-parse jsonc:json-c-parse"
echo "== wall clock"
for members in 200 20; do
    for b in apig cjson jansson jsonc; do
        "$dir/bench_$b" --members $members --iters $((400000 / members))
    done
done
if ! command -v valgrind >/dev/null 2>&1; then
    echo "valgrind missing: no instruction counts"
    exit 0
fi
count() { # count BINARY NAME MEMBERS ITERS -> instructions
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$dir/bench_$1" --only "$2" --members "$3" --iters "$4" 2>&1 >/dev/null |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
echo "== instructions per byte (callgrind; ratio to jsmn's tokenizer)"
for members in 200 20 2; do
    bytes=$("$dir/bench_apig" --only jsmn-tokenize --members $members --iters 1 | sed -n 's/.*bytes=\([0-9]*\).*/\1/p')
    base=""
    for item in $workloads; do
        b=${item%%:*} w=${item#*:}
        one=$(count $b $w $members 1)
        many=$(count $b $w $members 11)
        ipb=$(awk -v a="$one" -v c="$many" -v n="$bytes" 'BEGIN { printf "%.2f", (c - a) / (10 * n) }')
        [ -z "$base" ] && base=$ipb
        ratio=$(awk -v x="$ipb" -v y="$base" 'BEGIN { printf "%.2f", x / y }')
        printf '%-22s members=%-4s bytes=%-7s %8s instr/byte %6sx jsmn\n' $w $members $bytes $ipb $ratio
    done
done
