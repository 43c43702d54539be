/* Prechin (普中) A2 / HC6800, the default board (shared/reference/boards.md §1).
 * LCD1602 8-bit on P0 (10 kΩ pull-ups), RS P2.6, RW P2.5, E P2.7; DS1302 IO P3.4, CE P3.5,
 * SCLK P3.6; keys K1-K4 on P3.1/P3.0/P3.2/P3.3 (to GND); buzzer P1.5, active low (PNP driver). */
#ifndef BOARD_H
#define BOARD_H

#define BOARD_NAME "prechin-a2"
#define BOARD_CRYSTAL_HZ 12000000UL
#define BOARD_CRYSTAL_TEXT "12000000"

#define LCD_DATA P0
SBIT(LCD_RS, PORT2, 6);
SBIT(LCD_RW, PORT2, 5);
SBIT(LCD_E, PORT2, 7);

SBIT(DS_IO, PORT3, 4);
SBIT(DS_CE, PORT3, 5);
SBIT(DS_SCLK, PORT3, 6);

SBIT(KEY_SET_PIN, PORT3, 1);  /* K1, shared with TXD */
SBIT(KEY_UP_PIN, PORT3, 0);   /* K2, shared with RXD */
SBIT(KEY_DOWN_PIN, PORT3, 2); /* K3 */
SBIT(KEY_VIEW_PIN, PORT3, 3); /* K4 */
#define BOARD_KEY_ON_TXD KEY_SET
#define BOARD_KEY_ON_RXD KEY_UP

/* DS18B20 thermometer, DQ with its 1-Wire pull-up (boards.md). */
#define BOARD_HAS_DS18B20 1
SBIT(DQ_PIN, PORT3, 7);

SBIT(BUZZER_PIN, PORT1, 5);
#define BUZZER_ON() (BUZZER_PIN = 0)
#define BUZZER_OFF() (BUZZER_PIN = 1)

/* Key code (KEY_* of keys.h) of the pressed key, 0 if none; lowest number wins. */
#define BOARD_SCAN_KEYS(code)      \
    do {                           \
        code = 0;                  \
        if (!KEY_VIEW_PIN) code = KEY_VIEW; \
        if (!KEY_DOWN_PIN) code = KEY_DOWN; \
        if (!KEY_UP_PIN) code = KEY_UP;     \
        if (!KEY_SET_PIN) code = KEY_SET;   \
    } while (0)

#endif
