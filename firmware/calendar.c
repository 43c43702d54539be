#include "calendar.h"

uint8_t cal_bcd(uint8_t value)
{
    uint8_t tens = 0;
    while (value >= 10) {
        value -= 10;
        tens += 0x10;
    }
    return tens | value;
}

/* Indexed by month 1-12 (entry 0 unused: no subtraction in the index); 13 is the January after
 * December, which the lunar walk below may run into. */
static const uint8_t CODE month_length[14] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 31};

uint8_t cal_days_in_month(uint8_t yy, uint8_t month)
{
    if (month == 2 && !(yy & 3))
        return 29; /* 2000-2099: every 4th year, 2000 included */
    return month_length[month];
}

static const uint8_t CODE weekday_month_offset[13] = {0, 0, 3, 3, 6, 1, 4, 6, 2, 5, 0, 3, 5}; /* by month 1-12 */

/* Working state in fixed RAM (see calendar.h). */
static uint8_t year_index; /* lunar table index: 0 = lunar year 1999 ... 100 = 2099 */

/* day of the Gregorian year (0-based) of 春节 */
#define NEW_YEAR_DAY() (lunar_month_13_new_year[year_index] & 0x3F)

/* Walks from 春节 to the date in whole months, all in 8 bits: balance = 64 + days of the Gregorian
 * months added so far - days of the lunar months passed so far; a lunar month is passed while the
 * balance covers it, else the next Gregorian month is added. The balance stays within 14-124. */
static void lunar_date(void)
{
    uint8_t yy = field[CAL_YEAR], month = field[CAL_MONTH], day = field[CAL_DAY];
    uint8_t g = 1, m = 0, bits, length, leap_after, balance;

    year_index = yy + 1; /* the lunar year starting in this Gregorian year */
    if (month < 3 && (uint8_t)(month == 1 ? day - 1 : day + 30) < NEW_YEAR_DAY()) {
        /* before 春节: the lunar year that began in the previous Gregorian year, so walk from
         * there, this month counted as month 13 or 14 of the previous year */
        year_index = yy;
        yy--; /* yy = 0: 1999, a common year */
        month += 12;
    }
    balance = day + 63 - NEW_YEAR_DAY();
    /* month lengths, 1 = 30 days, in table order (the leap month counted in sequence) */
    bits = lunar_months_1_8[year_index];
    for (;;) {
        length = bits & 0x80 ? 64 + 30 : 64 + 29;
        if (balance >= length) {
            balance -= length - 64;
            bits <<= 1;
            if (++m == 8)
                bits = lunar_months_9_12_leap[year_index];
            else if (m == 12)
                bits = lunar_month_13_new_year[year_index];
        } else if (g != month) {
            balance += month_length[g];
            if (g == 2 && !(yy & 3))
                balance++;
            g++;
        } else {
            break;
        }
    }
    /* m = table month - 1; after the leap month the table runs one ahead */
    leap_after = lunar_months_9_12_leap[year_index] & 0x0F;
    field[CAL_LUNAR_LEAP] = 0;
    if (leap_after && m >= leap_after) {
        if (m == leap_after)
            field[CAL_LUNAR_LEAP] = 1;
        m--;
    }
    field[CAL_LUNAR_MONTH] = m + 1;
    field[CAL_LUNAR_DAY] = balance - 63;
    field[CAL_LUNAR_CENTURY] = 20;
    field[CAL_LUNAR_YEAR] = year_index - 1;
    if (!year_index) {
        field[CAL_LUNAR_CENTURY] = 19;
        field[CAL_LUNAR_YEAR] = 99;
    }
}

/* Solar term t (0 = 小寒 ... 23 = 冬至) falls in month t / 2 + 1 on day
 *   base[t] + floor((fraction[t] + 31 * (YY % 4) - 4 * (YY / 4)) / 128) - (t < 4 && YY % 4)
 * which is the 寿星 formula base + floor(YY * 0.2422 + C) - leap days (calendar.md §6) with
 * 0.2422 ~ 31/128, split so every step fits 8 bits: the floor is -1, 0 or 1. A few days where
 * the formula is one off are listed in solar_term_fix. */
static void solar_term(void)
{
    uint8_t yy = field[CAL_YEAR], day = field[CAL_DAY];
    /* the first term of a month falls on days 3-9, the second on days 18-24 */
    uint8_t t = (uint8_t)((field[CAL_MONTH] - 1) << 1) + (day > 15);
    uint8_t r = yy & 3, quarters = (yy >> 2) << 2;
    uint8_t d = solar_term_base[t];
    uint8_t a = solar_term_fraction[t] + (uint8_t)(r << 5) - r;
    uint8_t k;

    if (a < quarters)
        d--;
    else if ((uint8_t)(a - quarters) >= 128)
        d++;
    if (t < 4 && r)
        d--;
    for (k = 0; solar_term_fix_year[k] != 0xFF; k++) {
        if (solar_term_fix_year[k] == yy && (solar_term_fix_term[k] & 0x1F) == t) {
            if (solar_term_fix_term[k] & 0x80)
                d--;
            else
                d++;
        }
    }
    field[CAL_TERM] = 0;
    if (d == day)
        field[CAL_TERM] = t + 1;
}

void cal_date(void)
{
    uint8_t yy = field[CAL_YEAR], month = field[CAL_MONTH];
    /* at most 6 + 99 + 24 + 6 + 31 = 166: fits 8 bits */
    uint8_t w = 6 + yy + (yy >> 2) + weekday_month_offset[month] + field[CAL_DAY];
    if (!(yy & 3) && month < 3)
        w--;
    while (w >= 7)
        w -= 7;
    field[CAL_WEEKDAY] = w;
    lunar_date();
    solar_term();
}
