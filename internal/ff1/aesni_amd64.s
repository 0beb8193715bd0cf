//go:build gc && !purego

#include "textflag.h"

// func encryptWordsNI(xk *[60]uint32, nr int, hi, lo uint64) (rh, rl uint64)
//
// One AES block encryption with the AES-NI instructions, the block given
// and returned as big-endian 64-bit halves, each passed as one 8-byte word
// and joined or split in registers here: never stored as halves and
// reloaded as one 16-byte block (see aesni_amd64.go). xk is the expanded key
// (FIPS 197, section 5.2), nr the number of rounds: 10, 12 or 14.
TEXT ·encryptWordsNI(SB), NOSPLIT, $0-48
	MOVQ   xk+0(FP), AX
	MOVQ   nr+8(FP), CX
	MOVQ   hi+16(FP), R8
	MOVQ   lo+24(FP), R9
	BSWAPQ R8
	BSWAPQ R9

	// Two moves and an unpack rather than PINSRQ, and MOVHLPS rather than
	// PEXTRQ below: fewer cycles in FF1's chain of dependent blocks.
	MOVQ       R8, X0
	MOVQ       R9, X1
	PUNPCKLQDQ X1, X0
	MOVUPS 0(AX), X1
	PXOR   X1, X0
	ADDQ   $16, AX
	CMPQ   CX, $12
	JB     rounds10
	JE     rounds12
	MOVUPS 0(AX), X1
	AESENC X1, X0
	MOVUPS 16(AX), X1
	AESENC X1, X0
	ADDQ   $32, AX

rounds12:
	MOVUPS 0(AX), X1
	AESENC X1, X0
	MOVUPS 16(AX), X1
	AESENC X1, X0
	ADDQ   $32, AX

rounds10:
	MOVUPS     0(AX), X1
	AESENC     X1, X0
	MOVUPS     16(AX), X1
	AESENC     X1, X0
	MOVUPS     32(AX), X1
	AESENC     X1, X0
	MOVUPS     48(AX), X1
	AESENC     X1, X0
	MOVUPS     64(AX), X1
	AESENC     X1, X0
	MOVUPS     80(AX), X1
	AESENC     X1, X0
	MOVUPS     96(AX), X1
	AESENC     X1, X0
	MOVUPS     112(AX), X1
	AESENC     X1, X0
	MOVUPS     128(AX), X1
	AESENC     X1, X0
	MOVUPS     144(AX), X1
	AESENCLAST X1, X0
	MOVQ       X0, R8
	MOVHLPS    X0, X0
	MOVQ       X0, R9
	BSWAPQ     R8
	BSWAPQ     R9
	MOVQ       R8, rh+32(FP)
	MOVQ       R9, rl+40(FP)
	RET

// func subWordNI(w uint32) uint32
//
// SubWord of FIPS 197 (the S-box applied to each byte of w) with
// AESENCLAST: with w in all four columns of the state, ShiftRows leaves the
// state unchanged, so AESENCLAST with a zero round key is SubBytes alone. The
// key expansion thus uses the same constant-time hardware S-box as the
// rounds, never a table indexed by key bytes.
TEXT ·subWordNI(SB), NOSPLIT, $0-12
	MOVL       w+0(FP), AX
	MOVQ       AX, X0
	PSHUFD     $0, X0, X0
	PXOR       X1, X1
	AESENCLAST X1, X0
	MOVQ       X0, AX
	MOVL       AX, ret+8(FP)
	RET
