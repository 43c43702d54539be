#include "format.h"
#include "calendar.h"
#include "clock.h"
#include "lcd.h"
#include "uart.h"

uint8_t hidden;
BIT to_serial;
BIT blank_group;
static BIT blanking;

void emit(char c)
{
    if (blanking)
        c = ' ';
    if (to_serial)
        uart_char(c);
    else
        lcd_char(c);
}

/* Working state kept in fixed RAM rather than registers: SDCC would otherwise save and restore
 * every live register around each emit() call, which costs more code than it saves. */
static const char CODE *cursor;
static const char CODE *choice;
static uint8_t code_value;
static uint8_t width;

static void emit_unless_hidden(char c)
{
    emit(code_value == hidden ? ' ' : c);
}

void format(const char CODE *f)
{
    uint8_t c, v;

    cursor = f;
    blanking = 0;
    while ((c = *cursor++) != 0) {
        if (!(c & 0x80)) {
            if (c == FMT_LINE2_CODE)
                lcd_command(LCD_LINE2);
            else if (c == FMT_BLANK_CODE)
                blanking ^= blank_group;
            else
                emit(c);
            continue;
        }
        code_value = c & 0x1F;
        v = field[code_value];
        if (c < 0xA0) {
            v = cal_bcd(v);
            width = v;
            emit_unless_hidden('0' + (width >> 4));
            emit_unless_hidden('0' + (width & 0x0F));
            continue;
        }
        width = *cursor >> 4;
        c = *cursor++ & 0x0F; /* number of choices */
        choice = cursor + (uint8_t)(v * width);
        cursor += (uint8_t)(c * width);
        for (; width; width--)
            emit_unless_hidden(*choice++);
    }
}
