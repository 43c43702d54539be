#include "ds1302.h"
#include "board.h"
#include "calendar.h"
#include "clock.h"
#if HAS_TEMPERATURE
#include "ds18b20.h"
#endif

#define CMD_WRITE_CONTROL 0x8E
#define CMD_WRITE_HOUR 0x84
#define CMD_CLOCK_BURST_WRITE 0xBE
#define CMD_CLOCK_BURST_READ 0xBF
#define CMD_SECONDS_READ 0x81
#define CMD_RAM_BURST_WRITE 0xFE
#define CMD_RAM_BURST_READ 0xFF
#define HOUR_12H 0x80
#define HOUR_PM 0x20
#define SETTINGS_SIZE 4
#define SETTINGS_CHECK_SEED 0x5A
/* With the temperature, RAM 5 holds the main view (0 lunar date, 1 temperature) under the same
 * check byte at RAM 4: a 0 there leaves the check as it was without it. */
#if HAS_TEMPERATURE
#define SETTINGS_VIEW (SETTINGS_SIZE + 1)
#define SETTINGS_BURST (SETTINGS_SIZE + 2)
#else
#define SETTINGS_BURST (SETTINGS_SIZE + 1)
#endif

static uint8_t DATA regs[8]; /* one burst: seconds, minutes, hour, date, month, day, year, control */

void ds_init(void)
{
    DS_CE = 0; /* port latches reset high: end any transfer first, then park SCLK low */
    DS_SCLK = 0;
}

/* 8 bits LSB first, sampled by the chip on the rising edge. SCLK ends low. Each port
 * instruction takes >= 1 µs (12T at <= 12 MHz): tDC, tCL, tCH are met. */
static void ds_send(uint8_t value)
{
    uint8_t i;
    for (i = 8; i; i--) {
        DS_IO = value & 1;
        DS_SCLK = 1;
        value >>= 1;
        DS_SCLK = 0;
    }
}

/* The chip drives bit n after the falling edge that ended the previous bit (the command's 8th
 * bit for bit 0), so sample first, then clock. IO's latch is 1 here: every read command has
 * bit 7 set, so ds_send left the pin released (weak pull-up) for the chip to drive. */
static uint8_t ds_receive(void)
{
    uint8_t i, value = 0;
    for (i = 8; i; i--) {
        value >>= 1;
        if (DS_IO)
            value |= 0x80;
        DS_SCLK = 1;
        DS_SCLK = 0;
    }
    return value;
}

/* CE rises with SCLK low; the first SCLK rise comes >= 2 instructions later (tCC >= 1 µs). */
static void ds_begin(uint8_t command)
{
    DS_CE = 1;
    ds_send(command);
}

/* CE low ends the transfer; callers never restart within 1 µs (tCWH). */
#define ds_end() (DS_CE = 0)

static void ds_read_regs(uint8_t command, uint8_t count)
{
    uint8_t i;
    ds_begin(command);
    for (i = 0; i < count; i++)
        regs[i] = ds_receive();
    ds_end();
}

static void ds_write_regs(uint8_t command, uint8_t count)
{
    uint8_t i;
    ds_begin(CMD_WRITE_CONTROL); /* clear WP first (its state is undefined at power-up) */
    ds_send(0);
    ds_end();
    ds_begin(command);
    for (i = 0; i < count; i++)
        ds_send(regs[i]);
    ds_end();
}

/* Register i of a clock burst holds field[reg_field[i]]; register 5 (day of week) is written
 * but never trusted: read, it lands in the weekday slot, which derive() recomputes from the date
 * before every use. */
#define REG_DAY_OF_WEEK 5
static const uint8_t CODE reg_field[7] = {F_SECOND, F_MINUTE, F_HOUR, F_DAY, F_MONTH, CAL_WEEKDAY, F_YEAR};

#ifndef AT89C51_IMAGE
uint8_t rtc_seconds_register(void)
{
    ds_read_regs(CMD_SECONDS_READ, 1);
    return regs[0];
}
#endif

