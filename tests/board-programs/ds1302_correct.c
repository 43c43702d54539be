/* A DS1302 driver written to the datasheet: CE rises with SCLK low, bits go in on rising edges,
 * SCLK is brought low after every bit so the chip can drive the next read bit after the falling
 * edge, IO is released (latch 1) before reading. Uses clock burst read/write, RAM burst read/write,
 * 12-hour mode and the trickle charger.
 *
 * Pins (default prechin-a2): -DDS_IO=P3_4 -DDS_CE=P3_5 -DDS_SCLK=P3_6.
 * Results:
 *   RESULT(0xC0..0xC7) first clock burst read (seconds … control) as found at power-on;
 *   RESULT(0xC8..0xCF) the first burst read whose seconds differ from it (bursts are read back to
 *                      back, so this one is taken just after the chip's seconds rolled over);
 *   then 8E <- 00, 90 <- A5 (trickle: one diode, 2 kOhm), RAM burst write of 31 bytes (i * 7 + 3),
 *   clock burst write of 2099-12-31 11:59:58 PM, day 5, control 80 (write protect on);
 *   RESULT(0xD0..0xD7) clock burst read back; RESULT(0xD8) single read of the hour (85);
 *   RESULT(0xD9) trickle register (91); RESULT(0xE0..0xFE) RAM burst read back; then DONE_FLAG. */
#include <8052.h>
#include "results.h"

#ifndef DS_IO
#define DS_IO   P3_4
#define DS_CE   P3_5
#define DS_SCLK P3_6
#endif

static void ds_start(unsigned char command);

static void ds_send(unsigned char value)
{
    unsigned char i;
    for (i = 0; i < 8; i++) {
        DS_IO = value & 0x01;
        DS_SCLK = 1;
        value >>= 1;
        DS_SCLK = 0;
    }
}

static unsigned char ds_receive(void)
{
    unsigned char i, value = 0;
    DS_IO = 1;                       /* release IO: the chip drives it after each falling edge */
    for (i = 0; i < 8; i++) {
        value >>= 1;
        if (DS_IO) value |= 0x80;
        DS_SCLK = 1;
        DS_SCLK = 0;
    }
    return value;
}

static void ds_start(unsigned char command)
{
    DS_SCLK = 0;
    DS_CE = 1;
    ds_send(command);
}

static void ds_stop(void)
{
    DS_CE = 0;
    DS_IO = 1;
}

static void ds_write(unsigned char address, unsigned char value)
{
    ds_start(address);
    ds_send(value);
    ds_stop();
}

static unsigned char ds_read(unsigned char address)
{
    unsigned char value;
    ds_start(address);
    value = ds_receive();
    ds_stop();
    return value;
}

static void clock_burst_read(unsigned char base)
{
    unsigned char i;
    ds_start(0xBF);
    for (i = 0; i < 8; i++) RESULT(base + i) = ds_receive();
    ds_stop();
}

static const __code unsigned char new_time[8] = {
    0x58, 0x59, 0x80 | 0x20 | 0x11, 0x31, 0x12, 0x05, 0x99, 0x80
};

void main(void)
{
    unsigned char i;
    DS_CE = 0;
    DS_SCLK = 0;

    clock_burst_read(0xC0);
    do clock_burst_read(0xC8); while (RESULT(0xC8) == RESULT(0xC0));

    ds_write(0x8E, 0x00);
    ds_write(0x90, 0xA5);
    ds_start(0xFE);
    for (i = 0; i < 31; i++) ds_send(i * 7 + 3);
    ds_stop();
    ds_start(0xBE);
    for (i = 0; i < 8; i++) ds_send(new_time[i]);
    ds_stop();

    clock_burst_read(0xD0);
    RESULT(0xD8) = ds_read(0x85);
    RESULT(0xD9) = ds_read(0x91);
    ds_start(0xFF);
    for (i = 0; i < 31; i++) RESULT(0xE0 + i) = ds_receive();
    ds_stop();
    DONE_FLAG = DONE_VALUE;
    while (1);
}
