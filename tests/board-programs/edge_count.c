/* Polls P3 the way key-scanning firmware does and counts falling edges on P3.0 (RXD, key K2 on
 * prechin-a2) and P3.2 (K3), as 16-bit counters at RESULT(0xC0..0xC1) and RESULT(0xC2..0xC3), low byte first. */
#include <8052.h>
#include "results.h"

void main(void)
{
    unsigned char previous = P3, now, falling;
    unsigned int rxd = 0, k3 = 0;
    while (1) {
        now = P3;
        falling = previous & (unsigned char)~now;
        previous = now;
        if (falling & 0x01) { rxd++; RESULT(0xC0) = rxd; RESULT(0xC1) = rxd >> 8; }
        if (falling & 0x04) { k3++; RESULT(0xC2) = k3; RESULT(0xC3) = k3 >> 8; }
    }
}
