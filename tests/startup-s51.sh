#!/usr/bin/env bash
# Start-up cost of one tiny program, side by side: the published `calendar51 run` against s51.
# Both run the same SDCC-compiled HEX from reset to its final self-jump (s51: a breakpoint there);
# prints the mean wall time per run of each over RUNS runs, and the machine.
# Usage: tests/startup-s51.sh CALENDAR51_EXECUTABLE [RUNS]
set -euo pipefail

cli="${1:?usage: tests/startup-s51.sh CALENDAR51_EXECUTABLE [RUNS]}"
runs="${2:-20}"
[ -x "$cli" ] || { echo "startup: $cli is not an executable (run: build.ps1 publish)" >&2; exit 1; }
for tool in sdcc s51; do
    command -v "$tool" >/dev/null || { echo "startup: '$tool' is not installed (apt-get install sdcc sdcc-ucsim)" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/tiny.c" <<'C'
volatile unsigned char result;
void main(void) { unsigned char i; for (i = 0; i < 100; i++) result += i; while (1); }
C
(cd "$work" && sdcc -mmcs51 tiny.c >/dev/null)
hex="$work/tiny.ihx"
why="$("$cli" run "$hex" 2>&1 >/dev/null)"
stop="$(sed -n 's/.*self-jump at 0x\([0-9A-F]*\).*/\1/p' <<<"$why")"
cycles="$(sed -n 's/.* after \([0-9]*\) cycles.*/\1/p' <<<"$why")"
[ -n "$stop" ] || { echo "startup: $cli did not stop at a self-jump on the tiny program" >&2; exit 1; }
printf 'file "%s"\nbreak 0x%s\nrun\nquit\n' "$hex" "$stop" > "$work/s51.cmd"

# Mean wall milliseconds of RUNS runs of a command (after one warm-up run).
mean_ms() {
    "$@" >/dev/null 2>&1
    local start end
    start="$(date +%s%N)"
    for _ in $(seq "$runs"); do "$@" >/dev/null 2>&1; done
    end="$(date +%s%N)"
    awk -v a="$start" -v b="$end" -v n="$runs" 'BEGIN { printf "%.1f", (b - a) / n / 1e6 }'
}
ours="$(mean_ms "$cli" run "$hex")"
theirs="$(mean_ms sh -c 's51 -t 8052 -b -q < "$1"' sh "$work/s51.cmd")"

echo "machine:    $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo "program:    tiny SDCC program, $cycles machine cycles to its self-jump at 0x$stop, $runs runs each"
echo "calendar51: $ours ms per run ($cli run)"
echo "s51:        $theirs ms per run (s51 -t 8052, breakpoint at the self-jump)"
