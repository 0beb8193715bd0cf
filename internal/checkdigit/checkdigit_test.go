package checkdigit

import "testing"

// Published examples: the Luhn test numbers of the card networks, and the
// My Number sample 123456789018 given in the Digital Agency's (デジタル庁)
// developer documentation.
func TestLuhn(t *testing.T) {
	for _, tc := range []struct {
		d    string
		want bool
	}{
		{"4111111111111111", true}, {"5555555555554444", true}, {"378282246310005", true},
		{"79927398713", true}, {"79927398710", false}, {"4111111111111112", false}, {"0", true},
	} {
		if got := Luhn(tc.d); got != tc.want {
			t.Errorf("Luhn(%s) = %v", tc.d, got)
		}
		if got := Luhn([]byte(tc.d)); got != tc.want {
			t.Errorf("Luhn([]byte %s) = %v", tc.d, got)
		}
	}
}

// The same published numbers, less their check digit.
func TestLuhnCheck(t *testing.T) {
	for _, d := range []string{"4111111111111111", "5555555555554444", "378282246310005", "79927398713", "0"} {
		body, want := d[:len(d)-1], d[len(d)-1]
		if got := LuhnCheck(body); got != want {
			t.Errorf("LuhnCheck(%s) = %c, want %c", body, got, want)
		}
		if got := LuhnCheck([]byte(body)); got != want {
			t.Errorf("LuhnCheck([]byte %s) = %c, want %c", body, got, want)
		}
	}
}

func TestMyNumber(t *testing.T) {
	if got := MyNumberASCII("12345678901"); got != 8 {
		t.Errorf("check digit of 12345678901 = %d, want 8", got)
	}
	if got := MyNumberASCII([]byte("00000000000")); got != 0 {
		t.Errorf("check digit of 00000000000 = %d, want 0", got)
	}
}
