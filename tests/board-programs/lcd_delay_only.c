/* The LCD1602 driver style most copied in Chinese 51 tutorials, written here from its description
 * (no one's code copied): 8-bit bus on P0, RS P2.6, RW P2.5, E P2.7 (Prechin wiring), a fixed delay
 * of about 1 ms after every command and character, the busy flag never read, and no wait of its own
 * at start-up: main() sends the first function set as soon as the C start-up code has run. It works
 * on real boards because the MCU starts tens of milliseconds after the LCD has power (reset RC
 * network, STC bootloader). Ends in a self-jump. */
#include <8052.h>

#define LCD_RS P2_6
#define LCD_RW P2_5
#define LCD_E  P2_7

/* About 1 ms per count at 12 MHz with SDCC (the inner loop is one DJNZ: 2 machine cycles). */
static void delay_ms(unsigned char ms)
{
    unsigned char i, j;
    while (ms--)
        for (j = 0; j < 4; j++)
            for (i = 0; i < 125; i++)
                ;
}

static void lcd_command(unsigned char value)
{
    LCD_RS = 0; LCD_RW = 0;
    P0 = value;
    LCD_E = 1; LCD_E = 0;
    delay_ms(1);
}

static void lcd_data(unsigned char value)
{
    LCD_RS = 1; LCD_RW = 0;
    P0 = value;
    LCD_E = 1; LCD_E = 0;
    delay_ms(1);
}

void main(void)
{
    const char *text = "DELAY ONLY";
    lcd_command(0x38);   /* 8-bit, two lines, 5x8 */
    lcd_command(0x0C);   /* display on, no cursor */
    lcd_command(0x06);   /* increment, no shift */
    lcd_command(0x01);   /* clear: 1.52 ms, and the driver still waits only its 1 ms */
    delay_ms(1);
    while (*text) lcd_data(*text++);
    lcd_command(0xC0);
    lcd_data('O'); lcd_data('K');
    while (1);
}
