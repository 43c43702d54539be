/* A stand-in for the clock firmware on a Prechin-wired board (12 MHz), small enough to read at a
 * glance, used by the scenario tests and the fast-forward benchmark: timer 0 interrupts every
 * 10 ms and the CPU idles in between; once a second it reads the DS1302 and writes
 * "20YY-MM-DD" / "HH:MM:SS" to the LCD. Also, for the scenario step kinds:
 *  - first boot with the DS1302 halted (CH set): sets 2025-01-01 00:00:00 and starts it;
 *  - DS1302 RAM byte 0 counts boots (battery-backed), shown as "B=n" at line 1 col 13;
 *  - K3 (P3.2) pressed counts presses, shown as "K=n" at line 2 col 13;
 *  - the buzzer (P1.5, active low) sounds while K4 (P3.3) is held;
 *  - serial 4800 baud 8N1: "T?" CR LF answers "T=HH:MM:SS" CR LF, any other line "ERR" CR LF. */
#include <8052.h>

#include "prechin_lcd.h"
#include "prechin_ds1302.h"

#define KEY_COUNT P3_2
#define KEY_BUZZ  P3_3
#define BUZZER  P1_5

static volatile unsigned char ticks;
static volatile unsigned char rx_line[8];
static volatile unsigned char rx_length;
static volatile __bit line_ready;
static unsigned char presses;
static __bit count_key_was_down;

static void lcd_bcd(unsigned char value)
{
    lcd_write(1, '0' + (value >> 4));
    lcd_write(1, '0' + (value & 15));
}

static void serial_send(unsigned char value)
{
    TI = 0;
    SBUF = value;
    while (!TI);
    TI = 0;
}

void timer0_isr(void) __interrupt(1)
{
    TH0 = 0xD8; TL0 = 0xF0;   /* 65536 - 10000 machine cycles = 10 ms at 12 MHz */
    ticks++;
}

void serial_isr(void) __interrupt(4)
{
    if (RI) {
        unsigned char value = SBUF;
        RI = 0;
        if (value == '\n') line_ready = 1;
        else if (value != '\r' && rx_length < sizeof rx_line) rx_line[rx_length++] = value;
    }
}

static void show_time(void)
{
    unsigned char seconds = ds_read(0x81) & 0x7F;
    lcd_write(0, 0x80);
    lcd_write(1, '2'); lcd_write(1, '0');
    lcd_bcd(ds_read(0x8D)); lcd_write(1, '-');
    lcd_bcd(ds_read(0x89)); lcd_write(1, '-');
    lcd_bcd(ds_read(0x87));
    lcd_write(0, 0xC0);
    lcd_bcd(ds_read(0x85)); lcd_write(1, ':');
    lcd_bcd(ds_read(0x83)); lcd_write(1, ':');
    lcd_bcd(seconds);
    lcd_write(0, 0xCD);
    lcd_write(1, 'K'); lcd_write(1, '='); lcd_write(1, '0' + presses % 10);
}

static void answer_line(void)
{
    ES = 0;                                        /* sending polls TI: keep the serial interrupt out */
    if (rx_length == 2 && rx_line[0] == 'T' && rx_line[1] == '?') {
        unsigned char hours = ds_read(0x85), minutes = ds_read(0x83), seconds = ds_read(0x81) & 0x7F;
        serial_send('T'); serial_send('=');
        serial_send('0' + (hours >> 4)); serial_send('0' + (hours & 15)); serial_send(':');
        serial_send('0' + (minutes >> 4)); serial_send('0' + (minutes & 15)); serial_send(':');
        serial_send('0' + (seconds >> 4)); serial_send('0' + (seconds & 15));
    } else {
        serial_send('E'); serial_send('R'); serial_send('R');
    }
    serial_send('\r'); serial_send('\n');
    rx_length = 0;
    line_ready = 0;
    ES = 1;
}

void main(void)
{
    unsigned char boots;
    DS_CE = 0; DS_SCLK = 0;
    ds_write(0x8E, 0x00);                          /* write protect off */
    if (ds_read(0x81) & 0x80) {                    /* clock halted: first boot */
        ds_write(0x8C, 0x25); ds_write(0x88, 0x01); ds_write(0x86, 0x01);
        ds_write(0x84, 0x00); ds_write(0x82, 0x00); ds_write(0x80, 0x00);
    }
    boots = ds_read(0xC1) + 1;
    ds_write(0xC0, boots);

    lcd_write(0, 0x38);
    lcd_write(0, 0x0C);
    lcd_write(0, 0x06);
    lcd_write(0, 0x01);
    lcd_write(0, 0x8D);
    lcd_write(1, 'B'); lcd_write(1, '='); lcd_write(1, '0' + boots % 10);

    TMOD = 0x21;                                   /* timer 1 mode 2 (baud), timer 0 mode 1 (ticks) */
    TH1 = 243; TL1 = 243; PCON |= 0x80;            /* 62500 / 13 = 4808 baud */
    SCON = 0x50;
    TR1 = 1;
    TH0 = 0xD8; TL0 = 0xF0;
    TR0 = 1;
    ET0 = 1; ES = 1; EA = 1;
    show_time();
    while (1) {
        PCON |= 0x01;                              /* idle until the next interrupt */
        if (line_ready) answer_line();
        BUZZER = KEY_BUZZ;                         /* K4 held (low) sounds the active-low buzzer */
        if (!KEY_COUNT && !count_key_was_down) presses++;
        count_key_was_down = !KEY_COUNT;
        if (ticks >= 100) {
            ticks -= 100;
            show_time();
        }
    }
}