uint8_t rtc_read(void)
{
    uint8_t i, value, mode12, pm, f;

    ds_read_regs(CMD_CLOCK_BURST_READ, 7);
    value = regs[2];
    mode12 = value >> 7;
    pm = value & HOUR_PM;
    if (mode12)
        regs[2] = value & (0x1F | 0x40); /* hours 1-12; a set bit 6 stays and fails the range check */
    /* every register BCD and within field_min/field_max; a set CH bit makes the seconds >= 80 */
    for (i = 0; i < 7; i++) {
        if (i == REG_DAY_OF_WEEK)
            continue;
        value = regs[i];
        if ((uint8_t)(value & 0x0F) > 9)
            return 0;
        value = (uint8_t)(value >> 4) * 10 + (uint8_t)(value & 0x0F);
        f = reg_field[i];
        if (value < field_min[f] || value > field_max[f])
            return 0;
        regs[i] = value;
    }
    if (mode12) {
        value = regs[2];
        if (!value || value > 12)
            return 0;
        if (value == 12)
            value = 0;
        if (pm)
            value += 12;
        regs[2] = value;
    }
    if (regs[3] > cal_days_in_month(regs[6], regs[4]))
        return 0;
    for (i = 0; i < 7; i++)
        field[reg_field[i]] = regs[i];
    field[F_MODE12] = mode12;
    return 1;
}

/* The hour register from the 12 h form derive() computes: 0x80 = 12 h, 0x20 = PM, BCD 1-12. */
static uint8_t hour_register(void)
{
    uint8_t value;
    derive();
    value = cal_bcd(field[V_HOUR_SHOWN]);
    if (field[V_AM_PM])
        value |= HOUR_12H;
    if (field[V_AM_PM] == 2)
        value |= HOUR_PM;
    return value;
}

void rtc_write(void)
{
    uint8_t i, hour;
    hour = hour_register(); /* also derives the weekday */
    for (i = 0; i < 7; i++)
        regs[i] = cal_bcd(field[reg_field[i]]); /* seconds: CH = 0, the oscillator runs */
    regs[2] = hour;
    if (!regs[REG_DAY_OF_WEEK])
        regs[REG_DAY_OF_WEEK] = 7; /* ISO 1 = Monday ... 7 = Sunday */
    regs[7] = 0; /* control: WP off (a clock burst must include all 8 registers) */
    ds_write_regs(CMD_CLOCK_BURST_WRITE, 8);
}

void rtc_write_hour(void)
{
    regs[0] = hour_register();
    ds_write_regs(CMD_WRITE_HOUR, 1);
}

/* Check byte of the settings block in regs[0 .. SETTINGS_SIZE - 1]. */
static uint8_t settings_check(void)
{
    uint8_t i, check = SETTINGS_CHECK_SEED;
    for (i = 0; i < SETTINGS_SIZE; i++)
        check += regs[i];
#if HAS_TEMPERATURE
    check += regs[SETTINGS_VIEW];
#endif
    return check;
}

uint8_t settings_load(void)
{
    uint8_t i;
    ds_read_regs(CMD_RAM_BURST_READ, SETTINGS_BURST);
    if (settings_check() != regs[SETTINGS_SIZE])
        return 0;
#if HAS_TEMPERATURE
    if (regs[SETTINGS_VIEW] > 1)
        return 0;
#endif
    for (i = 0; i < SETTINGS_SIZE; i++)
        if (regs[i] > (field_max + F_ALARM_HOUR)[i])
            return 0;
#if HAS_TEMPERATURE
    temperature_view = regs[SETTINGS_VIEW];
#endif
    for (i = 0; i < SETTINGS_SIZE; i++)
        (field + F_ALARM_HOUR)[i] = regs[i];
    return 1;
}

void settings_save(void)
{
    uint8_t i;
    for (i = 0; i < SETTINGS_SIZE; i++)
        regs[i] = (field + F_ALARM_HOUR)[i];
#if HAS_TEMPERATURE
    regs[SETTINGS_VIEW] = temperature_view;
#endif
    regs[SETTINGS_SIZE] = settings_check();
    ds_write_regs(CMD_RAM_BURST_WRITE, SETTINGS_BURST);
}
