/* 金沙滩 KST-51 (shared/reference/boards.md §2), 11.0592 MHz.
 * LCD1602 8-bit on P0, RS P1.0, RW P1.1, E P1.5; DS1302 SCLK P3.5, IO P3.4, CE P1.7;
 * buzzer P1.6 (driven as a level, active low). The LED decoder shares P1.0-P1.3; its enable
 * ENLED (P1.4) stays at its reset level 1 (never written here).
 * Keys: the board has a 4x4 matrix, KEY_IN_1-4 = P2.4-P2.7, KEY_OUT_1-4 = P2.3-P2.0 (no
 * independent keys). We use the four keys of column KEY_IN_4 (P2.7), which the book's example
 * keymap labels as arrows (unverified): KEY_OUT_1 up = K2 up, KEY_OUT_2 left = K1 set,
 * KEY_OUT_3 down = K3 down, KEY_OUT_4 right = K4 view. Each row is driven low in turn. */
#ifndef BOARD_H
#define BOARD_H

#define BOARD_NAME "kst-51"
#define BOARD_CRYSTAL_HZ 11059200UL
#define BOARD_CRYSTAL_TEXT "11059200"

#define LCD_DATA P0
SBIT(LCD_RS, PORT1, 0);
SBIT(LCD_RW, PORT1, 1);
SBIT(LCD_E, PORT1, 5);

SBIT(DS_IO, PORT3, 4);
SBIT(DS_CE, PORT1, 7);
SBIT(DS_SCLK, PORT3, 5);

SBIT(KEY_IN_4, PORT2, 7);
/* No key shares the UART pins on this board. */
#define BOARD_KEY_ON_TXD 0xFF
#define BOARD_KEY_ON_RXD 0xFF

/* DS18B20 thermometer, DQ with its 1-Wire pull-up (boards.md). */
#define BOARD_HAS_DS18B20 1
SBIT(DQ_PIN, PORT3, 2);

SBIT(BUZZER_PIN, PORT1, 6);
#define BUZZER_ON() (BUZZER_PIN = 0)
#define BUZZER_OFF() (BUZZER_PIN = 1)

/* Rows are driven low one at a time (P2.3..P2.0 = KEY_OUT_1..4), KEY_IN_4 read after a NOP. */
#define BOARD_SCAN_KEYS(code)                        \
    do {                                             \
        code = 0;                                    \
        P2 = 0xFE; NOP(); if (!KEY_IN_4) code = KEY_VIEW; \
        P2 = 0xFD; NOP(); if (!KEY_IN_4) code = KEY_DOWN; \
        P2 = 0xF7; NOP(); if (!KEY_IN_4) code = KEY_UP;   \
        P2 = 0xFB; NOP(); if (!KEY_IN_4) code = KEY_SET;  \
        P2 = 0xFF;                                   \
    } while (0)

#endif
