/* LCD1602 on a Prechin-wired board (data P0, RS P2.6, RW P2.5, E P2.7) with a busy check in a style
 * found in hobby code: E is pulsed until the busy flag reads 0 and left high, and P0 is never set
 * to FF before reading, so after the first write the busy flag is read through the last byte
 * written: bit 7 of that byte is 0 for text and most commands, the check passes at once and the
 * next write lands while the LCD is still busy. Written for the issue 10 corpus; what it shows is
 * pinned in CorpusProgramTests. */
#include <8052.h>
#include "results.h"

#define LCD_RS P2_6
#define LCD_RW P2_5
#define LCD_E  P2_7

static void lcd_busy(void)
{
    LCD_RS = 0;
    LCD_RW = 1;
    do {
        LCD_E = 0;
        LCD_E = 1;
    } while (P0 & 0x80);
}

static void lcd_write(unsigned char rs, unsigned char value)
{
    lcd_busy();
    LCD_RS = rs;
    LCD_RW = 0;
    P0 = value;
    LCD_E = 1;
    LCD_E = 0;
}

static void lcd_text(const char *text)
{
    while (*text) lcd_write(1, *text++);
}

void main(void)
{
    lcd_write(0, 0x38);
    lcd_write(0, 0x0C);
    lcd_write(0, 0x06);
    lcd_write(0, 0x01);
    lcd_write(0, 0x80);
    lcd_text("BUSY E HIGH");
    lcd_write(0, 0xC0);
    lcd_text("line two");
    DONE_FLAG = DONE_VALUE;
    while (1);
}
