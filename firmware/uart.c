#include "uart.h"
#include "board.h"
#include "keys.h"

char DATA rx_buf[RX_SIZE];
volatile uint8_t rx_len;
volatile BIT rx_bad;
volatile BIT line_ready;
uint8_t lines_dropped;
static volatile BIT tx_busy;

void uart_start(void)
{
    SCON = 0x50;   /* mode 1 (8N1), receiver on */
    PCON |= 0x80;  /* SMOD: double rate */
    TMOD = (TMOD & 0x0F) | 0x20; /* timer 1: 8-bit auto-reload baud generator */
    TH1 = (uint8_t)(256 - BOARD_CRYSTAL_HZ / 192 / SERIAL_BAUD);
    TL1 = TH1;
    TR1 = 1;
    ES = 1;
}

ISR(uart_isr, 4)
{
    char c;
    if (TI) {
        TI = 0;
        tx_busy = 0;
    }
    if (!RI)
        return;
    c = SBUF;
    serial_quiet = SERIAL_QUIET_TICKS;
    if (line_ready) {
        /* main is still answering the last line: this byte is lost, but not silently (the
         * protocol answers ERR BUSY for each line that ends meanwhile) */
        if (c == '\n')
            lines_dropped++;
    } else {
        if (rx_flush) {
            /* a key registered on RXD: drop the partial line it broke (the byte that arrives
             * now, after the guard time, starts a new line) */
            rx_flush = 0;
            rx_len = 0;
            rx_bad = 0;
        }
        if (rx_guard) {
            /* a key on RXD is held or just released: key bounce, never a command */
        } else if (!RB8) {
            rx_bad = 1; /* stop bit 0: framing error (SM2 = 0 still delivers the byte) */
        } else if (c == '\n') {
            line_ready = 1;
        } else if (c != '\r') {
            if (c < ' ' || c > '~')
                rx_bad = 1;
            if (rx_len < RX_SIZE)
                rx_buf[rx_len] = c;
            if (rx_len <= SERIAL_MAX_LINE)
                rx_len++;
        }
    }
    RI = 0;
}

void uart_char(char c)
{
    while (tx_busy)
        ; /* bounded by the UART: one character time */
    tx_busy = 1;
    serial_quiet = SERIAL_QUIET_TICKS; /* TXD low bits must not look like a key */
    SBUF = c;
}
