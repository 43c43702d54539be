/* Daily alarm, hourly chime and the buzzer patterns. */
#ifndef ALARM_H
#define ALARM_H

#include "compiler.h"

#define ALARM_RING_SECONDS 60
#define CHIME_BEEP_TICKS 15 /* 150 ms */

void alarm_new_second(void); /* call once per new second read from the DS1302 */
void alarm_tick(void);       /* call once per 10 ms tick: drives the buzzer */
uint8_t alarm_stop(void);    /* silences a ringing alarm; returns 1 if it was ringing */

#endif
