; Empty stand-ins for SDCC's XRAM start-up steps (crtxinit: copy initialised __xdata;
; crtxclear: clear __pdata/__xdata). This firmware has no XRAM (--xram-size 0, small model, no
; __xdata/__pdata variables), so those 70 bytes would be dead code in a 4 KB part. Defining the
; labels here keeps the linker from pulling the library modules; start-up falls through to the
; next GSINIT area as it would after the real (empty-loop) versions. Internal RAM is still
; cleared by the library's crtclear. SDCC only: a Keil build uses its own start-up.
	.module no_xram
	.globl __mcs51_genXINIT
	.globl __mcs51_genXRAMCLEAR
	.area GSINIT3 (CODE)
__mcs51_genXINIT:
	.area GSINIT4 (CODE)
__mcs51_genXRAMCLEAR:
