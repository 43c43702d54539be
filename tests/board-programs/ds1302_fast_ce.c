/* Raises CE and clocks SCLK in the very next instruction: exactly one machine cycle, which meets
 * tCC (1 us at 5 V) with a 12 MHz crystal and violates it at 24 MHz. Reads the seconds into
 * RESULT(0xC0), then DONE_FLAG. Pins as prechin-a2. */
#include <8052.h>
#include "results.h"

void main(void)
{
    unsigned char i, command = 0x81, value = 0;
    P3_6 = 0;
    P3_5 = 0;
    __asm
        nop                 ; CE stays low for tCWH (1 us) even at 24 MHz
        nop
        setb _P3_5
        setb _P3_6
        clr  _P3_6
    __endasm;
    command >>= 1;
    for (i = 1; i < 8; i++) { P3_4 = command & 1; P3_6 = 1; command >>= 1; P3_6 = 0; }
    P3_4 = 1;
    for (i = 0; i < 8; i++) { value >>= 1; if (P3_4) value |= 0x80; P3_6 = 1; P3_6 = 0; }
    P3_5 = 0;
    RESULT(0xC0) = value;
    DONE_FLAG = DONE_VALUE;
    while (1);
}
