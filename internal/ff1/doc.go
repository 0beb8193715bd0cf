// Package ff1 implements the FF1 format-preserving encryption mode of NIST
// SP 800-38G (and Rev. 1) with AES: [NewCipher] takes an AES key and a radix,
// and [Cipher.Encrypt] and [Cipher.Decrypt] map a string of numerals to
// another string of numerals of the same length and radix, under a tweak.
//
// The package is internal: users reach FF1 only through piikit's mask
// package, which derives the AES key from a Tink keyset and maps characters to
// numerals. Here numerals are numerals: this package never maps or folds
// characters.
package ff1
