#include "clock.h"
#include "calendar.h"

void derive(void)
{
    uint8_t hour = field[F_HOUR];
    uint8_t am_pm = 0;
    if (field[F_MODE12]) {
        am_pm = 1;
        if (hour >= 12) {
            hour -= 12;
            am_pm = 2;
        }
        if (!hour)
            hour = 12;
    }
    field[V_HOUR_SHOWN] = hour;
    field[V_AM_PM] = am_pm;
    cal_date();
}
