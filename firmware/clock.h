/* The clock's state, shared by the modules: one array so the setting mode can step through it
 * with one routine (the first ten entries are the settable fields, in the order K1 visits them). */
#ifndef CLOCK_H
#define CLOCK_H

#include "compiler.h"

#define F_YEAR 0          /* 0-99 = 2000-2099 */
#define F_MONTH 1         /* 1-12 */
#define F_DAY 2           /* 1-31 */
#define F_HOUR 3          /* 0-23, also in 12 h mode */
#define F_MINUTE 4        /* 0-59 */
#define F_MODE12 5        /* 1 = 12 h display (DS1302 hour bit 7) */
#define F_ALARM_HOUR 6    /* 0-23 */
#define F_ALARM_MINUTE 7  /* 0-59 */
#define F_ALARM_ON 8      /* 0/1 */
#define F_CHIME_ON 9      /* 0/1 */
#define F_SECOND 10       /* 0-59 */
#define SETTABLE_FIELDS 10
#define FIELD_COUNT 11

/* Derived from the fields by derive() (clock.c), for the screens, replies and the DS1302 hour. */
#define V_HOUR_SHOWN 11    /* 1-12 in 12 h mode, else 0-23 */
#define V_AM_PM 12         /* 0 = 24 h, 1 = AM, 2 = PM */
/* 13-19: cal_date()'s results (calendar.h): weekday, lunar month, day, leap, century, year, term */
#define VALUE_COUNT 20     /* = CAL_VALUES */

/* FIELD_COUNT clock fields, then the derived values (VALUE_COUNT in all). */
extern uint8_t field[];
extern const uint8_t CODE field_min[FIELD_COUNT];
extern const uint8_t CODE field_max[FIELD_COUNT]; /* day: 31, checked against the month apart */

extern BIT redraw;       /* something the screen shows changed outside a key or a new second (serial) */
extern BIT time_unset;   /* the clock was (re)started at boot: blink the time until set */
extern BIT setting;      /* the setting mode is active: field[] holds edits, not the DS1302 */

/* The derived values from field[]: 12 h form of the hour, then cal_date(). */
void derive(void);

#endif
