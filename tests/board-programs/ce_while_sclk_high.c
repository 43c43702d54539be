/* DS1302 in the style of much copied kit code, on a Prechin-wired board (IO P3.4, CE P3.5, SCLK
 * P3.6): each bit is written as SCLK low, IO, SCLK high, so SCLK is left high after every byte,
 * and a transfer starts with CE = 1 alone, so CE rises while SCLK is still high (and the very first
 * transfer starts with CE high since reset, without any rising edge). It reads seconds, minutes and
 * hours into RESULT(0xC0..0xC2) and shows them. Written for the issue 10 corpus. */
#include <8052.h>
#include "results.h"

#define DS_IO   P3_4
#define DS_CE   P3_5
#define DS_SCLK P3_6
#define LCD_RS P2_6
#define LCD_RW P2_5
#define LCD_E  P2_7

static void ds_put(unsigned char value)
{
    unsigned char i;
    for (i = 0; i < 8; i++) {
        DS_SCLK = 0;
        DS_IO = value & 1;
        value >>= 1;
        DS_SCLK = 1;
    }
}

static unsigned char ds_get(void)
{
    unsigned char i, value = 0;
    for (i = 0; i < 8; i++) {
        DS_SCLK = 0;
        value >>= 1;
        if (DS_IO) value |= 0x80;
        DS_SCLK = 1;
    }
    return value;
}

static unsigned char ds_read(unsigned char command)
{
    unsigned char value;
    DS_CE = 1;
    ds_put(command);
    value = ds_get();
    DS_CE = 0;
    return value;
}

static void delay_ms(unsigned char ms)         /* about 1 ms per count at 12 MHz */
{
    unsigned char i, j;
    while (ms--) for (j = 0; j < 4; j++) for (i = 0; i < 100; i++);
}

static void lcd_write(unsigned char rs, unsigned char value)
{
    LCD_RS = rs; LCD_RW = 0;
    P0 = value;
    LCD_E = 1; LCD_E = 0;
    delay_ms(2);                        /* longer than any instruction */
}

static void lcd_bcd(unsigned char value)
{
    lcd_write(1, '0' + (value >> 4));
    lcd_write(1, '0' + (value & 15));
}

void main(void)
{
    unsigned char i;
    for (i = 0; i < 3; i++) RESULT(0xC0 + i) = ds_read(0x81 + 2 * i);
    LCD_E = 0;
    delay_ms(20);                                  /* the LCD's power-on time */
    lcd_write(0, 0x38);
    lcd_write(0, 0x0C); lcd_write(0, 0x06); lcd_write(0, 0x01);
    lcd_bcd(RESULT(0xC2)); lcd_write(1, ':'); lcd_bcd(RESULT(0xC1)); lcd_write(1, ':'); lcd_bcd(RESULT(0xC0));
    DONE_FLAG = DONE_VALUE;
    while (1);
}
