/* The LCD1602 on a Prechin-wired board (data P0 with pull-ups, RS P2.6, RW P2.5, E P2.7), driven
 * the way kit code does: the whole byte written to P0, the busy flag polled through P0. Shared by
 * the test programs; kit_lcd.c keeps its own copy as the self-contained kit example. */
#ifndef PRECHIN_LCD_H
#define PRECHIN_LCD_H

#define LCD_RS P2_6
#define LCD_RW P2_5
#define LCD_E  P2_7

static void lcd_wait(void)
{
    LCD_E = 0;
    P0 = 0xFF;
    LCD_RS = 0; LCD_RW = 1;
    do { LCD_E = 1; } while ((P0 & 0x80) && (LCD_E = 0, 1));
    LCD_E = 0;
}

static void lcd_write(unsigned char rs, unsigned char value)
{
    lcd_wait();
    LCD_RW = 0; LCD_RS = rs;
    P0 = value;
    LCD_E = 1; LCD_E = 0;
}

#endif
