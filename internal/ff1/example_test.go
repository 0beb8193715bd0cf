package ff1_test

import (
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/piikit/piikit/internal/ff1"
)

// The key and tweak of NIST's FF1 samples 1 and 2 (SP 800-38G examples).
var (
	sampleKey, _   = hex.DecodeString("2b7e151628aed2a6abf7158809cf4f3c")
	sampleTweak, _ = hex.DecodeString("39383736353433323130")
)

func ExampleNewCipher() {
	c, err := ff1.NewCipher(sampleKey, 10)
	if err != nil {
		panic(err)
	}
	ct, err := c.Encrypt(nil, []uint16{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(ct)
	// Output: [2 4 3 3 4 7 7 4 8 4]
}

func ExampleCipher_Encrypt() {
	c, err := ff1.NewCipher(sampleKey, 10)
	if err != nil {
		panic(err)
	}
	// Reuse one buffer for every value: no allocation per call.
	buf := make([]uint16, 0, 32)
	buf, err = c.Encrypt(buf, []uint16{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sampleTweak)
	if err != nil {
		panic(err)
	}
	fmt.Println(buf)

	// Below the minimum domain of SP 800-38G Rev. 1: refused.
	_, err = c.Encrypt(buf, []uint16{1, 2, 3, 4, 5}, sampleTweak)
	fmt.Println(errors.Is(err, ff1.ErrDomainTooSmall))
	// Output:
	// [6 1 2 4 2 0 0 7 7 3]
	// true
}

func ExampleCipher_Decrypt() {
	c, err := ff1.NewCipher(sampleKey, 10)
	if err != nil {
		panic(err)
	}
	pt, err := c.Decrypt(nil, []uint16{6, 1, 2, 4, 2, 0, 0, 7, 7, 3}, sampleTweak)
	if err != nil {
		panic(err)
	}
	fmt.Println(pt)
	// Output: [0 1 2 3 4 5 6 7 8 9]
}

func ExampleMinLen() {
	for _, radix := range []int{2, 10, 26, 36, 62, 1000, 65536} {
		fmt.Printf("radix %d: at least %d numerals\n", radix, ff1.MinLen(radix))
	}
	// Output:
	// radix 2: at least 20 numerals
	// radix 10: at least 6 numerals
	// radix 26: at least 5 numerals
	// radix 36: at least 4 numerals
	// radix 62: at least 4 numerals
	// radix 1000: at least 2 numerals
	// radix 65536: at least 2 numerals
}

func ExampleCipher_Radix() {
	c, err := ff1.NewCipher(sampleKey, 36)
	if err != nil {
		panic(err)
	}
	fmt.Println(c.Radix())
	// Output: 36
}

func ExampleCipher_String() {
	c, err := ff1.NewCipher(sampleKey, 10)
	if err != nil {
		panic(err)
	}
	// Printing a Cipher never shows its key or state.
	fmt.Printf("%v %+v\n", c, c)
	// Output: ff1.Cipher(radix 10) ff1.Cipher(radix 10)
}
