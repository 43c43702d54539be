/* Selects the board's pin header: the Makefile passes -DBOARD_HEADER='"boards/<board>.h"'. */
#ifndef BOARD_SELECT_H
#define BOARD_SELECT_H

#include "compiler.h"
#ifndef BOARD_HEADER
#define BOARD_HEADER "boards/prechin-a2.h"
#endif
#include BOARD_HEADER

/* The temperature (ds18b20.c) goes into the images for the board's own 8 KB MCU; the AT89C51
 * images (-DAT89C51_IMAGE, 4 KB) leave it out. */
#if defined(BOARD_HAS_DS18B20) && !defined(AT89C51_IMAGE)
#define HAS_TEMPERATURE 1
#else
#define HAS_TEMPERATURE 0
#endif

#if BOARD_CRYSTAL_HZ == 11059200UL
#define SERIAL_BAUD 9600
#elif BOARD_CRYSTAL_HZ == 12000000UL
#define SERIAL_BAUD 4800
#else
#error "unsupported crystal: 11.0592 MHz (9600 Bd) and 12 MHz (4800 Bd) only"
#endif

#endif
