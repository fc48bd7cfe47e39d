#!/bin/sh
# make bench: wall-clock figures, then instructions per byte from callgrind
# (repeatable whatever the machine's load): the cost of K+1 iterations minus
# the cost of 1, divided by K x bytes, so start-up is not counted.
bench=${1:-build/bench/bench}
set -e
echo "== wall clock (200 members, then 20)"
"$bench"
"$bench" --members 20 --iters 20000
if ! command -v valgrind >/dev/null 2>&1; then
    echo "valgrind missing: no instruction counts"
    exit 0
fi
count() { # count NAME MEMBERS ITERS -> instructions
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bench" --only "$1" --members "$2" --iters "$3" 2>&1 >/dev/null |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
echo "== instructions per byte (callgrind)"
for members in 200 20; do
    bytes=$("$bench" --only apig-decode-validate --members $members --iters 1 | sed -n 's/.*bytes=\([0-9]*\).*/\1/p')
    base=""
    for w in jsmn-tokenize apig-json-strict apig-decode-validate apig-encode cjson-parse jansson-parse json-c-parse; do
        one=$(count $w $members 1)
        many=$(count $w $members 11)
        ipb=$(awk -v a="$one" -v b="$many" -v n="$bytes" 'BEGIN { printf "%.2f", (b - a) / (10 * n) }')
        [ $w = jsmn-tokenize ] && base=$ipb
        ratio=$(awk -v x="$ipb" -v y="$base" 'BEGIN { printf "%.2f", x / y }')
        printf '%-22s members=%-4s bytes=%-7s %8s instr/byte  %5sx jsmn\n' $w $members $bytes $ipb $ratio
    done
done
