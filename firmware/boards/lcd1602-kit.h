/* The Taobao "LCD1602万年历" kit (shared/reference/boards.md §2, clock A of calendar.md §7).
 * LCD1602 8-bit on P0, RS P3.5, RW P3.6, E P3.4; DS1302 SCLK P1.0, IO P1.1, CE P1.2;
 * keys set/+/-/view on P3.0-P3.3 (to GND); buzzer P2.3, active low.
 * Crystal: 11.0592 MHz, the usual part on these kits (gives exact UART rates; the kit's own
 * documentation was not available, so this is a choice, not a verified fact). */
#ifndef BOARD_H
#define BOARD_H

#define BOARD_NAME "lcd1602-kit"
#define BOARD_CRYSTAL_HZ 11059200UL
#define BOARD_CRYSTAL_TEXT "11059200"

#define LCD_DATA P0
SBIT(LCD_RS, PORT3, 5);
SBIT(LCD_RW, PORT3, 6);
SBIT(LCD_E, PORT3, 4);

SBIT(DS_IO, PORT1, 1);
SBIT(DS_CE, PORT1, 2);
SBIT(DS_SCLK, PORT1, 0);

SBIT(KEY_SET_PIN, PORT3, 0);  /* shared with RXD */
SBIT(KEY_UP_PIN, PORT3, 1);   /* shared with TXD */
SBIT(KEY_DOWN_PIN, PORT3, 2);
SBIT(KEY_VIEW_PIN, PORT3, 3);
#define BOARD_KEY_ON_TXD KEY_UP
#define BOARD_KEY_ON_RXD KEY_SET

/* DS18B20 thermometer, DQ with its 1-Wire pull-up (boards.md). */
#define BOARD_HAS_DS18B20 1
SBIT(DQ_PIN, PORT3, 7);

SBIT(BUZZER_PIN, PORT2, 3);
#define BUZZER_ON() (BUZZER_PIN = 0)
#define BUZZER_OFF() (BUZZER_PIN = 1)

#define BOARD_SCAN_KEYS(code)      \
    do {                           \
        code = 0;                  \
        if (!KEY_VIEW_PIN) code = KEY_VIEW; \
        if (!KEY_DOWN_PIN) code = KEY_DOWN; \
        if (!KEY_UP_PIN) code = KEY_UP;     \
        if (!KEY_SET_PIN) code = KEY_SET;   \
    } while (0)

#endif
