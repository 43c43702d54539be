#!/bin/sh
# Prints code and RAM use per build directory from SDCC's .mem and .ihx output and fails when an
# image breaks the AT89C51 budget. RAM = registers + data + bit bytes + idata (.mem "Stack starts
# at") plus the worst-case stack depth that tools/stack_depth.py computes from the .asm files.
# Each line ends in "temperature" when the image reads the DS18B20 (ds18b20.c is linked in).
# Usage: size-report.sh CODE_LIMIT RAM_LIMIT DIR...
code_limit=$1 ram_limit=$2
shift 2
status=0
for dir in "$@"; do
    board=$(basename "$dir")
    mem="$dir/calendar51.mem"
    # "Stack starts at: 0x4b (sp set to 0x4a) with 53 bytes available."
    stack=$(sed -n 's/.*Stack starts at: 0x\([0-9a-fA-F]*\).*/\1/p' "$mem")
    ram=$(printf '%d' "0x$stack")
    depth=$(python3 "$(dirname "$0")/tools/stack_depth.py" "$dir") || exit 1
    # Code: highest address + 1 written in the Intel HEX image.
    code=$(awk '/^:/ { n = ("0x" substr($0, 2, 2)) + 0; a = ("0x" substr($0, 4, 4)) + 0; t = substr($0, 8, 2);
                if (t == "00" && n > 0 && a + n > max) max = a + n } END { print max + 0 }' \
        "$dir/calendar51.ihx")
    total=$((ram + depth))
    verdict=ok
    if [ "$code" -gt "$code_limit" ] || [ "$total" -gt "$ram_limit" ]; then verdict=OVER; status=1; fi
    features=""
    if grep -q '_temp_tick' "$dir/calendar51.map"; then features=" temperature"; fi
    echo "SIZE $board code=$code/$code_limit ram=$ram+$depth=$total/$ram_limit $verdict$features"
done
exit $status
