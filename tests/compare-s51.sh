#!/usr/bin/env bash
# Speed of our 8051 core against ucsim's s51 on the same CPU-bound HEX (CRC-16 + sort, forever), side
# by side in one run: s51, our CLI with the translator (the default) and with --engine interpreter;
# prints each in machine cycles per second and each ratio to s51.
# Usage: tests/compare-s51.sh [S51_INSTRUCTIONS] [TRANSLATOR_CYCLES] [INTERPRETER_CYCLES]
# (each run lasts seconds: the translator runs ten times the interpreter's cycles by default, so that
# the start-up subtracted stays small beside it)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
s51_instructions="${1:-20000000}"
translator_cycles="${2:-10000000000}"
interpreter_cycles="${3:-1000000000}"
part=at89c52

for tool in sdcc s51 dotnet; do
    command -v "$tool" >/dev/null || { echo "compare-s51: '$tool' is not installed (sdcc and s51: apt-get install sdcc sdcc-ucsim)" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

sdcc -mmcs51 --iram-size 256 --code-size 8192 -DBENCH_FOREVER -o "$work/" "$root/tests/corpus/crc16_sort.c" >/dev/null
hex="$work/crc16_sort.ihx"

# s51: step a fixed number of instructions; its own statistics give the simulated clocks and the
# host time spent simulating ("Simulated N ticks ... Host usage: T sec"). 12 clocks per machine cycle.
s51_out="$(printf 'file "%s"\nstep %s\nquit\n' "$hex" "$s51_instructions" | s51 -t 8052 -b -q 2>&1)"
ticks="$(sed -n 's/.*Simulated \([0-9]*\) ticks.*/\1/p' <<<"$s51_out" | tail -1)"
host="$(sed -n 's/.*Host usage: \([0-9.]*\) sec.*/\1/p' <<<"$s51_out" | tail -1)"
[ -n "$ticks" ] && [ -n "$host" ] || { echo "compare-s51: could not read s51's statistics:" >&2; echo "$s51_out" >&2; exit 1; }
s51_rate="$(awk -v t="$ticks" -v h="$host" 'BEGIN { printf "%.0f", t / 12 / h }')"

# Ours: the Release CLI with each engine, timed on a long run minus a one-cycle run (process start-up and JIT).
dotnet build "$root/host/Calendar51.Host" -c Release -v q -nologo >/dev/null
cli="$root/host/Calendar51.Host/bin/Release/net10.0/calendar51.dll"
now() { date +%s.%N; }
# Prints the seconds spent running $2 machine cycles with engine $1, start-up subtracted.
run_seconds() {
    local start startup long
    start="$(now)"; dotnet "$cli" run "$hex" --part "$part" --engine "$1" --max-cycles 1 2>/dev/null; startup="$(awk -v a="$start" -v b="$(now)" 'BEGIN { print b - a }')"
    start="$(now)"; dotnet "$cli" run "$hex" --part "$part" --engine "$1" --max-cycles "$2" 2>/dev/null; long="$(awk -v a="$start" -v b="$(now)" 'BEGIN { print b - a }')"
    awk -v l="$long" -v s="$startup" 'BEGIN { printf "%.3f", l - s }'
}
translator_seconds="$(run_seconds translator "$translator_cycles")"
interpreter_seconds="$(run_seconds interpreter "$interpreter_cycles")"
rate() { awk -v c="$1" -v t="$2" 'BEGIN { printf "%.0f", c / t }'; }
ratio() { awk -v o="$1" -v s="$2" 'BEGIN { printf "%.1f", o / s }'; }
translator_rate="$(rate "$translator_cycles" "$translator_seconds")"
interpreter_rate="$(rate "$interpreter_cycles" "$interpreter_seconds")"

echo "program:  tests/corpus/crc16_sort.c (-DBENCH_FOREVER), part $part / s51 -t 8052"
echo "s51:      $((ticks / 12)) machine cycles in ${host} s host time = ${s51_rate} machine cycles/s"
echo "calendar51: ${translator_cycles} machine cycles in ${translator_seconds} s = ${translator_rate} machine cycles/s"
echo "ratio:    $(ratio "$translator_rate" "$s51_rate")x s51"
echo "calendar51 --engine interpreter: ${interpreter_cycles} machine cycles in ${interpreter_seconds} s = ${interpreter_rate} machine cycles/s"
echo "ratio:    $(ratio "$interpreter_rate" "$s51_rate")x s51 (interpreter); translator $(ratio "$translator_rate" "$interpreter_rate")x interpreter"
