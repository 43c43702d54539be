/* One spelling for SDCC, Keil C51 and the host compiler (gcc, for the calendar tests).
 * SDCC:  __code, __sbit __at(addr), __interrupt(n)
 * Keil:  code,   sbit name = addr^bit, interrupt n
 * host:  the keywords vanish; only the pure calendar modules are built there. */
#ifndef COMPILER_H
#define COMPILER_H

#if defined(__SDCC)
#include <8051.h>
#include <stdint.h>
#define CODE __code
#define DATA __data
#define BIT __bit
#define SBIT(name, sfr_addr, bit) __sbit __at((sfr_addr) + (bit)) name
#define ISR(name, vector) void name(void) __interrupt(vector)
#define ISR_PROTO(name, vector) void name(void) __interrupt(vector)
#define NOP() __asm nop __endasm

#elif defined(__C51__)
#include <reg51.h>
#include <intrins.h>
typedef unsigned char uint8_t;
typedef signed char int8_t;
typedef signed int int16_t;
typedef unsigned int uint16_t;
typedef unsigned long uint32_t;
#define CODE code
#define DATA data
#define BIT bit
#define SBIT(name, sfr_addr, bit) sbit name = (sfr_addr) ^ (bit)
#define ISR(name, vector) void name(void) interrupt vector
#define ISR_PROTO(name, vector) void name(void)
#define NOP() _nop_()

#else /* host build of the pure calendar code */
#include <stdint.h>
#define CODE
#define DATA
#define BIT uint8_t
#endif

/* SFR base addresses of the ports, for SBIT(). */
#define PORT0 0x80
#define PORT1 0x90
#define PORT2 0xA0
#define PORT3 0xB0

#endif
