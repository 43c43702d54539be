/* The DS1302 driver as widely copied in the LCD1602 perpetual-calendar kits (ds1302.md §9.1),
 * rewritten here in that style: SCLK is left high after each command bit, and the read loop
 * samples IO, pulses SCLK high then low, and shifts right, so its first sample (taken before the
 * first falling edge) is the 8051's own latch and bit 7 of every byte read is lost. Time is set with single-byte writes after clearing WP.
 *
 * Pins (default prechin-a2): -DDS_IO=P3_4 -DDS_CE=P3_5 -DDS_SCLK=P3_6.
 * Results: RESULT(0xC0..0xC9) = registers 81,83,85,87,89,8B,8D,8F,91 and RAM 0 (C1) read before
 * setting the time; RESULT(0xD0..0xD9) = the same read after; then DONE_FLAG. */
#include <8052.h>
#include "results.h"

#ifndef DS_IO
#define DS_IO   P3_4
#define DS_CE   P3_5
#define DS_SCLK P3_6
#endif

static void nop(void) { __asm nop __endasm; }

static void ds_write_byte(unsigned char value)
{
    unsigned char i;
    for (i = 0; i < 8; i++) {
        DS_SCLK = 0;
        DS_IO = value & 0x01;
        value >>= 1;
        DS_SCLK = 1;
    }
}

static void ds_write(unsigned char address, unsigned char value)
{
    DS_CE = 0; nop();
    DS_SCLK = 0; nop();
    DS_CE = 1; nop();
    ds_write_byte(address);
    ds_write_byte(value);
    DS_CE = 0;
}

static unsigned char ds_read(unsigned char address)
{
    unsigned char i, value = 0;
    DS_CE = 0; nop();
    DS_SCLK = 0; nop();
    DS_CE = 1; nop();
    ds_write_byte(address);
    for (i = 0; i < 8; i++) {
        if (DS_IO) value |= 0x80;
        DS_SCLK = 1;
        DS_SCLK = 0;
        value >>= 1;
    }
    DS_CE = 0; nop();
    DS_SCLK = 0; nop();
    DS_SCLK = 1; nop();
    DS_IO = 0; nop();
    DS_IO = 1; nop();
    return value;
}

static const __code unsigned char read_commands[10] = { 0x81, 0x83, 0x85, 0x87, 0x89, 0x8B, 0x8D, 0x8F, 0x91, 0xC1 };

static void read_all(unsigned char base)
{
    unsigned char i;
    for (i = 0; i < 10; i++) RESULT(base + i) = ds_read(read_commands[i]);
}

void main(void)
{
    read_all(0xC0);
    /* 2024-02-29 23:59:50, day 4, 24-hour mode; RAM 0 = 0x3C; then write protect on again. */
    ds_write(0x8E, 0x00);
    ds_write(0x80, 0x50);
    ds_write(0x82, 0x59);
    ds_write(0x84, 0x23);
    ds_write(0x86, 0x29);
    ds_write(0x88, 0x02);
    ds_write(0x8A, 0x04);
    ds_write(0x8C, 0x24);
    ds_write(0xC0, 0x3C);
    ds_write(0x8E, 0x80);
    read_all(0xD0);
    DONE_FLAG = DONE_VALUE;
    while (1);
}
