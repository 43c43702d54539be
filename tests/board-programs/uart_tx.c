/* Transmits 'U' (0x55) back to back at 4800 baud from a 12 MHz crystal: timer 1 mode 2, SMOD = 1,
 * TH1 = 0xF3 (4808 baud). Used to show that a key on the shared TXD pin corrupts what the PC gets. */
#include <8052.h>

void main(void)
{
    PCON |= 0x80;
    SCON = 0x50;
    TMOD = 0x20;
    TH1 = TL1 = 0xF3;
    TR1 = 1;
    while (1) {
        SBUF = 0x55;
        while (!TI);
        TI = 0;
    }
}
