#!/usr/bin/env bash
# Start-up cost of one tiny program, side by side: the published `calendar51 run` against s51.
# Both run the same SDCC-compiled HEX from reset to its final self-jump (s51: a breakpoint there);
# prints wall and CPU time per run of each over RUNS runs, and the machine.
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

# Per run, over RUNS runs after one warm-up: wall time, and CPU time (user + system), which a busy
# machine inflates far less than wall time.
per_run() {
    "$@" >/dev/null 2>&1
    local TIMEFORMAT='%R %U %S' times
    times="$( { time (for _ in $(seq "$runs"); do "$@" >/dev/null 2>&1; done); } 2>&1 )"
    awk -v n="$runs" '{ printf "%.1f ms wall, %.1f ms CPU", $1 * 1000 / n, ($2 + $3) * 1000 / n }' <<<"$times"
}
ours="$(per_run "$cli" run "$hex")"
theirs="$(per_run sh -c 's51 -t 8052 -b -q < "$1"' sh "$work/s51.cmd")"

echo "machine:    $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), load average $(cut -d' ' -f1 /proc/loadavg)"
echo "program:    tiny SDCC program, $cycles machine cycles to its self-jump at 0x$stop, $runs runs each"
echo "calendar51: $ours per run ($cli run)"
echo "s51:        $theirs per run (s51 -t 8052, breakpoint at the self-jump)"
