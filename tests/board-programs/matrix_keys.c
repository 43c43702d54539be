/* KST-51 4x4 matrix scan, column KEY_IN_4 (P2.7) only: drive one KEY_OUT row low at a time
 * (KEY_OUT_1..4 = P2.3..P2.0) and read the column. RESULT(0xC0) gets a bit per pressed row line
 * (bit n = P2.n low-driven row saw the column low); RESULT(0xC1) counts completed scans. */
#include <8052.h>
#include "results.h"

void main(void)
{
    unsigned char row, pressed, scans = 0;
    while (1) {
        pressed = 0;
        for (row = 0; row < 4; row++) {
            P2 = (unsigned char)~(1 << row);
            if (!P2_7) pressed |= 1 << row;
        }
        P2 = 0xFF;
        RESULT(0xC0) = pressed;
        RESULT(0xC1) = ++scans;
    }
}
