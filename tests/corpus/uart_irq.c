// Differential corpus: UART transmit driven by TI interrupts: mode 1 with Timer 1 baud rate
// (SMOD set), then mode 2, then mode 0; the cycle of each TI shows in the final timer state.
// diff-parts: all
#include <8051.h>

static const char message[] = "Hi51";
volatile unsigned char sent;
volatile unsigned char position;
unsigned char mode_done[3];
unsigned int waits;

void serial_isr(void) __interrupt(4)
{
    if (TI) {
        TI = 0;
        sent++;
        if (message[position] != 0) SBUF = message[position++];
    }
}

static void send_all(void)
{
    position = 1;
    SBUF = message[0];
    while (sent < sizeof message - 1) waits++;
}

void main(void)
{
    TMOD = 0x20;            /* Timer 1 mode 2 for the baud rate */
    TH1 = 0xFD; TL1 = 0xFD;
    PCON |= 0x80;           /* SMOD */
    TR1 = 1;
    SCON = 0x40;            /* mode 1 */
    ES = 1; EA = 1;
    send_all();
    mode_done[0] = sent;

    sent = 0;
    SCON = 0x80;            /* mode 2 */
    send_all();
    mode_done[1] = sent;

    sent = 0;
    SCON = 0x00;            /* mode 0 */
    send_all();
    mode_done[2] = sent;
    EA = 0;
    TR1 = 0;
    while (1);
}
