/* DS1302 read both ways people write it, on a Prechin-wired board (IO P3.4, CE P3.5, SCLK P3.6):
 * a clock burst (command BF, eight bytes in one CE window) and single-byte reads (81, 83, … 8D),
 * with the datasheet's edges (bits out before SCLK rises, sampled after it falls). The burst goes
 * to RESULT(0xC0..0xC7), the single reads to RESULT(0xC8..0xCE); the LCD shows the burst's date
 * and time. Written for the issue 10 corpus. */
#include <8052.h>
#include "results.h"

#define DS_IO   P3_4
#define DS_CE   P3_5
#define DS_SCLK P3_6
#define LCD_RS P2_6
#define LCD_RW P2_5
#define LCD_E  P2_7

static void ds_out(unsigned char value)
{
    unsigned char i;
    for (i = 0; i < 8; i++) {
        DS_IO = value & 1;
        value >>= 1;
        DS_SCLK = 1;
        DS_SCLK = 0;
    }
}

static unsigned char ds_in(void)
{
    unsigned char i, value = 0;
    DS_IO = 1;
    for (i = 0; i < 8; i++) {
        value >>= 1;
        if (DS_IO) value |= 0x80;
        DS_SCLK = 1;
        DS_SCLK = 0;
    }
    return value;
}

static unsigned char ds_read(unsigned char command)
{
    unsigned char value;
    DS_CE = 0; DS_SCLK = 0; DS_CE = 1;
    ds_out(command);
    value = ds_in();
    DS_CE = 0;
    return value;
}

static void lcd_wait(void)
{
    P0 = 0xFF;
    LCD_RS = 0; LCD_RW = 1;
    do { LCD_E = 1; if (!(P0 & 0x80)) break; LCD_E = 0; } while (1);
    LCD_E = 0;
}

static void lcd_write(unsigned char rs, unsigned char value)
{
    lcd_wait();
    LCD_RS = rs; LCD_RW = 0;
    P0 = value;
    LCD_E = 1; LCD_E = 0;
}

static void lcd_bcd(unsigned char value)
{
    lcd_write(1, '0' + (value >> 4));
    lcd_write(1, '0' + (value & 15));
}

void main(void)
{
    unsigned char i;
    LCD_E = 0;
    DS_CE = 0; DS_SCLK = 0; DS_CE = 1;
    ds_out(0xBF);
    for (i = 0; i < 8; i++) RESULT(0xC0 + i) = ds_in();
    DS_CE = 0;
    for (i = 0; i < 7; i++) RESULT(0xC8 + i) = ds_read(0x81 + 2 * i);

    lcd_write(0, 0x38); lcd_write(0, 0x0C); lcd_write(0, 0x06); lcd_write(0, 0x01);
    lcd_write(1, '2'); lcd_write(1, '0');
    lcd_bcd(RESULT(0xC6)); lcd_write(1, '-'); lcd_bcd(RESULT(0xC4)); lcd_write(1, '-'); lcd_bcd(RESULT(0xC3));
    lcd_write(0, 0xC0);
    lcd_bcd(RESULT(0xC2)); lcd_write(1, ':'); lcd_bcd(RESULT(0xC1)); lcd_write(1, ':'); lcd_bcd(RESULT(0xC0) & 0x7F);
    DONE_FLAG = DONE_VALUE;
    while (1);
}
