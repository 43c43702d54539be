/* Selects the board's pin header: the Makefile passes -DBOARD_HEADER='"boards/<board>.h"'. */
#ifndef BOARD_SELECT_H
#define BOARD_SELECT_H

#include "compiler.h"
#ifndef BOARD_HEADER
#define BOARD_HEADER "boards/prechin-a2.h"
#endif
#include BOARD_HEADER

#if BOARD_CRYSTAL_HZ == 11059200UL
#define SERIAL_BAUD 9600
#elif BOARD_CRYSTAL_HZ == 12000000UL
#define SERIAL_BAUD 4800
#else
#error "unsupported crystal: 11.0592 MHz (9600 Bd) and 12 MHz (4800 Bd) only"
#endif

#endif
