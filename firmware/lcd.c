#include "lcd.h"
#include "board.h"
#include "keys.h"

/* Poll the busy flag. Bounded: 256 polls of >= 7 machine cycles (>= 1.79 ms at 12 MHz) outlast
 * the slowest instruction (clear/home, 1.52 ms), so a missing or stuck LCD cannot hang us and
 * the wait still covers the execution time. */
static void lcd_wait_ready(void)
{
    uint8_t polls = 0;
    LCD_DATA = 0xFF; /* release the bus before the LCD may drive it */
    LCD_RS = 0;
    LCD_RW = 1;
    do {
        LCD_E = 1;
        if (!(LCD_DATA & 0x80)) { /* read while E is high: DB7 = BF */
            LCD_E = 0;
            break;
        }
        LCD_E = 0;
    } while (--polls);
    LCD_RW = 0;
}

/* One write cycle after lcd_wait_ready() (which leaves RS = 0, RW = 0). At 12T every
 * instruction is >= 1 µs, which meets tAS, PWEH and tDSW. */
static void lcd_strobe(uint8_t value)
{
    LCD_DATA = value;
    LCD_E = 1;
    LCD_E = 0;
}

void lcd_command(uint8_t command)
{
    lcd_wait_ready();
    lcd_strobe(command);
}

void lcd_char(char c)
{
    lcd_wait_ready();
    LCD_RS = 1;
    lcd_strobe(c);
}

/* Initialisation by instruction (hd44780.md §4). The three function-set writes go out before
 * the busy flag may be read, so they are spaced by timer ticks (>= 10 ms each). */
void lcd_init(void)
{
    uint8_t i;
    LCD_E = 0;
    LCD_RW = 0;
    LCD_RS = 0;
    sleep_ticks(5); /* > 40 ms after power-up */
    for (i = 3; i; i--) {
        lcd_strobe(0x38);
        sleep_ticks(2);
    }
    lcd_command(0x38); /* 8-bit, 2 lines, 5x8 */
    lcd_command(0x08); /* display off */
    lcd_command(0x01); /* clear */
    lcd_command(0x06); /* increment, no shift */
    lcd_command(0x0C); /* display on, no cursor */
}
