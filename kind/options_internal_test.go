package kind

import "testing"

// Each row's isSet reads the member its parse writes, and no other row's
// (but the other rows of its Name).
func TestOptionIsSet(t *testing.T) {
	samples := map[string]string{"prefix": "tok_", "size": "16", "insecure_allow_short_ids": "true", "check": "invalid",
		"pattern": "[A-Z]{6}", "check_scheme": "luhn", "alphabet": "abc", "mask_domain": "true", "short": "irreversible",
		"reveal": "1,1", "mask_char": "#", "format": "1"}
	for _, o := range options {
		v, ok := samples[o.Name]
		if o.Name == "keep" {
			v, ok = "3", true
			if o.Flag == "card-keep" {
				v = "6,4"
			}
		}
		if !ok {
			t.Fatalf("no sample for option %s", o.Name)
		}
		if o.isSet(&Field{}) {
			t.Errorf("%s (%s): set in a zero Field", o.Name, o.Flag)
		}
		var f Field
		if err := o.parse(&f, v); err != nil {
			t.Fatalf("%s %q: %v", o.Name, v, err)
		}
		for _, p := range options {
			if got, want := p.isSet(&f), p.Name == o.Name; got != want {
				t.Errorf("after %s (%s) %q: %s (%s) set %v, want %v", o.Name, o.Flag, v, p.Name, p.Flag, got, want)
			}
		}
	}
}
