/* UART line protocol (8N1; 9600 Bd at 11.0592 MHz, 4800 Bd at 12 MHz; see README.md):
 * T?  T=YYYY-MM-DD HH:MM:SS  A?  A=HH:MM ON|OFF  V?  -> replies ending in CR LF. */
#ifndef SERIAL_H
#define SERIAL_H

#include "compiler.h"

#define FIRMWARE_VERSION "1.0"
#define SERIAL_MAX_LINE 32 /* longer lines: ERR LONG */

void serial_start(void);
void serial_poll(void); /* answers a completed line, if any */
void serial_char(char c); /* waits while the previous character is still being sent */

ISR_PROTO(serial_isr, 4);

#endif
