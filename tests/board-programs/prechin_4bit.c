/* LCD1602 started the way Prechin's 4-bit driver does it: every command as two writes of P0's high
 * nibble (the byte, then the byte shifted left by four), fixed delays instead of the busy flag, and
 * 0x32 then 0x28 to enter 4-bit mode (the 0x2 nibble changes DL, so the 0x28 that follows is the
 * function set that fixes N and F, as in the datasheet's Table 12). Unlike the original it waits
 * 20 ms first, so that it does not depend on how long the board's reset lasts. Written for the
 * issue 10 corpus; runs on prechin-a2, where DB0-DB3 also follow P0. */
#include <8052.h>
#include "results.h"

#define LCD_RS P2_6
#define LCD_RW P2_5
#define LCD_E  P2_7

static void delay_ms(unsigned int ms)         /* about 1 ms per count at 12 MHz */
{
    unsigned char i, j;
    while (ms--) for (j = 0; j < 4; j++) for (i = 0; i < 100; i++);
}

static void lcd_nibbles(unsigned char rs, unsigned char value)
{
    LCD_E = 0;
    LCD_RS = rs;
    LCD_RW = 0;
    P0 = value;
    delay_ms(1);
    LCD_E = 1;
    delay_ms(1);
    LCD_E = 0;
    P0 = value << 4;
    delay_ms(1);
    LCD_E = 1;
    delay_ms(1);
    LCD_E = 0;
}

void main(void)
{
    const char *text = "PRECHIN 4-BIT";
    delay_ms(20);
    lcd_nibbles(0, 0x32);
    lcd_nibbles(0, 0x28);
    lcd_nibbles(0, 0x0C);
    lcd_nibbles(0, 0x06);
    lcd_nibbles(0, 0x01);
    lcd_nibbles(0, 0x80);
    while (*text) lcd_nibbles(1, *text++);
    lcd_nibbles(0, 0xC0);
    text = "0x32 0x28";
    while (*text) lcd_nibbles(1, *text++);
    DONE_FLAG = DONE_VALUE;
    while (1);
}
