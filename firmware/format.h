/* One small interpreter formats every LCD line and every UART reply, so layouts live in byte
 * strings in code memory instead of call sequences. A format string holds:
 *   FMT_LINE2             (LCD only) moves to column 0 of line 2;
 *   FMT_BLANK             starts / ends a group printed as spaces while blank_group is set;
 *   other bytes < 0x80    printed as they are;
 *   0x80 + i              value i as two digits (two spaces while i == hidden);
 *   0xA0 + i, w << 4 | n, then n choices of w characters
 *                         the choice numbered by value i (w spaces while i == hidden).
 * Values: field[0..10], then the derived field[11..19] (clock.h, set by derive()). */
#ifndef FORMAT_H
#define FORMAT_H

#include "compiler.h"
#include "calendar.h"
#include "clock.h"


#define FMT_LINE2 "\x01"
#define FMT_LINE2_CODE 0x01
#define FMT_BLANK "\x02"
#define FMT_BLANK_CODE 0x02

/* Format pieces (kept as separate literals so a following hex digit cannot join an escape). */
#define D_YEAR "\x80"
#define D_MONTH "\x81"
#define D_DAY "\x82"
#define D_HOUR "\x83"
#define D_MINUTE "\x84"
#define D_ALARM_HOUR "\x86"
#define D_ALARM_MINUTE "\x87"
#define D_SECOND "\x8A"
#define D_HOUR_SHOWN "\x8B"
#define D_LUNAR_MONTH "\x8E"
#define D_LUNAR_DAY "\x8F"
#define D_LUNAR_CENTURY "\x91"
#define D_LUNAR_YEAR "\x92"
#define T_MODE12 "\xA5\x32" "24h12h"
#define T_ALARM_ON "\xA8\x32" "OFFON "
#define T_CHIME_ON "\xA9\x32" "OFFON "
#define M_ALARM_ON "\xA8\x12" " A"
#define M_CHIME_ON "\xA9\x12" " C"
#define M_AM_PM "\xAC\x13" " AP"
#define M_LUNAR_LEAP "\xB0\x12" " *"
#define WEEKDAY_NAME "\xAD\x37" "SunMonTueWedThuFriSat"
#define ISO_WEEKDAY "\xAD\x17" "7123456"

extern uint8_t hidden;             /* value blanked (blinking), 0xFF = none */
extern BIT to_serial;              /* output goes to the UART instead of the LCD */
extern BIT blank_group;            /* FMT_BLANK groups print as spaces (the blinking time) */

void format(const char CODE *f);
void emit(char c);

#endif
