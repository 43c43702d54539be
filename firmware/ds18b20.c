#include "ds18b20.h"
#include "board.h"
#include "calendar.h"
#include "clock.h"
#include "format.h"

/* DS18B20 datasheet: ROM command SKIP ROM (one sensor on the wire), CONVERT T, READ SCRATCHPAD. */
#define SKIP_ROM 0xCC
#define CONVERT_T 0x44
#define READ_SCRATCHPAD 0xBE
#define SCRATCHPAD_SIZE 9
#define CONVERSION_TIMEOUT_TICKS 100 /* 1 s > the 750 ms of a 12-bit conversion */
#define RETRY_TICKS 100              /* no sensor: look again after 1 s */

/* ow_wait(OW_COUNT(us)) waits about us microseconds: its DJNZ loop takes 2 machine cycles per
 * count, and the call around it (load, LCALL, MOV, RET) about 8. */
#define OW_CYCLES(us) ((us) * (BOARD_CRYSTAL_HZ / 1000UL) / 12000UL)
#define OW_COUNT(us) ((uint8_t)((OW_CYCLES(us) - 8) / 2))

BIT temperature_view;
static BIT converting;
static BIT valid;
static uint8_t wait_ticks;
static int16_t raw; /* the temperature register: two's complement sixteenths of a degree */
static uint8_t DATA scratchpad[SCRATCHPAD_SIZE];

static void ow_wait(uint8_t count)
{
    while (--count)
        ;
}

/* Reset pulse (>= 480 µs; an interrupt may only lengthen it) and presence detection: the sensor
 * pulls low 15-60 µs after the release for 60-240 µs, so 70 µs after it the wire is low. Then
 * >= 480 µs high in all (tRSTH) before the first slot. Returns 1 if a sensor answered. */
static uint8_t ow_reset(void)
{
    uint8_t present;
    DQ_PIN = 0;
    ow_wait(OW_COUNT(500));
    EA = 0;
    DQ_PIN = 1;
    ow_wait(OW_COUNT(70));
    present = !DQ_PIN;
    EA = 1;
    ow_wait(OW_COUNT(420));
    return present;
}

/* One write slot: a 1 is low for a few µs (tLOW1 <= 15), a 0 for the whole slot (tLOW0 >= 60);
 * the slot lasts >= 60 µs and the recovery (tREC >= 1 µs) is the return and the next call. */
static void ow_write_bit(uint8_t bit)
{
    EA = 0;
    DQ_PIN = 0;
    if (bit)
        DQ_PIN = 1;
    ow_wait(OW_COUNT(62));
    DQ_PIN = 1;
    EA = 1;
}

/* One read slot: low for 1 µs, released, sampled about 8 µs after the falling edge (the
 * sensor's bit is valid for tRDV = 15 µs), then the rest of the slot. */
static uint8_t ow_read_bit(void)
{
    uint8_t bit;
    EA = 0;
    DQ_PIN = 0;
    DQ_PIN = 1;
    NOP();
    NOP();
    NOP();
    bit = DQ_PIN;
    EA = 1;
    ow_wait(OW_COUNT(58));
    return bit;
}

static void ow_write(uint8_t value)
{
    uint8_t i;
    for (i = 8; i; i--) {
        ow_write_bit(value & 1);
        value >>= 1;
    }
}

static uint8_t ow_read(void)
{
    uint8_t i, value = 0;
    for (i = 8; i; i--) {
        value >>= 1;
        if (ow_read_bit())
            value |= 0x80;
    }
    return value;
}

/* Reset and SKIP ROM; 0 if no sensor answered. */
static uint8_t ow_start(uint8_t command)
{
    if (!ow_reset())
        return 0;
    ow_write(SKIP_ROM);
    ow_write(command);
    return 1;
}

/* Dallas/Maxim CRC-8 (x^8 + x^5 + x^4 + 1) over the scratchpad, CRC byte included: 0 if intact. */
static uint8_t scratchpad_crc(void)
{
    uint8_t i, bit, value, crc = 0;
    for (i = 0; i < SCRATCHPAD_SIZE; i++) {
        value = scratchpad[i];
        for (bit = 8; bit; bit--) {
            if ((crc ^ value) & 1)
                crc = (crc >> 1) ^ 0x8C;
            else
                crc >>= 1;
            value >>= 1;
        }
    }
    return crc;
}

static void read_result(void)
{
    uint8_t i;
    int16_t previous = raw;
    BIT was_valid = valid;
    valid = 0;
    if (!ow_start(READ_SCRATCHPAD))
        return;
    for (i = 0; i < SCRATCHPAD_SIZE; i++)
        scratchpad[i] = ow_read();
    /* a wire stuck low reads all zeros, whose CRC is also 0 */
    if (scratchpad_crc() || !scratchpad[4])
        return;
    raw = scratchpad[0] | (uint16_t)scratchpad[1] << 8;
    valid = 1;
    if (raw != previous || !was_valid)
        redraw = 1;
}

/* Conversions back to back: start one, poll its status once per tick (a read slot answers 0
 * until it is done), read the result, start the next at the following tick. */
void temp_tick(void)
{
    if (converting) {
        if (--wait_ticks && !ow_read_bit())
            return;
        converting = 0;
        read_result();
        return;
    }
    if (wait_ticks) {
        wait_ticks--; /* no sensor answered: wait before looking again */
        return;
    }
    converting = ow_start(CONVERT_T);
    wait_ticks = converting ? CONVERSION_TIMEOUT_TICKS : RETRY_TICKS;
    if (!converting) {
        if (valid)
            redraw = 1;
        valid = 0;
    }
}

/* "+23.5" ("+125.0", "-0.1"): sign, whole degrees, one decimal rounded half up, into text[];
 * returns the length. */
static char text[7];

static uint8_t temp_text(void)
{
    uint8_t length = 0, whole, tenth, bcd;
    uint16_t magnitude = raw;
    text[0] = '+';
    if (raw < 0) {
        text[0] = '-';
        magnitude = -raw;
    }
    whole = magnitude >> 4;
    tenth = (uint8_t)((uint8_t)(magnitude & 15) * 10 + 8) >> 4;
    if (tenth == 10) {
        tenth = 0;
        whole++;
    }
    length = 1;
    if (whole >= 100) {
        text[length++] = '1';
        whole -= 100;
        bcd = cal_bcd(whole);
        text[length++] = '0' + (bcd >> 4);
    } else {
        bcd = cal_bcd(whole);
        if (bcd >> 4)
            text[length++] = '0' + (bcd >> 4);
    }
    text[length++] = '0' + (bcd & 0x0F);
    text[length++] = '.';
    text[length++] = '0' + tenth;
    return length;
}

static void emit_text(uint8_t length)
{
    uint8_t i;
    for (i = 0; i < length; i++)
        emit(text[i]);
}

void temp_lcd(void)
{
    uint8_t length, i;
    if (valid) {
        length = temp_text();
        if (length == 6)
            length = 4; /* +125.0 -> +125: three digits leave no room for the decimal */
    } else {
        text[0] = '-';
        text[1] = '-';
        text[2] = '.';
        text[3] = '-';
        length = 4;
    }
    for (i = length; i < 5; i++)
        emit(' ');
    emit_text(length);
    emit('C');
}

void temp_serial(void)
{
    to_serial = 1;
    emit('C');
    emit('=');
    if (valid) {
        emit_text(temp_text());
    } else {
        emit('N');
        emit('O');
        emit('N');
        emit('E');
    }
    to_serial = 0;
}
