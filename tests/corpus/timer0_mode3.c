// Differential corpus: Timer 0 in mode 3 (TL0 and TH0 as two 8-bit timers, TH0 using TR1/TF1)
// and mode 0 (13-bit), polled and by interrupt.
// diff-parts: all
#include <8051.h>

volatile unsigned char tl0_ticks, th0_ticks;
unsigned char mode0_polls;

void timer0_isr(void) __interrupt(1) { tl0_ticks++; }
void timer1_isr(void) __interrupt(3) { th0_ticks++; }

void main(void)
{
    TMOD = 0x00;                  /* T0 mode 0 */
    TH0 = 0xFF; TL0 = 0x00;
    TR0 = 1;
    while (!TF0) mode0_polls++;
    TR0 = 0; TF0 = 0;

    /* T0 mode 3; Timer 1 in mode 3 too, so it holds: with Timer 1 in another mode it would run
       regardless of TR1 (TR1 now belongs to TH0), which s51 does not model (Differential/README.md). */
    TMOD = 0x33;
    TL0 = 0x00; TH0 = 0x80;
    ET0 = 1; ET1 = 1; EA = 1;
    TR0 = 1; TR1 = 1;
    while (tl0_ticks < 3 || th0_ticks < 3);
    EA = 0; TR0 = 0; TR1 = 0;
    while (1);
}
