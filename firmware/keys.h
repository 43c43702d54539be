/* The 10 ms timer tick and the four keys: debounce, auto-repeat, and the rules that keep
 * UART traffic and key presses apart on boards where keys share RXD/TXD. */
#ifndef KEYS_H
#define KEYS_H

#include "compiler.h"

#define KEY_SET 1  /* K1 */
#define KEY_UP 2   /* K2 */
#define KEY_DOWN 3 /* K3 */
#define KEY_VIEW 4 /* K4 */

#define TICKS_PER_SECOND 100
/* A key counts after this many ticks of a stable level: 50 ms, far longer than the longest low
 * run in valid UART traffic (start bit + 8 zero bits = 1.9 ms at 4800 Bd). */
#define KEY_DEBOUNCE_TICKS 5
#define KEY_REPEAT_DELAY_TICKS 60  /* first repeat after 0.6 s */
#define KEY_REPEAT_PERIOD_TICKS 15 /* then 6.7 steps per second */
/* Keys on the UART pins are ignored this long after any received frame or sent byte. */
#define SERIAL_QUIET_TICKS 3
/* Bytes received while a key holds RXD low, and this long after, are discarded. */
#define RX_GUARD_TICKS 10

extern volatile uint8_t ticks;         /* +1 every 10 ms, wraps */
extern volatile uint8_t key_event;     /* KEY_* of a press or repeat; 0 = none; main clears */
extern volatile uint8_t serial_quiet;  /* set by the UART code, counts down per tick */
extern volatile uint8_t rx_guard;      /* nonzero: the UART must discard received bytes */
extern volatile BIT rx_flush;          /* a key pressed on RXD: drop the partial line */

void tick_start(void);
void sleep_ticks(uint8_t count); /* idles at least count - 1 full ticks */
uint8_t key_take(void);          /* next key event or 0 */

ISR_PROTO(timer0_isr, 1);

#endif
