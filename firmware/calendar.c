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

uint8_t cal_days_in_month(uint8_t yy, uint8_t month)
{
    if (month == 2)
        return (yy & 3) ? 28 : 29; /* 2000-2099: every 4th year, 2000 included */
    /* 31 for Jan, Mar, May, Jul, Aug, Oct, Dec: odd months up to July, even ones after. */
    return 30 + ((month ^ (month >> 3)) & 1);
}

uint8_t cal_weekday(uint8_t yy, uint8_t month, uint8_t day)
{
    static const uint8_t CODE month_offset[12] = {0, 3, 3, 6, 1, 4, 6, 2, 5, 0, 3, 5};
    /* at most 6 + 99 + 24 + 6 + 31 = 166: fits 8 bits */
    uint8_t w = 6 + yy + (yy >> 2) + month_offset[month - 1] + day;
    if ((yy & 3) == 0 && month < 3)
        w--;
    return w % 7;
}

static uint16_t days; /* days since 1 January, then since lunar new year */

/* Day of the Gregorian year (0-based) of lunar new year for table index i. */
static uint8_t new_year_day(uint8_t i)
{
    uint8_t b2 = lunar_b2[i];
    uint8_t d = (b2 & 0x1F) - 1;
    if (b2 & 0x40)
        d += 31; /* new year in February */
    return d;
}

void cal_lunar(uint8_t yy, uint8_t month, uint8_t day, uint8_t DATA *out)
{
    uint8_t i = yy + 1; /* lunar year starting in this Gregorian year */
    uint8_t m, bits, leap_after;

    days = day - 1;
    for (m = 1; m < month; m++)
        days += cal_days_in_month(yy, m);
    if (days < new_year_day(i)) {
        /* still in the lunar year that began in the previous Gregorian year */
        i--;
        days += ((uint8_t)(yy - 1) & 3) ? 365 : 366;
    }
    days -= new_year_day(i);

    /* month lengths, 1 = 30 days: b0 bits 3-0 = months 1-4, b1 bits 7-0 = months 5-12,
     * b2 bit 7 = month 13 */
    leap_after = lunar_b0[i] >> 4;
    bits = lunar_b0[i] << 4;
    for (m = 1;; m++) {
        if (m == 5)
            bits = lunar_b1[i];
        else if (m == 13)
            bits = lunar_b2[i];
        day = (bits & 0x80) ? 30 : 29;
        if (days < day || m == 13)
            break;
        days -= day;
        bits <<= 1;
    }

    out[3] = 0;
    if (leap_after && m > leap_after) {
        if (m == leap_after + 1)
            out[3] = 1;
        m--;
    }
    out[0] = i;
    out[1] = m;
    out[2] = (uint8_t)days + 1;
}

uint8_t cal_term_day(uint8_t yy, uint8_t t)
{
    uint16_t key = solar_term_key[t];
    uint8_t quarters = (t < 4) ? (uint8_t)(yy + 3) >> 2 : yy >> 2;
    /* YY * 496 as shifts: no 16-bit multiply routine needed */
    uint16_t scaled = ((uint16_t)yy << 9) - ((uint16_t)yy << 4) + (key & 0x7FF);
    uint8_t d = (uint8_t)(key >> 11) + (uint8_t)(scaled >> 11) - quarters;
    const uint8_t CODE *fix = solar_term_fix;
    uint8_t k;

    for (k = solar_term_fix_count; k; k--, fix += 2) {
        if (fix[0] == yy && (fix[1] & 0x1F) == t)
            d += (fix[1] & 0x80) ? -1 : 1;
    }
    return d;
}

uint8_t cal_solar_term(uint8_t yy, uint8_t month, uint8_t day)
{
    /* the first term of a month falls on days 3-9, the second on days 18-24 */
    uint8_t t = (uint8_t)((month - 1) << 1) + (day > 15);
    return cal_term_day(yy, t) == day ? t + 1 : 0;
}
