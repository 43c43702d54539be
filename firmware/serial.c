#include "serial.h"
#include "board.h"
#include "calendar.h"
#include "clock.h"
#include "ds1302.h"
#include "format.h"
#include "keys.h"
#if HAS_TEMPERATURE
#include "ds18b20.h"
#endif

/* The longest valid command, "T=YYYY-MM-DD HH:MM:SS", has 21 characters; longer lines are
 * only counted (to tell ERR LONG from ERR SYNTAX), not stored. */
#define RX_SIZE 21

static char DATA rx_buf[RX_SIZE];
static volatile uint8_t rx_len; /* characters in the line so far, saturates at 33 */
static volatile BIT rx_bad;     /* framing error or control character in the line */
static volatile BIT line_ready; /* LF seen: main answers; the ISR drops bytes until then */
static volatile BIT tx_busy;

void serial_start(void)
{
    SCON = 0x50;   /* mode 1 (8N1), receiver on */
    PCON |= 0x80;  /* SMOD: double rate */
    TMOD = (TMOD & 0x0F) | 0x20; /* timer 1: 8-bit auto-reload baud generator */
    TH1 = (uint8_t)(256 - BOARD_CRYSTAL_HZ / 192 / SERIAL_BAUD);
    TL1 = TH1;
    TR1 = 1;
    ES = 1;
}

ISR(serial_isr, 4)
{
    char c;
    if (TI) {
        TI = 0;
        tx_busy = 0;
    }
    if (!RI)
        return;
    c = SBUF;
    serial_quiet = SERIAL_QUIET_TICKS;
    if (!line_ready) {
        if (rx_flush) {
            /* a key registered on RXD: drop the partial line it broke (the byte that arrives
             * now, after the guard time, starts a new line) */
            rx_flush = 0;
            rx_len = 0;
            rx_bad = 0;
        }
        if (rx_guard) {
            /* a key on RXD is held or just released: key bounce, never a command */
        } else if (!RB8) {
            rx_bad = 1; /* stop bit 0: framing error (SM2 = 0 still delivers the byte) */
        } else if (c == '\n') {
            line_ready = 1;
        } else if (c != '\r') {
            if (c < ' ' || c > '~')
                rx_bad = 1;
            if (rx_len < RX_SIZE)
                rx_buf[rx_len] = c;
            if (rx_len <= SERIAL_MAX_LINE)
                rx_len++;
        }
    }
    RI = 0;
}

void serial_char(char c)
{
    while (tx_busy)
        ; /* bounded by the UART: one character time */
    tx_busy = 1;
    serial_quiet = SERIAL_QUIET_TICKS; /* TXD low bits must not look like a key */
    SBUF = c;
}

static const char CODE err_syntax[] = "ERR SYNTAX";
static const char CODE err_range[] = "ERR RANGE";
static const char CODE err_busy[] = "ERR BUSY";
/* Formats (format.h) that are also the templates of the set commands. */
static const char CODE time_text[] = "T=20" D_YEAR "-" D_MONTH "-" D_DAY " " D_HOUR ":" D_MINUTE ":" D_SECOND;
static const char CODE alarm_on_text[] = "A=" D_ALARM_HOUR ":" D_ALARM_MINUTE " ON";
static const char CODE alarm_off_text[] = "A=" D_ALARM_HOUR ":" D_ALARM_MINUTE " OFF";
#define ALARM_ON_LINE_LENGTH 10 /* "A=HH:MM ON" */

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

static const char CODE *command(void)
{
    uint8_t c0 = rx_buf[0];
    BIT query = rx_len == 2 && rx_buf[1] == '?';
    if (query && c0 == 'V')
        return "V=Calendar51 " FIRMWARE_VERSION " " BOARD_NAME " " BOARD_CRYSTAL_TEXT;
#if HAS_TEMPERATURE
    if (query && c0 == 'C') {
        temp_serial(); /* C=+23.5 or C=NONE */
        return "";
    }
#endif
    if (c0 == 'T')
        template_text = time_text;
    else if (c0 == 'A')
        template_text = rx_len == ALARM_ON_LINE_LENGTH ? alarm_on_text : alarm_off_text;
    else
        return err_syntax;
    store = 0;
    if (!query && !match())
        return err_syntax;
    if (setting)
        return err_busy; /* field[] holds the edits */
    if (query) {
        if (c0 == 'A') {
            reply(field[F_ALARM_ON] ? alarm_on_text : alarm_off_text);
            return "";
        }
        rtc_read();
        reply(time_text);
        return " " ISO_WEEKDAY;
    }
    if (out_of_range)
        return err_range;
    store = 1;
    match(); /* the same line again, into the fields */
    if (c0 == 'T') {
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
    const char CODE *answer = 0;
    if (!line_ready)
        return;
    if (rx_bad)
        answer = "ERR CHAR";
    else if (rx_len > SERIAL_MAX_LINE)
        answer = "ERR LONG";
    else if (rx_len > RX_SIZE)
        answer = err_syntax;
    else if (rx_len)
        answer = command();
    if (answer) {
        reply(answer);
        reply("\r\n");
    }
    rx_len = 0;
    rx_bad = 0;
    line_ready = 0;
}
