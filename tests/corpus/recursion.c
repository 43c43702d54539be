// Differential corpus: reentrant recursion on the hardware stack (--stack-auto).
// diff-parts: all
// sdcc-options: --stack-auto
unsigned int fib_result;
unsigned int ackermann_result;
unsigned char depth_max;
unsigned char depth;

static unsigned int fib(unsigned char n) __reentrant
{
    unsigned int r;
    depth++;
    if (depth > depth_max) depth_max = depth;
    r = n < 2 ? n : fib(n - 1) + fib(n - 2);
    depth--;
    return r;
}

static unsigned int ackermann(unsigned char m, unsigned int n) __reentrant
{
    if (m == 0) return n + 1;
    if (n == 0) return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

void main(void)
{
    fib_result = fib(10);
    ackermann_result = ackermann(2, 2);
    while (1);
}
