/* HD44780 / LCD1602 in 8-bit mode; busy flag polled (shared/reference/hd44780.md). */
#ifndef LCD_H
#define LCD_H

#include "compiler.h"

#define LCD_LINE1 0x80 /* set-DDRAM-address commands for column 0 */
#define LCD_LINE2 0xC0

void lcd_init(void);
void lcd_command(uint8_t command);
void lcd_char(char c);

#endif
