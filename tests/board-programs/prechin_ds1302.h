/* The DS1302 on a Prechin-wired board (IO P3.4, CE P3.5, SCLK P3.6), in the datasheet's way:
 * bits out on rising edges, IO released for a read and sampled after each falling edge. */
#ifndef PRECHIN_DS1302_H
#define PRECHIN_DS1302_H

#define DS_IO   P3_4
#define DS_CE   P3_5
#define DS_SCLK P3_6

static void ds_write_byte(unsigned char value)
{
    unsigned char i;
    for (i = 0; i < 8; i++) { DS_IO = value & 1; DS_SCLK = 1; value >>= 1; DS_SCLK = 0; }
}

static unsigned char ds_read(unsigned char command)
{
    unsigned char i, value = 0;
    DS_CE = 1;
    ds_write_byte(command);
    DS_IO = 1;
    for (i = 0; i < 8; i++) { value >>= 1; if (DS_IO) value |= 0x80; DS_SCLK = 1; DS_SCLK = 0; }
    DS_CE = 0;
    return value;
}

static void ds_write(unsigned char command, unsigned char value)
{
    DS_CE = 1;
    ds_write_byte(command);
    ds_write_byte(value);
    DS_CE = 0;
}

#endif
