/* Where the board programs leave their results for the tests: the upper 128 bytes of internal RAM
 * (indirect only on the 8052), far above SDCC's data segment and stack in these small programs. */
#ifndef RESULTS_H
#define RESULTS_H
#define RESULT(address) (*(volatile __idata unsigned char *)(address))
#define DONE_FLAG RESULT(0xBF)
#define DONE_VALUE 0xA5
#endif
