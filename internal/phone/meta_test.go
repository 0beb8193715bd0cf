package phone

import "testing"

// TestMainRegion checks the main region each region points to (the one
// ParseDigits returns) against phonenumbers' list of a calling code's
// regions, whose first is the main one.
func TestMainRegion(t *testing.T) {
	tab := tables()
	codes := 0
	for cc, m := range tab.byCC {
		if m == nil {
			continue
		}
		codes++
		if m.cc != cc || m.main != m || ForCallingCode(cc) != m {
			t.Fatalf("calling code %d: main region has code %d, main %p (itself %p)", cc, m.cc, m.main, m)
		}
	}
	if codes < 200 || len(tab.regions) < 200 {
		t.Fatalf("%d calling codes, %d regions: the metadata was not read", codes, len(tab.regions))
	}
	for id, m := range tab.regions {
		if m.main == nil || m.main.cc != m.cc || m.main != ForCallingCode(m.cc) {
			t.Errorf("region %s (+%d): main region %v", id, m.cc, m.main)
		}
	}
	for _, cc := range []int{-1, 0, 1000, 1 << 20} {
		if ForCallingCode(cc) != nil {
			t.Errorf("ForCallingCode(%d) is not nil", cc)
		}
	}
}
