// Differential corpus: 8-bit signed and unsigned arithmetic (mul, div, mod, shifts, compare).
// diff-parts: all
static const unsigned char operands[] = { 0, 1, 2, 3, 7, 0x0F, 0x10, 0x55, 0x7F, 0x80, 0x81, 0xAA, 0xFE, 0xFF };
#define N (sizeof operands)

unsigned char umul, udiv, umod, ushl, ushr;
signed char smul, sdiv, smod, sshr;
unsigned char sums[8];
unsigned char compares;

void main(void)
{
    unsigned char i, j;
    for (i = 0; i < N; i++) {
        for (j = 0; j < N; j++) {
            unsigned char a = operands[i], b = operands[j];
            signed char sa = (signed char)a, sb = (signed char)b;
            umul += (unsigned char)(a * b);
            smul += (signed char)(sa * sb);
            if (b != 0) {
                udiv += a / b;
                umod += a % b;
                sdiv += sa / sb;
                smod += sa % sb;
            }
            ushl ^= a << (b & 7);
            ushr ^= a >> (b & 7);
            sshr ^= sa >> (b & 7);
            if (sa < sb) compares++;
            if (a < b) compares += 3;
        }
        sums[i & 7] += operands[i] + i;
    }
    while (1);
}
