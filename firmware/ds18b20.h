/* DS18B20 thermometer on the board's 1-Wire pin (DQ_PIN), read without stopping the clock: each
 * 10 ms tick does at most one short step (a conversion start, a status slot, or the 9-byte read),
 * and interrupts are off only inside one 1-Wire slot (< 75 µs) or the presence window. Only in
 * images with HAS_TEMPERATURE (board.h). */
#ifndef DS18B20_H
#define DS18B20_H

#include "compiler.h"

extern BIT temperature_view; /* K4: the main screen shows the temperature instead of the lunar date */

void temp_tick(void);        /* once per 10 ms tick, from the main loop */
void temp_lcd(void);         /* 6 columns: " +23.5C", "-10.1C", " --.-C" (right-aligned) */
void temp_serial(void);      /* "C=+23.5" or "C=NONE" */

#endif
