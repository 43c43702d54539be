/* A key tester for prechin-a2-wired boards (LCD as in kit_lcd.c; K1 P3.1, K2 P3.0, K3 P3.2,
 * K4 P3.3, active low). Line 1 shows which keys are down now ("KEYS 1-3-"), line 2 counts the
 * presses of each key, debounced by sampling every ~10 ms ("N 00 00 00 00"). */
#include <8052.h>

#include "prechin_lcd.h"

static void lcd_text(unsigned char address, __code const char *text)
{
    lcd_write(0, 0x80 | address);
    while (*text) lcd_write(1, *text++);
}

static void delay_10ms(void)
{
    unsigned int i;
    for (i = 0; i < 800; i++) ;
}

static unsigned char keys_down(void)
{
    unsigned char down = 0;
    if (!P3_1) down |= 1;
    if (!P3_0) down |= 2;
    if (!P3_2) down |= 4;
    if (!P3_3) down |= 8;
    return down;
}

void main(void)
{
    unsigned char counts[4] = { 0, 0, 0, 0 };
    unsigned char stable = 0, i;
    lcd_write(0, 0x38);
    lcd_write(0, 0x0C);
    lcd_write(0, 0x06);
    lcd_write(0, 0x01);
    lcd_text(0x00, "KEYS ----");
    lcd_text(0x40, "N 00 00 00 00");
    while (1)
    {
        unsigned char first = keys_down(), now;
        delay_10ms();
        now = keys_down();
        if (now != first || now == stable) continue;
        for (i = 0; i < 4; i++)
        {
            if ((now & (1 << i)) && !(stable & (1 << i)))
            {
                counts[i] = counts[i] == 99 ? 0 : counts[i] + 1;
                lcd_write(0, 0xC2 + 3 * i);
                lcd_write(1, '0' + counts[i] / 10);
                lcd_write(1, '0' + counts[i] % 10);
            }
            lcd_write(0, 0x85 + i);
            lcd_write(1, (now & (1 << i)) ? '1' + i : '-');
        }
        stable = now;
    }
}
