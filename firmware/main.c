/* Calendar51: main loop, screens and the setting mode. */
#include "compiler.h"
#include "alarm.h"
#include "board.h"
#include "calendar.h"
#include "clock.h"
#include "ds1302.h"
#if HAS_TEMPERATURE
#include "ds18b20.h"
#endif
#include "format.h"
#include "keys.h"
#include "lcd.h"
#include "serial.h"
#include "uart.h"

#define NOTHING_HIDDEN 0xFF
#define INFO_SECONDS 5
#define REFRESH_TICKS 10 /* look at the DS1302 every 100 ms (and at once after a key) */

uint8_t field[VALUE_COUNT];
const uint8_t CODE field_min[FIELD_COUNT] = {0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0};
const uint8_t CODE field_max[FIELD_COUNT] = {99, 12, 31, 23, 59, 1, 23, 59, 1, 1, 59};
BIT redraw;
BIT time_unset;
BIT setting;

static uint8_t set_field;     /* field being set (while setting) */
static BIT time_changed;      /* a date/time field was changed in this setting session */
static uint8_t mode_at_entry; /* 12/24 h flag when the setting mode was entered */
static uint8_t info_seconds;  /* > 0: the info page is shown */
static uint8_t last_second;

/* Screens (format.h). Main: "2025-04-28 Mon  " / "12:34:56  L04-01"; until set after a cold
 * start the whole time blinks. */
static const char CODE main_screen[] =
    "20" D_YEAR "-" D_MONTH "-" D_DAY " " WEEKDAY_NAME M_ALARM_ON M_CHIME_ON FMT_LINE2
    FMT_BLANK D_HOUR_SHOWN ":" D_MINUTE ":" D_SECOND FMT_BLANK M_AM_PM M_LUNAR_LEAP "L" D_LUNAR_MONTH "-" D_LUNAR_DAY;
/* Setting mode after the date and time: "Alarm 07:00 OFF " / "Chime OFF   24h " */
static const char CODE settings_screen[] = "Alarm " D_ALARM_HOUR ":" D_ALARM_MINUTE " " T_ALARM_ON " " FMT_LINE2
    "Chime " T_CHIME_ON "   " T_MODE12 " ";
#if HAS_TEMPERATURE
/* K4's temperature view: the main screen with the temperature in columns 10-15 of line 2,
 * "12:34:56  +23.5C" (temp_lcd() adds it) */
static const char CODE temperature_screen[] =
    "20" D_YEAR "-" D_MONTH "-" D_DAY " " WEEKDAY_NAME M_ALARM_ON M_CHIME_ON FMT_LINE2
    FMT_BLANK D_HOUR_SHOWN ":" D_MINUTE ":" D_SECOND FMT_BLANK M_AM_PM " ";
#endif
/* K4: "Lunar year 2025 " / the solar-term name on a term day, else blank */
static const char CODE info_screen[] = "Lunar year " D_LUNAR_CENTURY D_LUNAR_YEAR " " FMT_LINE2;

/* Second line of the info page: the solar-term name, padded with spaces. Entry 0 of
 * solar_term_names is empty (no term); the table is < 256 bytes, so a byte indexes it. */
static void show_solar_term(void)
{
    uint8_t term_at = 0, term_count;
    char c;
    for (term_count = field[CAL_TERM]; term_count; term_count--)
        while (solar_term_names[term_at++])
            ;
    for (term_count = 16; term_count; term_count--) {
        c = solar_term_names[term_at];
        if (c)
            term_at++;
        else
            c = ' ';
        emit(c);
    }
}

static void show(void)
{
    const char CODE *screen;
    uint8_t blink_off = ticks & 0x20; /* 320 ms off, 320 ms on */

    hidden = NOTHING_HIDDEN;
    if (setting && blink_off)
        hidden = set_field == F_HOUR ? V_HOUR_SHOWN : set_field;
    blank_group = !setting && time_unset && blink_off;
    derive();
    screen = main_screen;
    if (setting && set_field >= F_MODE12)
        screen = settings_screen;
    else if (info_seconds)
        screen = info_screen;
#if HAS_TEMPERATURE
    else if (temperature_view && !setting)
        screen = temperature_screen;
#endif
    lcd_command(LCD_LINE1);
    format(screen);
    if (screen == info_screen)
        show_solar_term();
#if HAS_TEMPERATURE
    if (screen == temperature_screen)
        temp_lcd();
#endif
}

static uint8_t month_days; /* length of the month being set */

