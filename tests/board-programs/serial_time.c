/* Serial at 4800 baud 8N1 on a 12 MHz board (timer 1 mode 2, SMOD=1, TH1=0xF3): echoes every byte
 * it receives, and answers a line "T?" with the DS1302's time as "T=20YY-MM-DD HH:MM:SS W" (CR LF),
 * the Calendar51 protocol's answer. DS1302 wiring as in kit_lcd.c (IO P3.4, CE P3.5, SCLK P3.6). */
#include <8052.h>

#include "prechin_ds1302.h"

static void send(unsigned char value)
{
    SBUF = value;
    while (!TI) ;
    TI = 0;
}

static void send_bcd(unsigned char value)
{
    send('0' + (value >> 4));
    send('0' + (value & 15));
}

void main(void)
{
    unsigned char before = 0, previous = 0, value;
    DS_CE = 0; DS_SCLK = 0;
    PCON |= 0x80;          /* SMOD: double baud */
    TMOD = 0x20;           /* timer 1, mode 2 (auto-reload) */
    TH1 = TL1 = 0xF3;      /* 62500 / 13 = 4808 baud */
    TR1 = 1;
    SCON = 0x50;           /* mode 1, receiver on */
    while (1)
    {
        while (!RI) ;
        RI = 0;
        value = SBUF;
        send(value);
        if ((value == '\r' || value == '\n') && before == 'T' && previous == '?')
        {
            send('T'); send('=');
            send('2'); send('0'); send_bcd(ds_read(0x8D)); send('-');
            send_bcd(ds_read(0x89)); send('-');
            send_bcd(ds_read(0x87)); send(' ');
            send_bcd(ds_read(0x85) & 0x3F); send(':');
            send_bcd(ds_read(0x83)); send(':');
            send_bcd(ds_read(0x81) & 0x7F); send(' ');
            send('0' + ds_read(0x8B));
            send('\r'); send('\n');
        }
        before = previous;
        previous = value;
    }
}
