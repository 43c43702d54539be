/* A program that buries one error under 20 000 warnings (issue 10 §3): with E held high it toggles
 * RS 20 000 times (each a tAH warning on the LCD), then writes two instructions back to back, so
 * the second arrives while the first still executes (a busy error: the LCD ignores it). */
#include <8052.h>
#include "results.h"

#define LCD_RS P2_6
#define LCD_RW P2_5
#define LCD_E  P2_7

void main(void)
{
    unsigned int i;
    LCD_E = 0;                      /* the read cycle E has been in since reset ends */
    LCD_RS = 0;
    LCD_E = 1;                      /* a busy-flag read: legal while busy */
    for (i = 0; i < 20000; i++) LCD_RS = !LCD_RS;   /* ~200 ms: the power-on busy time is long over */
    LCD_E = 0;
    LCD_RW = 0; LCD_RS = 0;
    P0 = 0x01; LCD_E = 1; LCD_E = 0;   /* clear: 1.52 ms */
    P0 = 0x80; LCD_E = 1; LCD_E = 0;   /* at once: written while busy */
    DONE_FLAG = DONE_VALUE;
    while (1);
}
