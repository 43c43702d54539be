// Differential corpus: generic, __data, __idata and __code pointers on parts without data memory for MOVX.
// diff-parts: all
__data unsigned char data_buffer[8];
__idata unsigned char idata_buffer[16];
__code const unsigned char code_table[8] = { 2, 7, 1, 8, 2, 8, 1, 8 };

unsigned char results[6];

static unsigned char sum_generic(const unsigned char *p, unsigned char n)
{
    unsigned char s = 0;
    while (n--) s = (unsigned char)((s << 1) | (s >> 7)) + *p++;
    return s;
}

void main(void)
{
    __data unsigned char *dp = data_buffer;
    __idata unsigned char *ip = idata_buffer;
    __code const unsigned char *cp = code_table;
    const unsigned char *generic;
    unsigned char i;

    for (i = 0; i < 8; i++) {
        dp[i] = cp[i] * 3;
        ip[i] = dp[i] + i;
        ip[15 - i] = ~ip[i];
    }
    results[0] = sum_generic(data_buffer, 8);
    results[1] = sum_generic(idata_buffer, 16);
    results[2] = sum_generic(code_table, 8);
    generic = (i & 1) ? code_table : idata_buffer;
    results[3] = generic[3];
    generic = data_buffer;
    results[4] = generic[5];
    results[5] = (unsigned char)(unsigned int)ip;
    while (1);
}