static void clamp_day(void)
{
    month_days = cal_days_in_month(field[F_YEAR], field[F_MONTH]);
    if (field[F_DAY] > month_days)
        field[F_DAY] = month_days; /* 31 -> 30/29/28 when the month or year changes */
}

static void change_field(uint8_t up)
{
    uint8_t f = set_field;
    uint8_t value = field[f];
    uint8_t min = field_min[f];
    uint8_t max = field_max[f];
    if (f == F_DAY)
        max = month_days; /* clamp_day() ran after the last change */
    if (up)
        value = value >= max ? min : value + 1;
    else
        value = value <= min ? max : value - 1;
    field[f] = value;
    if (f < F_MODE12)
        time_changed = 1;
    clamp_day();
}

static void leave_setting(void)
{
    uint8_t mode12 = field[F_MODE12];
    setting = 0;
    if (time_changed) {
        field[F_SECOND] = 0;
        rtc_write();
    } else if (mode12 != mode_at_entry) {
        rtc_read(); /* the time ran on while the fields were shown: keep it */
        field[F_MODE12] = mode12;
        rtc_write_hour();
    }
    time_unset = 0;
    settings_save();
}

static void handle_key(uint8_t key)
{
    if (alarm_stop())
        return; /* any key silences the alarm and does nothing else */
    if (setting) {
        if (key == KEY_SET) {
            if (++set_field == SETTABLE_FIELDS)
                leave_setting();
        } else if (key != KEY_VIEW) {
            change_field(key == KEY_UP);
        }
    } else if (key == KEY_SET) {
        setting = 1;
        set_field = 0;
        clamp_day(); /* sets month_days */
        time_changed = 0;
        mode_at_entry = field[F_MODE12];
        info_seconds = 0;
    } else if (key == KEY_VIEW) {
#if HAS_TEMPERATURE
        /* lunar date -> temperature -> info page -> lunar date; the view is saved */
        if (info_seconds) {
            info_seconds = 0;
        } else {
            if (temperature_view)
                info_seconds = INFO_SECONDS;
            temperature_view = !temperature_view;
            settings_save();
        }
#else
        info_seconds = info_seconds ? 0 : INFO_SECONDS;
#endif
    }
}

#ifndef AT89C51_IMAGE
static uint8_t last_seconds_register;
#endif

/* Once per refresh: take the time from the DS1302 (not while setting) and act on a new second.
 * Returns nonzero on a new second. The 8 KB images look at the seconds register alone first and
 * burst-read the time only when it changed: a sixth of the DS1302 traffic, so the CPU idles longer
 * (the AT89C51 image has no room for it and reads the burst every time). */
static uint8_t poll_clock(void)
{
#ifndef AT89C51_IMAGE
    uint8_t seconds;
    if (setting || (seconds = rtc_seconds_register()) == last_seconds_register)
        return 0;
    last_seconds_register = seconds;
#endif
    if (setting || !rtc_read() || field[F_SECOND] == last_second)
        return 0;
    last_second = field[F_SECOND];
    alarm_new_second();
    if (info_seconds)
        info_seconds--;
    return 1;
}

/* main's state in fixed RAM: nothing to save around its calls */
static uint8_t last_tick, refresh, key;

void main(void)
{
    tick_start();
    uart_start();
    EA = 1;
    ds_init();
    lcd_init();
    if (!rtc_read()) {
        /* halted or never set (or garbage): start at 2025-01-01 00:00:00, 24 h */
        field[F_YEAR] = 25;
        field[F_MONTH] = 1;
        field[F_DAY] = 1;
        rtc_write();
        time_unset = 1;
    }
    if (!settings_load()) {
        field[F_ALARM_HOUR] = 7;
        field[F_ALARM_MINUTE] = 0;
        field[F_ALARM_ON] = 0;
        field[F_CHIME_ON] = 0;
    }
    last_second = field[F_SECOND];
    last_tick = ticks;
    show();

    for (;;) {
        PCON |= 1; /* idle until the next tick or UART interrupt */
        serial_poll();
        if (ticks == last_tick)
            continue;
        last_tick = ticks;
        alarm_tick();
#if HAS_TEMPERATURE
        temp_tick();
#endif
        key = key_take();
        if (key)
            handle_key(key);
        if (key || ++refresh >= REFRESH_TICKS) {
            refresh = 0;
            /* The screen changes only on a new second, a key or while something blinks: redrawing
             * less keeps the CPU idle (less power on a real board, faster fast-forward here). */
            if (poll_clock() || key || setting || time_unset || redraw) {
                redraw = 0;
                show();
            }
        }
    }
}
