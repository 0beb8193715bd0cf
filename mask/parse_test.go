package mask_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/mask"
)

func TestParseFirstLast(t *testing.T) {
	for in, want := range map[string][2]int{"6,4": {6, 4}, "0,0": {0, 0}, "1024,1": {1024, 1}, "10,0": {10, 0}} {
		first, last, err := mask.ParseFirstLast(in)
		require.NoError(t, err, in)
		require.Equal(t, want, [2]int{first, last}, in)
	}
	for _, in := range []string{
		"", ",", "6", "6,", ",4", "6,4,", "6,4,2", "6;4", "6 4",
		"6, 4", " 6,4", "6,4 ", "6 ,4", "6,\t4", "6,4\n",
		"+6,4", "6,-4", "-0,0", "06,4", "6,04", "00,0",
		"0x6,4", "6,1_0", "6.0,4", "1e1,4", "６,４",
		"1025,0", "0,99999", "9223372036854775808,4", "6,18446744073709551617",
	} {
		_, _, err := mask.ParseFirstLast(in)
		require.ErrorIs(t, err, mask.ErrOption, "%q", in)
	}
}

func TestParseCount(t *testing.T) {
	for in, want := range map[string]int{"0": 0, "4": 4, "1024": mask.MaxLen} {
		n, err := mask.ParseCount(in)
		require.NoError(t, err, in)
		require.Equal(t, want, n, in)
	}
	for _, in := range []string{"", " 4", "4 ", "+4", "-1", "04", "0x10", "0o7", "1_0", "4.0", "1025", "99999999999999999999", "４"} {
		_, err := mask.ParseCount(in)
		require.ErrorIs(t, err, mask.ErrOption, "%q", in)
	}
}

func TestParseCheckDigit(t *testing.T) {
	c, err := mask.ParseCheckDigit("valid")
	require.NoError(t, err)
	require.Equal(t, mask.CheckValid, c)
	c, err = mask.ParseCheckDigit("invalid")
	require.NoError(t, err)
	require.Equal(t, mask.CheckInvalid, c)
	for _, in := range []string{"", "Valid", " valid", "true", "1"} {
		_, err := mask.ParseCheckDigit(in)
		require.ErrorIs(t, err, mask.ErrOption, "%q", in)
	}
}

// Policies and the piikit command read the card digits kept (and the
// characters a display mask shows) as "FIRST,LAST".
func ExampleParseFirstLast() {
	first, last, err := mask.ParseFirstLast("6,4")
	fmt.Println(first, last, err)
	_, _, err = mask.ParseFirstLast("6, 4")
	fmt.Println(err != nil)
	// Output:
	// 6 4 <nil>
	// true
}
