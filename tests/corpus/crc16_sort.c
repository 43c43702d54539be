// CRC-16/CCITT over a pseudo-random buffer, then an insertion sort of it, then the CRC of the
// sorted buffer. The differential suite runs one pass; built with -DBENCH_FOREVER it repeats
// forever and is the CPU-bound program of the speed comparison with s51 (tests/compare-s51.sh).
// diff-parts: all
#define LENGTH 64

__idata unsigned char buffer[LENGTH];
unsigned int crc_before, crc_after;
unsigned int passes;

static unsigned int crc16(const __idata unsigned char *p, unsigned char n)
{
    unsigned int crc = 0xFFFF;
    unsigned char bit;
    while (n--) {
        crc ^= (unsigned int)(*p++) << 8;
        for (bit = 0; bit < 8; bit++)
            crc = (crc & 0x8000) ? (crc << 1) ^ 0x1021 : crc << 1;
    }
    return crc;
}

static void sort(__idata unsigned char *p, unsigned char n)
{
    unsigned char i, j, v;
    for (i = 1; i < n; i++) {
        v = p[i];
        for (j = i; j > 0 && p[j - 1] > v; j--) p[j] = p[j - 1];
        p[j] = v;
    }
}

static void one_pass(unsigned int seed)
{
    unsigned char i;
    for (i = 0; i < LENGTH; i++) {
        seed = seed * 25173u + 13849u;
        buffer[i] = seed >> 8;
    }
    crc_before = crc16(buffer, LENGTH);
    sort(buffer, LENGTH);
    crc_after = crc16(buffer, LENGTH);
    passes++;
}

void main(void)
{
#ifdef BENCH_FOREVER
    for (;;) one_pass(passes);
#else
    one_pass(1);
    while (1);
#endif
}
