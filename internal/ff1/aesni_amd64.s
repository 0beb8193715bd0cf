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

// FF1's ten rounds for the lengths whose halves lie between 2^64 and 2^96
// and whose rounds take d = 16 bytes of S (see rounds128 in
// aesni_amd64.go), with A and B kept in registers from the first round to
// the last: each round's block is built, encrypted and reduced without
// leaving them.
//
// func rounds128NI(xk *[60]uint32, nr int, first, second *barrett128, ch, cl, i0, step, end, ah, al, bh, bl uint64, encrypt bool) (rah, ral, rbh, rbl uint64)
//
// Round j's block is the half fed in XORed with ch ⊕ (i0 + j·step) and
// cl: ch:cl is the CBC-MAC state XORed with the tweak's bytes and round
// key 0, and i0 + j·step puts the round number in its byte. The rounds end
// when that reaches end. first and second are the moduli of the rounds of
// each pair: radix^u and radix^v when encrypting, radix^v and radix^u when
// decrypting.
//
// Registers: A in R8:R9 and B in R10:R11 (high word first) at the start of
// each pair of rounds; SI holds ch and CX the round number term; R12 and R13
// hold first and second. Round keys 1 to nr are kept in X2–X15, so that the
// last ten are always in X6–X15; X0 is the state. AX, BX, DX, DI, R14, R15
// and X1 are scratch. R14 and X15 are reserved in Go's internal ABI, not in
// ABI0, which assembly functions use: Go restores them when these return.

// BLOCK loads Hh:Hl ⊕ (SI ⊕ CX):LOW into X0, then advances CX by STEP. The
// words are big-endian and AES takes the block in memory order: each is
// byte-swapped.
#define BLOCK(Hh, Hl, LOW, STEP) \
	MOVQ       SI, DI; \
	XORQ       CX, DI; \
	MOVQ       Hh, AX; \
	XORQ       DI, AX; \
	BSWAPQ     AX; \
	MOVQ       AX, X0; \
	MOVQ       Hl, BX; \
	XORQ       LOW, BX; \
	BSWAPQ     BX; \
	MOVQ       BX, X1; \
	PUNPCKLQDQ X1, X0; \
	ADDQ       STEP, CX

#define AES10 \
	AESENC     X6, X0; \
	AESENC     X7, X0; \
	AESENC     X8, X0; \
	AESENC     X9, X0; \
	AESENC     X10, X0; \
	AESENC     X11, X0; \
	AESENC     X12, X0; \
	AESENC     X13, X0; \
	AESENC     X14, X0; \
	AESENCLAST X15, X0

#define AES12 \
	AESENC X4, X0; \
	AESENC X5, X0; \
	AES10

#define AES14 \
	AESENC X2, X0; \
	AESENC X3, X0; \
	AES12

// UNLOAD takes R = X0 as big-endian words: its high word into AX, its low
// word into BX.
#define UNLOAD \
	MOVQ    X0, AX; \
	BSWAPQ  AX; \
	MOVHLPS X0, X0; \
	MOVQ    X0, BX; \
	BSWAPQ  BX

// QM subtracts q·m from Sh:Sl (OP, OPC: SUBQ, SBBQ) or adds it (ADDQ,
// ADCQ), where q = ⌊rh·μ/2^64⌋ for rh in AX and M the modulus (a
// barrett128: μ at 0, then m, 2m and 3m at 8, 24 and 40, each high word
// first). The high word takes q·m.hi while q·m.lo is multiplied, so that
// only the carry waits for it.
#define QM(Sh, Sl, M, OP, OPC) \
	MULQ  0(M); \
	MOVQ  DX, BX; \
	IMULQ 8(M), BX; \
	MOVQ  DX, AX; \
	MULQ  16(M); \
	OP    BX, Sh; \
	OP    AX, Sl; \
	OPC   DX, Sh

