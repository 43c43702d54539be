/* The classic kit way of driving an LCD1602 on a Prechin-wired board: the whole byte written to
 * P0 (open drain, pulled up by the board's resistor network), RS P2.6, RW P2.5, E P2.7, the busy
 * flag polled through P0. Then the time read from the DS1302 (IO P3.4, CE P3.5, SCLK P3.6) in
 * the datasheet's way (drive IO only while writing, sample after each falling edge). */
#include <8052.h>

#define LCD_RS P2_6
#define LCD_RW P2_5
#define LCD_E  P2_7
#define DS_IO   P3_4
#define DS_CE   P3_5
#define DS_SCLK P3_6

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

static void ds_write_byte(unsigned char value)
{
    unsigned char i;
    for (i = 0; i < 8; i++) { DS_IO = value & 1; DS_SCLK = 1; value >>= 1; DS_SCLK = 0; }
}

static unsigned char ds_read(unsigned char command)
{
    unsigned char i, value = 0;
    DS_CE = 1;
    ds_write_byte(command);
    DS_IO = 1;                       /* release the line: the chip drives it after falling edges */
    for (i = 0; i < 8; i++) { value >>= 1; if (DS_IO) value |= 0x80; DS_SCLK = 1; DS_SCLK = 0; }
    DS_CE = 0;
    return value;
}

static void lcd_hex(unsigned char value)
{
    static __code const char digits[] = "0123456789ABCDEF";
    lcd_write(1, digits[value >> 4]);
    lcd_write(1, digits[value & 15]);
}

void main(void)
{
    const char *text = "HELLO, 51!";
    DS_CE = 0; DS_SCLK = 0;
    lcd_write(0, 0x38);
    lcd_write(0, 0x0C);
    lcd_write(0, 0x06);
    lcd_write(0, 0x01);
    while (*text) lcd_write(1, *text++);
    lcd_write(0, 0xC0);
    lcd_hex(ds_read(0x85));
    lcd_write(1, ':');
    lcd_hex(ds_read(0x83));
    lcd_write(1, ':');
    lcd_hex(ds_read(0x81));
    while (1);
}
