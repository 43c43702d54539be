/* UART driver: 8N1 at SERIAL_BAUD from timer 1, received bytes collected into one line (the
 * protocol in serial.c answers it), characters sent one at a time. */
#ifndef UART_H
#define UART_H

#include "compiler.h"

/* The longest valid command, "T=YYYY-MM-DD HH:MM:SS W", has 23 characters; longer lines are
 * only counted (to tell ERR LONG from ERR SYNTAX), not stored. */
#define RX_SIZE 23
#define SERIAL_MAX_LINE 32 /* longer lines: ERR LONG */

extern char DATA rx_buf[RX_SIZE];
extern volatile uint8_t rx_len;       /* characters in the line so far, saturates at 33 */
extern volatile BIT rx_bad;           /* framing error or control character in the line */
extern volatile BIT line_ready;       /* LF seen: until main has answered, bytes are not stored */
extern uint8_t lines_dropped;  /* lines that ended while line_ready; not volatile, so ++/-- are one atomic inc/dec */

void uart_start(void);
void uart_char(char c);     /* waits while the previous character is still being sent */

/* The line is taken: receive the next one. */
#define uart_next_line() (rx_len = 0, rx_bad = 0, line_ready = 0)

ISR_PROTO(uart_isr, 4);

#endif
