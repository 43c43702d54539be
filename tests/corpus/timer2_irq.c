// Differential corpus: Timer 2 in 16-bit auto-reload mode with its interrupt (8052 class).
// diff-parts: 8052 at89c52 stc89c52rc
#include <8052.h>

volatile unsigned char t2_ticks;
volatile unsigned char tl2_seen[4];
unsigned int loops;

void timer2_isr(void) __interrupt(5)
{
    TF2 = 0;
    if (t2_ticks < 4) tl2_seen[t2_ticks] = TL2;
    t2_ticks++;
}

void main(void)
{
    RCAP2H = 0xFE; RCAP2L = 0x00;
    TH2 = 0xFE; TL2 = 0x00;
    ET2 = 1; EA = 1;
    TR2 = 1;
    while (t2_ticks < 6) loops++;
    EA = 0; TR2 = 0;
    while (1);
}
