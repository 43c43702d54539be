// Differential corpus: dense switch (jump table), sparse switch (compare chain) and function pointers.
// diff-parts: all
unsigned char dense_hits[10];
unsigned int sparse_sum;
unsigned char via_pointer;

static unsigned char twice(unsigned char x) { return x << 1; }
static unsigned char thrice(unsigned char x) { return x * 3; }
static unsigned char (*const operations[2])(unsigned char) = { twice, thrice };

void main(void)
{
    unsigned char i;
    for (i = 0; i < 60; i++) {
        switch (i % 12) {
        case 0: dense_hits[0]++; break;
        case 1: dense_hits[1] += 2; break;
        case 2: dense_hits[2] += 3; break;
        case 3: dense_hits[3] ^= i; break;
        case 4: dense_hits[4] = i; break;
        case 5: dense_hits[5]--; break;
        case 6: dense_hits[6] += i; break;
        case 7: dense_hits[7] |= i; break;
        case 8: dense_hits[8] = ~dense_hits[8]; break;
        case 9: dense_hits[9] += 9; break;
        default: break;
        }
        switch (i * 7) {
        case 14: sparse_sum += 1; break;
        case 49: sparse_sum += 100; break;
        case 203: sparse_sum += 1000; break;
        case 399: sparse_sum += 5; break;
        default: sparse_sum += 2; break;
        }
        via_pointer += operations[i & 1](i);
    }
    while (1);
}
