/* Host driver for the pure calendar code: prints one line per day 2000-01-01 ... 2099-12-31:
 *   YYYY-MM-DD weekday(0=Sun) lunar_year lunar_month lunar_day leap term(0=none,1-24)
 * Compiled with gcc by tests/Calendar51.Tests/Firmware/CalendarHostTests.cs. */
#include <stdio.h>
#include "calendar.h"

uint8_t field[CAL_VALUES];

int main(void)
{
    unsigned yy, month, day;
    for (yy = 0; yy < 100; yy++)
        for (month = 1; month <= 12; month++)
            for (day = 1; day <= cal_days_in_month((uint8_t)yy, (uint8_t)month); day++) {
                field[CAL_YEAR] = (uint8_t)yy;
                field[CAL_MONTH] = (uint8_t)month;
                field[CAL_DAY] = (uint8_t)day;
                cal_date();
                printf("%04u-%02u-%02u %u %u %u %u %u %u\n", 2000 + yy, month, day,
                       field[CAL_WEEKDAY], field[CAL_LUNAR_CENTURY] * 100u + field[CAL_LUNAR_YEAR],
                       field[CAL_LUNAR_MONTH], field[CAL_LUNAR_DAY], field[CAL_LUNAR_LEAP],
                       field[CAL_TERM]);
            }
    return 0;
}
