/* DS1302 and LCD work done inside a timer interrupt while the main loop also writes to the LCD,
 * a style seen in hobby clocks: timer 0 interrupts every 2 ms, reads the DS1302 seconds and writes
 * them at the start of line 2; the main loop keeps writing a counter to line 1. Nothing keeps the
 * interrupt out of the main loop's LCD transfers, so an interrupt between the main loop's "set
 * the address" and "write the digit" moves the address counter under it. Prechin wiring, 12 MHz.
 * Written for the issue 10 corpus: the tests pin what the screen and the diagnostics show. */
#include <8052.h>
#include "results.h"

#define DS_IO   P3_4
#define DS_CE   P3_5
#define DS_SCLK P3_6
#define LCD_RS P2_6
#define LCD_RW P2_5
#define LCD_E  P2_7

static void lcd_wait(void)
{
    P0 = 0xFF;
    LCD_RS = 0; LCD_RW = 1;
    do { LCD_E = 1; if (!(P0 & 0x80)) break; LCD_E = 0; } while (1);
    LCD_E = 0;
}

static void lcd_write(unsigned char rs, unsigned char value) __reentrant
{
    lcd_wait();
    LCD_RS = rs; LCD_RW = 0;
    P0 = value;
    LCD_E = 1; LCD_E = 0;
}

static unsigned char ds_read(unsigned char command)
{
    unsigned char i, value = 0;
    DS_CE = 0; DS_SCLK = 0; DS_CE = 1;
    for (i = 0; i < 8; i++) { DS_IO = command & 1; command >>= 1; DS_SCLK = 1; DS_SCLK = 0; }
    DS_IO = 1;
    for (i = 0; i < 8; i++) { value >>= 1; if (DS_IO) value |= 0x80; DS_SCLK = 1; DS_SCLK = 0; }
    DS_CE = 0;
    return value;
}

void timer0_isr(void) __interrupt(1)
{
    unsigned char seconds;
    TH0 = 0xF8; TL0 = 0x30;                 /* 65536 - 2000 machine cycles = 2 ms */
    seconds = ds_read(0x81) & 0x7F;
    lcd_write(0, 0xC0);
    lcd_write(1, '0' + (seconds >> 4));
    lcd_write(1, '0' + (seconds & 15));
    RESULT(0xC0)++;
}

void main(void)
{
    unsigned char count = 0;
    LCD_E = 0;
    DS_CE = 0;
    lcd_write(0, 0x38); lcd_write(0, 0x0C); lcd_write(0, 0x06); lcd_write(0, 0x01);
    TMOD = 0x01;
    TH0 = 0xF8; TL0 = 0x30;
    TR0 = 1; ET0 = 1; EA = 1;
    while (1) {
        lcd_write(0, 0x80);
        lcd_write(1, 'N');
        lcd_write(1, '0' + count / 100);
        lcd_write(1, '0' + count / 10 % 10);
        lcd_write(1, '0' + count % 10);
        count++;
        if (count == 200) DONE_FLAG = DONE_VALUE;
    }
}
