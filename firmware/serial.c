#include "serial.h"
#include "board.h"
#include "calendar.h"
#include "clock.h"
#include "ds1302.h"
#include "format.h"
#include "uart.h"
#if HAS_TEMPERATURE
#include "ds18b20.h"
#endif

static const char CODE err_syntax[] = "ERR SYNTAX";
static const char CODE err_range[] = "ERR RANGE";
static const char CODE err_busy[] = "ERR BUSY";
/* After T?'s time its ISO weekday (the digits start at offset 3), then the line end; the last two
 * bytes alone end other replies. */
static const char CODE weekday_line_end[] = " " ISO_WEEKDAY "\r\n";
#define LINE_END (weekday_line_end + sizeof weekday_line_end - 3)
/* Formats (format.h) that are also the templates of the set commands. */
static const char CODE time_text[] = "T=20" D_YEAR "-" D_MONTH "-" D_DAY " " D_HOUR ":" D_MINUTE ":" D_SECOND;
static const char CODE alarm_on_text[] = "A=" D_ALARM_HOUR ":" D_ALARM_MINUTE " ON";
static const char CODE alarm_off_text[] = "A=" D_ALARM_HOUR ":" D_ALARM_MINUTE " OFF";
#define ALARM_ON_LINE_LENGTH 10 /* "A=HH:MM ON" */
#define TIME_LINE_LENGTH 21     /* "T=YYYY-MM-DD HH:MM:SS" */

/* Matches the whole line (rx_len characters, at most RX_SIZE) against a format string used as a
 * template: a value code (>= 0x80) takes two decimal digits, any other byte itself. Returns 0
 * if the syntax differs. Sets out_of_range if a value is outside field_min/field_max of its
 * field, a day is beyond its month (year and month come just before it) or a literal digit
 * differs (the century). With store set, also writes the values to their fields. */
static const char CODE *template_text;
static BIT out_of_range;
static BIT store;
static uint8_t previous_value, last_value; /* year and month when the day comes */

#define is_digit(c) ((uint8_t)((c) - '0') <= 9)

static uint8_t match(void)
{
    uint8_t i = 0, k = 0, t, c; /* i: line, k: template */
    out_of_range = 0;
    while ((t = template_text[k++]) != 0) {
        c = rx_buf[i++];
        if (!(t & 0x80)) {
            if (c != t) {
                if (!is_digit(c) || !is_digit(t))
                    return 0;
                out_of_range = 1;
            }
            continue;
        }
        if (!is_digit(c) || !is_digit(rx_buf[i]))
            return 0;
        c = (uint8_t)(c - '0') * 10 + (uint8_t)(rx_buf[i++] - '0');
        t &= 0x1F;
        if (c < field_min[t] || c > field_max[t])
            out_of_range = 1;
        if (t == F_DAY && c > cal_days_in_month(previous_value, last_value))
            out_of_range = 1;
        previous_value = last_value;
        last_value = c;
        if (store)
            field[t] = c;
    }
    return i == rx_len;
}

/* Replies built by format(); hidden is cleared so nothing blinks away. */
static void reply(const char CODE *f)
{
    hidden = 0xFF;
    derive();
    to_serial = 1;
    format(f);
    to_serial = 0;
}

/* command()'s and serial_poll()'s state in fixed RAM: nothing to save around their calls. */
static BIT weekday_given;
#define c0 rx_buf[0]
static const char CODE *answer;

/* The reply to the line in rx_buf: a text, or for a query the format to print. */
static const char CODE *command(void)
{
    BIT query = rx_len == 2 && rx_buf[1] == '?';
    weekday_given = 0;
    if (query && c0 == 'V')
        return "V=Calendar51 " FIRMWARE_VERSION " " BOARD_NAME " " BOARD_CRYSTAL_TEXT;
#if HAS_TEMPERATURE
    if (query && c0 == 'C') {
        temp_serial(); /* C=+23.5 or C=NONE */
        return "";
    }
#endif
    if (c0 == 'T') {
        template_text = time_text;
        /* "T=... W": the weekday digit T? prints, so a reply can be sent back as it is */
        if (rx_len == TIME_LINE_LENGTH + 2 && rx_buf[TIME_LINE_LENGTH] == ' ') {
            weekday_given = 1;
            rx_len = TIME_LINE_LENGTH;
        }
    } else if (c0 == 'A')
        template_text = rx_len == ALARM_ON_LINE_LENGTH ? alarm_on_text : alarm_off_text;
    else
        return err_syntax;
    store = 0;
    if (!query && !match())
        return err_syntax;
    if (setting)
        return err_busy; /* field[] holds the edits */
    if (query) {
        if (c0 == 'A')
            return field[F_ALARM_ON] ? alarm_on_text : alarm_off_text;
        rtc_read();
        return time_text;
    }
    if (out_of_range)
        return err_range;
    store = 1;
    match(); /* the same line again, into the fields */
    if (c0 == 'T') {
        if (weekday_given) {
            cal_date();
            if (rx_buf[TIME_LINE_LENGTH + 1] != (weekday_line_end + 3)[field[CAL_WEEKDAY]]) /* the digit T? prints */
                return err_range; /* field[] gets the clock's date back at the next poll */
        }
        rtc_write();
        time_unset = 0;
    } else {
        field[F_ALARM_ON] = template_text == alarm_on_text;
        settings_save();
    }
    redraw = 1;
    return "OK";
}

void serial_poll(void)
{
    if (!line_ready)
        return;
    /* a line longer than rx_buf fails match() like any other syntax error */
    answer = "ERR CHAR";
    if (!rx_bad) {
        answer = "ERR LONG";
        if (rx_len <= SERIAL_MAX_LINE)
            answer = rx_len ? command() : 0;
    }
    for (;;) {
        if (answer) {
            reply(answer);
            reply(answer == time_text ? weekday_line_end : LINE_END);
        }
        /* then ERR BUSY for each line that ended while this one was answered, in order: nothing is
         * dropped without a word. Released last, so no later line can overtake them. */
        if (!lines_dropped)
            break;
        lines_dropped--;
        answer = err_busy;
    }
    uart_next_line();
}
