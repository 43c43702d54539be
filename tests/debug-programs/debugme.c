/* A small program for the debug adapter's tests (built with sdcc --debug). The tests find lines
   by the markers in the comments, so edit freely but keep each marker on its statement. */
#include <8051.h>

struct point {
    char x;
    int y;
};

unsigned char counter;
int total = 5;
long big = 100000;
__idata unsigned char buf[4];
struct point pt;
__idata unsigned char *ptr;
static unsigned char hidden;
volatile unsigned char ticks;

/* Timer 0 overflows every 256 machine cycles once main starts it. */
void timer0_isr(void) __interrupt(1)
{
    ticks++;                /* @isr-body */
}

unsigned char add(unsigned char a, unsigned char b)
{
    unsigned char sum;
    sum = a + b;            /* @add-body */
    return sum;
}

void bump(void)
{
    counter++;              /* @bump-body */
    hidden = counter;       /* @bump-hidden */
}

unsigned int work(unsigned char n, unsigned char m)
{
    unsigned char arr[3];
    unsigned int acc = 0;
    unsigned char k;
    for (k = 0; k < 3; k++) {
        arr[k] = n + k + m;  /* @work-loop */
        bump();
        acc += arr[k];
    }
    return acc;             /* @work-return */
}

void main(void)
{
    unsigned char i;
    ptr = buf;              /* @main-first */
    for (i = 0; i < 3; i++) {
        buf[i] = add(i, 10);
    }
    total = total + work(buf[1], 2);   /* @main-work */
    pt.x = 3;               /* @main-pt */
    pt.y = 1000;
    TMOD = 0x02;            /* timer 0 in mode 2: auto-reload */
    TR0 = 1;
    ET0 = 1;
    EA = 1;
    while (1) {
        bump();             /* @main-loop */
    }
}
