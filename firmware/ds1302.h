/* DS1302 driver (shared/reference/ds1302.md): 3-wire transfers, the time registers <-> field[]
 * and the settings block in the DS1302's battery-backed RAM. */
#ifndef DS1302_H
#define DS1302_H

#include "compiler.h"

void ds_init(void);
/* Burst-reads the time; if every register is valid (CH clear, BCD, in range) stores it in
 * field[] (year ... second, 12 h flag) and returns 1, else leaves field[] and returns 0. */
uint8_t rtc_read(void);
#ifndef AT89C51_IMAGE
/* The seconds register as it is (BCD, CH in bit 7): one byte, where a burst reads seven. */
uint8_t rtc_seconds_register(void);
#endif
/* Writes field[] year ... second and the 12/24 h mode, oscillator running. */
void rtc_write(void);
/* Rewrites only the hour register (after a 12/24 h change). */
void rtc_write_hour(void);
/* Alarm/chime settings: 4 bytes and a check byte at RAM 0-4. load returns 0 if invalid. */
uint8_t settings_load(void);
void settings_save(void);

#endif
