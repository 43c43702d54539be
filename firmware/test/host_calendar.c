/* Host driver for the pure calendar code: prints one line per day 2000-01-01 ... 2099-12-31:
 *   YYYY-MM-DD weekday(0=Sun) lunar_year lunar_month lunar_day leap term(0=none,1-24)
 * Compiled with gcc by tests/Calendar51.Tests/Firmware/CalendarHostTests.cs. */
#include <stdio.h>
#include "calendar.h"

int main(void)
{
    unsigned yy, month, day;
    uint8_t lunar[4];
    for (yy = 0; yy < 100; yy++)
        for (month = 1; month <= 12; month++)
            for (day = 1; day <= cal_days_in_month((uint8_t)yy, (uint8_t)month); day++) {
                cal_lunar((uint8_t)yy, (uint8_t)month, (uint8_t)day, lunar);
                printf("%04u-%02u-%02u %u %u %u %u %u %u\n", 2000 + yy, month, day,
                       cal_weekday((uint8_t)yy, (uint8_t)month, (uint8_t)day), 1999u + lunar[0],
                       lunar[1], lunar[2], lunar[3],
                       cal_solar_term((uint8_t)yy, (uint8_t)month, (uint8_t)day));
            }
    return 0;
}
