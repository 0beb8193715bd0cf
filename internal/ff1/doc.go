// Package ff1 implements FF1, the format-preserving encryption mode of NIST
// SP 800-38G (March 2016) and SP 800-38G Rev. 1, with AES-128, AES-192 or
// AES-256.
//
// Make a [Cipher] with [NewCipher] from an AES key and a radix (2…65536),
// then call [Cipher.Encrypt] and [Cipher.Decrypt]: each maps a string of
// numerals (each less than the radix, most significant first) to another
// string of the same length and radix, under a tweak of any length. Results
// are appended to dst[:0], so a caller that reuses dst does not allocate.
//
// The package is internal. Users reach FF1 only through piikit's mask
// package, which derives the AES key from a Tink keyset (it never takes raw
// key bytes from users) and maps characters to numerals through an alphabet.
// Numerals are numerals here: this package never maps, folds or
// canonicalises characters, so two distinct inputs never collide.
//
// # Domain and length
//
// SP 800-38G Rev. 1 requires radix^minlen ≥ 1,000,000 (the original
// SP 800-38G required only 100). Inputs with radix^len < 1,000,000 are
// refused with [ErrDomainTooSmall]; [MinLen] gives the shortest length
// accepted for a radix (6 decimal digits, 4 base-36 characters). Callers that
// must handle shorter values do so above FF1; FF1 itself is never weakened.
//
// Inputs may be up to [MaxLen] (4096) numerals long and tweaks up to
// [MaxTweakLen] bytes, the limit of FF1's length encoding. Every length is
// computed exactly: values whose halves fit in 128 bits take a fast path
// with no allocation; longer ones (up to radix 65536 × 4096 numerals) use
// math/big.
//
// # Security
//
// FF1 is deterministic: the same numerals under the same key and tweak give
// the same result, which reveals equality. A small domain limits its
// strength however good the key; that is the reason for the domain rule.
// Errors never contain numerals, tweak or key bytes.
//
// FF3 and FF3-1 are not offered. After Durak and Vaudenay's attack on FF3
// (2017), the initial public draft of SP 800-38G Rev. 1 (2019) replaced it
// with FF3-1; the second public draft (February 2025) drops FF3-1 as well,
// leaving FF1 the only approved method.
//
// # Concurrency
//
// A [Cipher] is safe for concurrent use by multiple goroutines. It keeps no
// shared scratch state: each call works in its own buffers. Its only shared
// state is two small fixed-size caches of what does not change between calls:
// the encrypted first block P, keyed on the input length and tweak length
// (the radix is fixed per Cipher), and the CBC-MAC state after the tweak's
// whole blocks, keyed on the length, the tweak length and those tweak bytes,
// compared in full. Entries are immutable once published; memory stays
// bounded whatever the inputs.
//
// # AES
//
// Every AES block comes from crypto/aes, Go's FIPS 140-3 module, on every
// platform and in FIPS 140-3 mode (GODEBUG=fips140=on) alike: this package
// writes no cryptographic primitive of its own. Speed comes from around the
// block cipher instead: fewer blocks (the cached P and tweak prefix), and
// the rounds' arithmetic on 64- and 128-bit integers without allocation.
// FF1's ten rounds form a chain in which each AES block depends on the last
// through integer arithmetic, and through cipher.Block each block makes a
// trip through memory that the processor cannot forward; that is the floor
// of any caller of crypto/aes (see BenchmarkAESFloorGo).
//
// # Timing
//
// On the fast paths (halves below 2^128: every length piikit masks), this
// package's own arithmetic takes the same steps whatever the values: the
// reductions, divisions and numeral conversions correct their estimates
// with masks and conditional moves, not branches, loop as many times as
// the lengths (not the values) need, and index no table by a value. AES is
// constant-time in crypto/aes wherever the processor has AES instructions;
// crypto/aes documents that its software fallback is not.
// The general path (halves beyond 2^128, math/big) makes no such promise.
// piikit's adversary is a recipient who holds outputs, not a seat on the
// machine that masks (README.md, "Security in one paragraph"); this is
// defence in depth.
//
// # Compatibility
//
// Outputs follow SP 800-38G exactly and are checked against the NIST FF1
// samples and the Wycheproof AES-FF1 vectors; they will not change.
package ff1
