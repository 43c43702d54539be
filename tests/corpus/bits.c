// Differential corpus: __bit variables, sbit on port latches, bit logic and carry.
// diff-parts: all
#include <8051.h>

__bit flag_a, flag_b, flag_c;
unsigned char bit_count;
unsigned char pattern;
unsigned char bitbyte;

static __bit parity_of(unsigned char v)
{
    ACC = v;
    return P;
}

void main(void)
{
    unsigned char i;
    for (i = 0; i < 40; i++) {
        flag_a = (i & 1);
        flag_b = !flag_b;
        flag_c = flag_a ^ flag_b;
        if (flag_c) bit_count++;
        if (parity_of(i)) pattern = (pattern << 1) | 1; else pattern <<= 1;
        P1_3 = flag_a;
        P1_6 = !P1_6;
        bitbyte ^= (1 << (i & 7));
    }
    flag_a = P1_3 & P1_6;
    P2 = pattern;
    while (1);
}
