// Differential corpus: 16-bit signed and unsigned arithmetic (mul, div, mod, shifts, compare).
// diff-parts: all
static const unsigned int operands[] = { 0, 1, 3, 0x00FF, 0x0100, 0x1234, 0x7FFF, 0x8000, 0x8001, 0xABCD, 0xFFFE, 0xFFFF };
#define N (sizeof operands / sizeof operands[0])

unsigned int umul, udiv, umod, ushl, ushr;
int smul, sdiv, smod, sshr;
unsigned char compares;

void main(void)
{
    unsigned char i, j;
    for (i = 0; i < N; i++) {
        for (j = 0; j < N; j++) {
            unsigned int a = operands[i], b = operands[j];
            int sa = (int)a, sb = (int)b;
            umul += a * b;
            smul += sa * sb;
            if (b != 0) {
                udiv += a / b;
                umod += a % b;
                if (!(sa == -32768 && sb == -1)) {
                    sdiv += sa / sb;
                    smod += sa % sb;
                }
            }
            ushl ^= a << (b & 15);
            ushr ^= a >> (b & 15);
            sshr ^= sa >> (b & 15);
            if (sa < sb) compares++;
            if (a < b) compares += 3;
        }
    }
    while (1);
}
