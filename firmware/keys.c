#include "keys.h"
#include "board.h"

#define TICK_RELOAD (65536UL - BOARD_CRYSTAL_HZ / 12 / TICKS_PER_SECOND)

volatile uint8_t ticks;
volatile uint8_t key_event;
volatile uint8_t serial_quiet;
volatile uint8_t rx_guard;
volatile BIT rx_flush;

static uint8_t key_candidate; /* key seen on the last scan */
static uint8_t key_stable;    /* ticks it has been seen in a row (saturates) */

void tick_start(void)
{
    TMOD = (TMOD & 0xF0) | 0x01; /* timer 0: 16-bit, reloaded by the ISR */
    TH0 = (uint8_t)(TICK_RELOAD >> 8);
    TL0 = (uint8_t)TICK_RELOAD;
    ET0 = 1;
    TR0 = 1;
}

void sleep_ticks(uint8_t count)
{
    uint8_t start = ticks;
    while ((uint8_t)(ticks - start) < count)
        PCON |= 1; /* idle until the next interrupt */
}

uint8_t key_take(void)
{
    uint8_t key;
    EA = 0;
    key = key_event;
    key_event = 0;
    EA = 1;
    return key;
}

ISR(timer0_isr, 1)
{
    uint8_t key;

    TH0 = (uint8_t)(TICK_RELOAD >> 8);
    TL0 = (uint8_t)TICK_RELOAD;
    ticks++;
    if (serial_quiet)
        serial_quiet--;
    if (rx_guard)
        rx_guard--;

    BOARD_SCAN_KEYS(key);
    /* A low UART pin with a frame in flight is traffic, not a key: every frame ends within
     * 2.1 ms with an interrupt that sets serial_quiet, so a key on RXD/TXD only counts after
     * a full debounce time of low level with no frame at all. */
    if (serial_quiet && (key == BOARD_KEY_ON_RXD || key == BOARD_KEY_ON_TXD))
        key = 0;
    if (key != key_candidate) {
        key_candidate = key;
        key_stable = 0;
        return;
    }
    if (!key)
        return;
    if (key_stable != 255)
        key_stable++;
    if (key_stable >= KEY_DEBOUNCE_TICKS && key == BOARD_KEY_ON_RXD)
        rx_guard = RX_GUARD_TICKS;
    if (key_stable == KEY_DEBOUNCE_TICKS) {
        key_event = key;
        if (key == BOARD_KEY_ON_RXD)
            rx_flush = 1;
    } else if (key_stable == KEY_REPEAT_DELAY_TICKS && (key == KEY_UP || key == KEY_DOWN)) {
        key_event = key;
        key_stable = KEY_REPEAT_DELAY_TICKS - KEY_REPEAT_PERIOD_TICKS;
    }
}