// CORRECT reduces s = Sh:Sl from [0, 4m) to [0, m) without a branch: the
// trial differences s − m, s − 2m and s − 3m are made side by side, then
// two conditional moves on their borrows pick s or s − m (into Sh:Sl) and
// s − 2m or s − 3m (into BX:DI), and a third, on the borrow of s − 2m, picks
// between the two. s is kept in R15:R14.
#define CORRECT(Sh, Sl, M) \
	MOVQ    Sl, R14; \
	MOVQ    Sh, R15; \
	MOVQ    R14, DI; \
	MOVQ    R15, BX; \
	SUBQ    32(M), DI; \
	SBBQ    24(M), BX; \
	MOVQ    R14, AX; \
	MOVQ    R15, DX; \
	SUBQ    48(M), AX; \
	SBBQ    40(M), DX; \
	CMOVQCC AX, DI; \
	CMOVQCC DX, BX; \
	MOVQ    R14, AX; \
	MOVQ    R15, DX; \
	SUBQ    16(M), AX; \
	SBBQ    8(M), DX; \
	CMOVQCC AX, Sl; \
	CMOVQCC DX, Sh; \
	CMPQ    R14, 32(M); \
	SBBQ    24(M), R15; \
	CMOVQCC DI, Sl; \
	CMOVQCC BX, Sh

// ENC_REDUCE sets Ah:Al to (A + NUM(R)) mod m, R given by UNLOAD: as in
// addReduce128, s = A + R − q·m lies in [0, 4m).
#define ENC_REDUCE(Ah, Al, M) \
	ADDQ BX, Al; \
	ADCQ AX, Ah; \
	QM(Ah, Al, M, SUBQ, SBBQ); \
	CORRECT(Ah, Al, M)

// DEC_PRE adds 3m to Bh:Bl, while AES runs, for DEC_REDUCE.
#define DEC_PRE(Bh, Bl, M) \
	ADDQ 48(M), Bl; \
	ADCQ 40(M), Bh

// DEC_REDUCE sets Bh:Bl, holding B + 3m, to (B − NUM(R)) mod m: as in
// subReduce128, B − R + q·m lies in (−3m, m), so s = B + 3m − R + q·m lies
// in (0, 4m).
#define DEC_REDUCE(Bh, Bl, M) \
	SUBQ BX, Bl; \
	SBBQ AX, Bh; \
	QM(Bh, Bl, M, ADDQ, ADCQ); \
	CORRECT(Bh, Bl, M)

// ENC_PAIR runs two encryption rounds: B into the round function, the sum
// into A's registers, then the roles swap back.
#define ENC_PAIR(AESN, LOW, STEP) \
	BLOCK(R10, R11, LOW, STEP); \
	AESN; \
	UNLOAD; \
	ENC_REDUCE(R8, R9, R12); \
	BLOCK(R8, R9, LOW, STEP); \
	AESN; \
	UNLOAD; \
	ENC_REDUCE(R10, R11, R13)

// DEC_PAIR runs two decryption rounds: A into the round function, the
// difference into B's registers, then the roles swap back.
#define DEC_PAIR(AESN, LOW, STEP) \
	BLOCK(R8, R9, LOW, STEP); \
	DEC_PRE(R10, R11, R12); \
	AESN; \
	UNLOAD; \
	DEC_REDUCE(R10, R11, R12); \
	BLOCK(R10, R11, LOW, STEP); \
	DEC_PRE(R8, R9, R13); \
	AESN; \
	UNLOAD; \
	DEC_REDUCE(R8, R9, R13)

// ROUNDS is one of rounds128NI's loops: PAIR (ENC_PAIR or DEC_PAIR) with
// AESN, at label L, until CX reaches END; then done. LOW, STEP and END are
// the frame operands, given by the caller so that they stay in its TEXT.
#define ROUNDS(L, PAIR, AESN, LOW, STEP, END) \
L:; \
	PAIR(AESN, LOW, STEP); \
	CMPQ CX, END; \
	JNE  L; \
	JMP  done

