#include "serial.h"
#include "board.h"
#include "calendar.h"
#include "clock.h"
#include "ds1302.h"
#include "format.h"
#include "keys.h"

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
        if (rx_guard || rx_flush) {
            /* a key on RXD: what arrived is key bounce, never a command */
            rx_flush = 0;
            rx_len = 0;
            rx_bad = 0;
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

/* Template match of the whole line: '#' = decimal digit, anything else literal. Each pair of
 * digits becomes one value, stored in rx_buf[0], [1], ... (always behind the read position). */
static uint8_t match(const char CODE *template_text)
{
    uint8_t i = 0, values = 0, tens = 0;
    BIT second_digit = 0;
    char t, c;
    while ((t = template_text[i]) != 0) {
        if (i >= rx_len)
            return 0;
        c = rx_buf[i];
        if (t == '#') {
            if (c < '0' || c > '9')
                return 0;
            c -= '0';
            if (second_digit)
                rx_buf[values++] = tens * 10 + c;
            else
                tens = c;
            second_digit = !second_digit;
        } else if (c != t) {
            return 0;
        }
        i++;
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

/* T=: values in rx_buf: century, year, month, day, hour, minute, second. */
static const char CODE *set_time(void)
{
    uint8_t i;
    if (rx_buf[0] != 20 || rx_buf[6] > 59 ||
        rx_buf[3] > cal_days_in_month(rx_buf[1], rx_buf[2]))
        return "ERR RANGE";
    for (i = 0; i < F_MODE12; i++)
        if (rx_buf[i + 1] < field_min[i] || rx_buf[i + 1] > field_max[i])
            return "ERR RANGE";
    for (i = 0; i < F_MODE12; i++)
        field[i] = rx_buf[i + 1];
    field[F_SECOND] = rx_buf[6];
    rtc_write();
    time_unset = 0;
    return "OK";
}

/* A=: values hour, minute; on = the line is the 10-character "... ON" form. */
static const char CODE *set_alarm(void)
{
    if (rx_buf[0] > 23 || rx_buf[1] > 59)
        return "ERR RANGE";
    field[F_ALARM_HOUR] = rx_buf[0];
    field[F_ALARM_MINUTE] = rx_buf[1];
    field[F_ALARM_ON] = rx_len == 10;
    settings_save();
    return "OK";
}

static const char CODE *command(void)
{
    char c0 = rx_buf[0];
    if (rx_len == 2 && rx_buf[1] == '?') {
        if (c0 == 'V')
            return "V=Calendar51 " FIRMWARE_VERSION " " BOARD_NAME " " BOARD_CRYSTAL_TEXT;
        if (c0 != 'T' && c0 != 'A')
            return "ERR SYNTAX";
        if (setting)
            return "ERR BUSY";
        if (c0 == 'A') {
            reply("A=" D_ALARM_HOUR ":" D_ALARM_MINUTE);
            return field[F_ALARM_ON] ? " ON" : " OFF";
        }
        rtc_read();
        reply("T=20" D_YEAR "-" D_MONTH "-" D_DAY " " D_HOUR ":" D_MINUTE ":" D_SECOND " " ISO_WEEKDAY);
        return "";
    }
    if (c0 == 'T' && match("T=####-##-## ##:##:##"))
        return setting ? "ERR BUSY" : set_time();
    if (c0 == 'A' && match(rx_len == 10 ? "A=##:## ON" : "A=##:## OFF"))
        return setting ? "ERR BUSY" : set_alarm();
    return "ERR SYNTAX";
}

void serial_poll(void)
{
    if (!line_ready)
        return;
    if (rx_bad)
        reply("ERR CHAR\r\n");
    else if (rx_len > SERIAL_MAX_LINE)
        reply("ERR LONG\r\n");
    else if (rx_len > RX_SIZE)
        reply("ERR SYNTAX\r\n");
    else if (rx_len) {
        reply(command());
        reply("\r\n");
    }
    rx_len = 0;
    rx_bad = 0;
    line_ready = 0;
}
