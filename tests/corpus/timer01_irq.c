// Differential corpus: Timer 0 (mode 1, reloaded in its ISR) and Timer 1 (mode 2 auto-reload)
// interrupts at two priority levels, counted until both reach a target; timer registers stay in
// the final state, so the exact cycle of every overflow matters.
// diff-parts: all
#include <8051.h>

volatile unsigned char t0_ticks, t1_ticks;
volatile unsigned int t0_snapshot[4];
volatile unsigned char main_loops;

void timer0_isr(void) __interrupt(1)
{
    TH0 = 0xFE;
    TL0 = 0x80;
    if (t0_ticks < 4) t0_snapshot[t0_ticks] = ((unsigned int)TH1 << 8) | TL1;
    t0_ticks++;
}

void timer1_isr(void) __interrupt(3)
{
    t1_ticks++;
}

void main(void)
{
    TMOD = 0x21;          /* T1 mode 2, T0 mode 1 */
    TH0 = 0xFE; TL0 = 0x80;
    TH1 = 0x40; TL1 = 0x40;
    PT1 = 1;              /* Timer 1 high priority */
    ET0 = 1; ET1 = 1; EA = 1;
    TR0 = 1; TR1 = 1;
    while (t0_ticks < 10 || t1_ticks < 12) main_loops++;
    EA = 0;
    TR0 = 0; TR1 = 0;
    while (1);
}
