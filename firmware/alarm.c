#include "alarm.h"
#include "board.h"
#include "clock.h"
#include "keys.h"

static uint8_t ring_seconds; /* seconds of alarm left */
static uint8_t chime_ticks;  /* ticks of chime beep left */

void alarm_new_second(void)
{
    if (ring_seconds)
        ring_seconds--;
    if (field[F_SECOND])
        return;
    if (field[F_ALARM_ON] && field[F_HOUR] == field[F_ALARM_HOUR] &&
        field[F_MINUTE] == field[F_ALARM_MINUTE])
        ring_seconds = ALARM_RING_SECONDS;
    else if (field[F_CHIME_ON] && !field[F_MINUTE])
        chime_ticks = CHIME_BEEP_TICKS;
}

void alarm_tick(void)
{
    /* Alarm pattern, 1.28 s period: beep 160 ms, pause 160 ms, beep 160 ms, pause 800 ms. */
    uint8_t phase = ticks & 0x7F;
    if (ring_seconds ? (phase < 0x40 && !(phase & 0x10)) : chime_ticks) {
        BUZZER_ON();
    } else {
        BUZZER_OFF();
    }
    if (chime_ticks)
        chime_ticks--;
}

uint8_t alarm_stop(void)
{
    uint8_t was_ringing = ring_seconds;
    ring_seconds = 0;
    return was_ringing != 0;
}
