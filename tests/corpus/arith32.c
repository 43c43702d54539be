// Differential corpus: 32-bit signed and unsigned arithmetic (mul, div, mod, shifts, compare).
// diff-parts: all
static const unsigned long operands[] = { 0, 1, 7, 0xFFUL, 0x10000UL, 0x12345678UL, 0x7FFFFFFFUL, 0x80000000UL, 0xDEADBEEFUL, 0xFFFFFFFFUL };
#define N (sizeof operands / sizeof operands[0])

unsigned long umul, udiv, umod, ushl, ushr;
long smul, sdiv, smod, sshr;
unsigned char compares;

void main(void)
{
    unsigned char i, j;
    for (i = 0; i < N; i++) {
        for (j = 0; j < N; j++) {
            unsigned long a = operands[i], b = operands[j];
            long sa = (long)a, sb = (long)b;
            umul += a * b;
            smul += sa * sb;
            if (b != 0) {
                udiv += a / b;
                umod += a % b;
                if (!(sa == (long)0x80000000UL && sb == -1)) {
                    sdiv += sa / sb;
                    smod += sa % sb;
                }
            }
            ushl ^= a << (unsigned char)(b & 31);
            ushr ^= a >> (unsigned char)(b & 31);
            sshr ^= sa >> (unsigned char)(b & 31);
            if (sa < sb) compares++;
            if (a < b) compares += 3;
        }
    }
    while (1);
}
