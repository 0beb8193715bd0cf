package find

import (
	"strings"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"

	"github.com/piikit/piikit/internal/phone"
)

// phoneRule decides whether a written number is a phone number.
type phoneRule struct {
	meta *phone.Meta // the default region
	// zero: numbers written without a plus must start with 0, the
	// region's national prefix (or an international prefix, 010 in Japan
	// and 00 in most regions, which also starts with 0). True for the
	// regions whose national prefix is 0: their numbers are written with
	// it, so a number without it is a count, a date or a code.
	zero bool
}

// newPhoneRule returns the rule of a default region ("" is "JP").
func newPhoneRule(region string) (phoneRule, error) {
	if region == "" {
		region = "JP"
	}
	region = strings.ToUpper(region)
	if len(region) != 2 {
		return phoneRule{}, ErrRegion
	}
	m := phone.Region(region)
	if m == nil {
		return phoneRule{}, ErrRegion
	}
	return phoneRule{meta: m, zero: phonenumbers.GetNddPrefixForRegion(region, true) == "0"}, nil
}

// PhoneRegion returns the metadata of the finder's default phone region,
// and whether its numbers written without a plus must start with 0 (its
// national prefix): freetext reads numbers the finder does not by the
// same rule.
func (f *Finder) PhoneRegion() (*phone.Meta, bool) { return f.phone.meta, f.phone.zero }

// valid reports whether v is a phone number: phone.Scan's rule (the one
// rule of what a written phone number is, SPEC.md §3), then the region's
// prefix rule, a parse with the default region, a possible length, a
// stable E.164 form (normalization's own checks), and a valid number for
// its region by phonenumbers' metadata (IsValidNumber: the number matches
// one of the region's number ranges).
func (p *phoneRule) valid(v string, d *phone.Digits) bool {
	plus, err := phone.Scan(v, d)
	if err != nil {
		return false
	}
	digits := d.Bytes()
	if !plus && p.zero && digits[0] != '0' {
		return false
	}
	num, err := phone.ParseDigits(digits, plus, p.meta)
	if err != nil || !num.Possible() || !num.Stable() {
		return false
	}
	return num.Valid()
}

// findPhones appends the phones among the tokens of a run's groups: for
// each token that may start a number, the longest sequence of at most
// maxPhoneTokens tokens that is a phone number, if any, and on after it;
// stops as for leftOK, d a buffer for the digits.
func (f *Finder) findPhones(dst []Finding, text string, groups []group, stops bool, d *phone.Digits) []Finding {
	var tokens [maxPhoneTokens + 1]int // first group of each token, then the end
	for t := 0; t < len(groups); {
		// Tokens from group t on.
		nt := 0
		for g := t; g < len(groups) && nt <= maxPhoneTokens; g++ {
			if g == t || groups[g].tok >= 0 {
				tokens[nt] = g
				nt++
			}
		}
		last := len(groups) // end of the last token
		if nt > maxPhoneTokens {
			nt--
			last = tokens[nt]
		}
		next := last
		if nt > 1 {
			next = tokens[1]
		}
		found := false
		for k := nt; k >= 1 && !found; k-- {
			end := last
			if k < nt {
				end = tokens[k]
			}
			s, e := phoneStart(text, groups[t].tok, groups[t].s, groups[end-1].e), groups[end-1].e
			digits := 0
			for _, g := range groups[t:end] {
				digits += g.nd
			}
			if digits > maxPhoneDigits || e-s > phone.MaxInput || !phoneLeftOK(text, s, stops) || !rightOK(text, e, stops) || !f.phone.valid(text[s:e], d) {
				continue
			}
			dst = append(dst, Finding{Entity: Phone, Start: s, End: e})
			found, next = true, end
		}
		t = next
	}
	return dst
}

// phoneStart returns where a number whose token starts at tok (-1: at its
// first digit s) and which ends at e starts: at its plus, at an opening
// parenthesis closed before e, or at its first digit.
func phoneStart(text string, tok, s, e int) int {
	if tok < 0 {
		return s
	}
	for i := tok; i < s; {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case phone.Plus(r):
			return i
		case r == '(' && strings.IndexByte(text[i:e], ')') >= 0, r == '（' && strings.Contains(text[i:e], "）"):
			return i
		}
		i += n
	}
	return s
}

// phoneLeftOK is leftOK, and also allows a number written straight after a
// label: "TEL03-1234-5678", "Tel.090…", "fax:", "携帯" needs no exception.
func phoneLeftOK(text string, i int, stops bool) bool {
	if leftOK(text, i, stops) {
		return true
	}
	j := i
	if r, n := utf8.DecodeLastRuneInString(text[:j]); r == ':' || r == '.' || r == '：' || r == '．' {
		j -= n
	}
	k := j
	for k > 0 && k > j-6 && ('a' <= text[k-1]|0x20 && text[k-1]|0x20 <= 'z') {
		k--
	}
	if k > 0 {
		if r, _ := utf8.DecodeLastRuneInString(text[:k]); wordRune(r) {
			return false
		}
	}
	switch strings.ToLower(text[k:j]) {
	case "tel", "fax", "phone", "mobile", "mob", "cell", "ph":
		return true
	}
	return false
}
