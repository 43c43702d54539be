// Differential corpus: software floating point (add, mul, div, conversions).
// diff-parts: all
float accumulator = 1.0f;
long truncated[6];
unsigned int scaled;

void main(void)
{
    unsigned char i;
    float x = 0.5f;
    for (i = 0; i < 6; i++) {
        accumulator = accumulator * 1.5f + x / (float)(i + 1);
        x = x - 0.125f * accumulator;
        truncated[i] = (long)(accumulator * 1000.0f);
    }
    scaled = (unsigned int)(accumulator < 0 ? -accumulator : accumulator);
    while (1);
}
