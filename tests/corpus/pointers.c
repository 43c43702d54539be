// Differential corpus: every SDCC pointer kind (generic, __data, __idata, __xdata, __pdata, __code).
// diff-parts: 8051 8052 stc89c52rc
__data unsigned char data_buffer[8];
__idata unsigned char idata_buffer[8];
__xdata unsigned char xdata_buffer[8];
__pdata unsigned char pdata_buffer[8];
__code const unsigned char code_table[8] = { 3, 1, 4, 1, 5, 9, 2, 6 };

unsigned char results[8];

static unsigned char sum_generic(const unsigned char *p, unsigned char n)
{
    unsigned char s = 0;
    while (n--) s += *p++;
    return s;
}

void main(void)
{
    __data unsigned char *dp = data_buffer;
    __idata unsigned char *ip = idata_buffer;
    __xdata unsigned char *xp = xdata_buffer;
    __pdata unsigned char *pp = pdata_buffer;
    __code const unsigned char *cp = code_table;
    unsigned char i;

    for (i = 0; i < 8; i++) {
        dp[i] = cp[i] + 1;
        ip[i] = dp[i] * 2;
        xp[i] = ip[i] ^ 0x5A;
        pp[i] = xp[i] + i;
    }
    results[0] = sum_generic(data_buffer, 8);
    results[1] = sum_generic(idata_buffer, 8);
    results[2] = sum_generic(xdata_buffer, 8);
    results[3] = sum_generic(pdata_buffer, 8);
    results[4] = sum_generic(code_table, 8);
    results[5] = *(unsigned char *)&results[0] + *(__xdata unsigned char *)(xdata_buffer + 7);
    results[6] = (unsigned char)(unsigned int)xp + (unsigned char)(unsigned int)pp;
    for (i = 0; i < 8; i++) idata_buffer[i] = pdata_buffer[7 - i];
    results[7] = sum_generic(idata_buffer, 4);
    while (1);
}
