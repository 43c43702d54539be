#!/usr/bin/env bash
# Speed of our 8051 core against ucsim's s51 on the same CPU-bound HEX (CRC-16 + sort, forever), side
# by side in one run: s51, our CLI with the translator (the default) and with --engine interpreter;
# prints each in machine cycles per second and each ratio to s51.
# Usage: tests/compare-s51.sh [S51_INSTRUCTIONS] [OUR_CYCLES]
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
s51_instructions="${1:-20000000}"
our_cycles="${2:-1000000000}"
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
# Prints the seconds spent running OUR_CYCLES with engine $1, start-up subtracted.
run_seconds() {
    local start startup long
    start="$(now)"; dotnet "$cli" run "$hex" --part "$part" --engine "$1" --max-cycles 1 2>/dev/null; startup="$(awk -v a="$start" -v b="$(now)" 'BEGIN { print b - a }')"
    start="$(now)"; dotnet "$cli" run "$hex" --part "$part" --engine "$1" --max-cycles "$our_cycles" 2>/dev/null; long="$(awk -v a="$start" -v b="$(now)" 'BEGIN { print b - a }')"
    awk -v l="$long" -v s="$startup" 'BEGIN { printf "%.3f", l - s }'
}
translator_seconds="$(run_seconds translator)"
interpreter_seconds="$(run_seconds interpreter)"
rate() { awk -v c="$our_cycles" -v t="$1" 'BEGIN { printf "%.0f", c / t }'; }
ratio() { awk -v o="$1" -v s="$2" 'BEGIN { printf "%.1f", o / s }'; }
translator_rate="$(rate "$translator_seconds")"
interpreter_rate="$(rate "$interpreter_seconds")"

echo "program:  tests/corpus/crc16_sort.c (-DBENCH_FOREVER), part $part / s51 -t 8052"
echo "s51:      $((ticks / 12)) machine cycles in ${host} s host time = ${s51_rate} machine cycles/s"
echo "calendar51: ${our_cycles} machine cycles in ${translator_seconds} s = ${translator_rate} machine cycles/s"
echo "ratio:    $(ratio "$translator_rate" "$s51_rate")x s51"
echo "calendar51 --engine interpreter: ${our_cycles} machine cycles in ${interpreter_seconds} s = ${interpreter_rate} machine cycles/s"
echo "ratio:    $(ratio "$interpreter_rate" "$s51_rate")x s51 (interpreter); translator $(ratio "$translator_rate" "$interpreter_rate")x interpreter"
