/* UART line protocol (8N1; 9600 Bd at 11.0592 MHz, 4800 Bd at 12 MHz; see README.md):
 * T?  T=YYYY-MM-DD HH:MM:SS [W]  A?  A=HH:MM ON|OFF  V?  -> replies ending in CR LF. */
#ifndef SERIAL_H
#define SERIAL_H

#define FIRMWARE_VERSION "1.1"

void serial_poll(void); /* answers a completed line, if any, and any line lost meanwhile */

#endif