TEXT ·rounds128NI(SB), NOSPLIT, $0-144
	MOVQ xk+0(FP), AX
	MOVQ nr+8(FP), DX
	MOVQ first+16(FP), R12
	MOVQ second+24(FP), R13
	MOVQ ch+32(FP), SI
	MOVQ i0+48(FP), CX
	MOVQ ah+72(FP), R8
	MOVQ al+80(FP), R9
	MOVQ bh+88(FP), R10
	MOVQ bl+96(FP), R11
	MOVBLZX encrypt+104(FP), BX

	// Round keys 1 to nr: the last ten from xk[4(nr−9)], then those before.
	SHLQ   $4, DX
	LEAQ   -144(AX)(DX*1), AX
	MOVUPS 0(AX), X6
	MOVUPS 16(AX), X7
	MOVUPS 32(AX), X8
	MOVUPS 48(AX), X9
	MOVUPS 64(AX), X10
	MOVUPS 80(AX), X11
	MOVUPS 96(AX), X12
	MOVUPS 112(AX), X13
	MOVUPS 128(AX), X14
	MOVUPS 144(AX), X15
	CMPQ   DX, $160
	JEQ    aes128
	MOVUPS -32(AX), X4
	MOVUPS -16(AX), X5
	CMPQ   DX, $192
	JEQ    aes192
	MOVUPS -64(AX), X2
	MOVUPS -48(AX), X3
	TESTQ  BX, BX
	JNZ    enc14
	JMP    dec14

aes128:
	TESTQ BX, BX
	JNZ   enc10
	JMP   dec10

aes192:
	TESTQ BX, BX
	JNZ   enc12
	JMP   dec12

	// The six loops: encryption or decryption, for each key size.
	ROUNDS(enc10, ENC_PAIR, AES10, cl+40(FP), step+56(FP), end+64(FP))
	ROUNDS(enc12, ENC_PAIR, AES12, cl+40(FP), step+56(FP), end+64(FP))
	ROUNDS(enc14, ENC_PAIR, AES14, cl+40(FP), step+56(FP), end+64(FP))
	ROUNDS(dec10, DEC_PAIR, AES10, cl+40(FP), step+56(FP), end+64(FP))
	ROUNDS(dec12, DEC_PAIR, AES12, cl+40(FP), step+56(FP), end+64(FP))
	ROUNDS(dec14, DEC_PAIR, AES14, cl+40(FP), step+56(FP), end+64(FP))

done:
	// The round keys, the last block and ch (which holds round key 0) are
	// not left in registers.
	XORQ SI, SI
	XORQ DI, DI
	PXOR X0, X0
	PXOR X1, X1
	PXOR X2, X2
	PXOR X3, X3
	PXOR X4, X4
	PXOR X5, X5
	PXOR X6, X6
	PXOR X7, X7
	PXOR X8, X8
	PXOR X9, X9
	PXOR X10, X10
	PXOR X11, X11
	PXOR X12, X12
	PXOR X13, X13
	PXOR X14, X14
	PXOR X15, X15
	MOVQ R8, rah+112(FP)
	MOVQ R9, ral+120(FP)
	MOVQ R10, rbh+128(FP)
	MOVQ R11, rbl+136(FP)
	RET

// func addReduce128Asm(md *barrett128, ah, al, rh, rl uint64) (sh, sl uint64)
TEXT ·addReduce128Asm(SB), NOSPLIT, $0-56
	MOVQ md+0(FP), R12
	MOVQ ah+8(FP), R8
	MOVQ al+16(FP), R9
	MOVQ rh+24(FP), AX
	MOVQ rl+32(FP), BX
	ENC_REDUCE(R8, R9, R12)
	MOVQ R8, sh+40(FP)
	MOVQ R9, sl+48(FP)
	RET

// func subReduce128Asm(md *barrett128, bh, bl, rh, rl uint64) (sh, sl uint64)
TEXT ·subReduce128Asm(SB), NOSPLIT, $0-56
	MOVQ md+0(FP), R12
	MOVQ bh+8(FP), R8
	MOVQ bl+16(FP), R9
	MOVQ rh+24(FP), AX
	MOVQ rl+32(FP), BX
	DEC_PRE(R8, R9, R12)
	DEC_REDUCE(R8, R9, R12)
	MOVQ R8, sh+40(FP)
	MOVQ R9, sl+48(FP)
	RET
