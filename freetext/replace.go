package freetext

import (
	"cmp"
	"errors"
	"fmt"
	"strconv"
	"strings"

	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"

	"github.com/piikit/piikit/internal/pattern"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/mask"
	"github.com/piikit/piikit/surrogate"
	"github.com/piikit/piikit/tokenize"
	"golang.org/x/text/unicode/norm"
)

// replacer replaces the values of one entity.
type replacer struct {
	entity kind.Kind
	rule   Rule // as given, with Kind, Scope and Region resolved
	mask   *mask.Masker
	token  *tokenize.Tokenizer
	pseudo *tokenize.Pseudonymizer
	// surr writes the surrogates of names: of every name under a surrogate
	// rule, and under a mask rule of the names the mask cannot take (too
	// short for FF1, or of characters it does not carry).
	surr *surrogate.Surrogator
	// pattern is the pattern IDs are found by (Field.Pattern), nil if
	// none: IDs are then found as known values only.
	pattern *pattern.Pattern
}

// newReplacer builds the replacer of entity e by rule r.
func newReplacer(root, tokens *tinkkeyset.Handle, e kind.Kind, r Rule, opts Options) (*replacer, error) {
	f := r.Field
	if f.Kind == "" {
		f.Kind = e
	}
	if f.Kind != e {
		return nil, fmt.Errorf("freetext: %w: the rule of %s has kind %s", kind.ErrOption, e, f.Kind)
	}
	r.Transform = cmp.Or(r.Transform, kind.Mask)
	if r.Transform != Redact {
		f.Scope = cmp.Or(f.Scope, opts.Scope)
		if e == kind.Phone {
			f.Region = cmp.Or(f.Region, opts.Region, "JP")
		}
	}
	r.Field = f
	rp := &replacer{entity: e, rule: r}
	// What finds IDs (pattern, check_scheme) applies to every transform of
	// them; the transform sees them only if it is a mask (of the pattern).
	if e == kind.ID {
		if f.Pattern == "" && f.CheckScheme != "" {
			return nil, fmt.Errorf("freetext: %w: a check scheme of IDs needs a pattern", kind.ErrOption)
		}
		if f.Pattern != "" {
			var err error
			if rp.pattern, err = pattern.Parse(f.Pattern, f.CheckScheme); err != nil {
				return nil, fmt.Errorf("freetext: rule of %s: %w", e, err)
			}
		}
		if r.Transform != kind.Mask {
			f.Pattern, f.CheckScheme = "", ""
		}
	}
	var err error
	switch r.Transform {
	case Redact:
		if f != (kind.Field{Kind: e}) {
			return nil, fmt.Errorf("freetext: %w: the redaction of %s takes no domain, scope or option (but an ID's pattern)", kind.ErrOption, e)
		}
		return rp, nil
	case kind.Mask:
		if e == kind.ID && f.Pattern == "" {
			return nil, fmt.Errorf("freetext: %w: masks of IDs need a pattern", kind.ErrOption)
		}
		if e == kind.Card || e == kind.MyNumber || e == kind.ID {
			// A mask with a wrong check digit is not found again in the
			// text, so it could not be reversed.
			if f.CheckDigit == kind.CheckInvalid {
				return nil, fmt.Errorf("freetext: %w: %s masks in text keep a valid check digit (check_digit: invalid is not found again)", kind.ErrOption, e)
			}
		}
		if root == nil {
			return nil, fmt.Errorf("freetext: %w: masks of %s need the root keyset", kind.ErrOption, e)
		}
		if e != kind.Name {
			// A value too short for FF1 (an email's local part "taro") is
			// in many messages: it is replaced irreversibly, in its format,
			// rather than fail them all. Values long enough are masked as
			// their column masks them.
			f.AllowIrreversibleShort = true
		}
		rp.mask, err = mask.New(root, f)
		if err == nil && e == kind.Name {
			// In the rule's domain: 林さん gets the surname that 林 太郎
			// gets in a surrogate column of that domain.
			rp.surr, err = surrogate.New(root, f)
		}
	case kind.Surrogate:
		if e != kind.Name {
			return nil, fmt.Errorf("freetext: %w: surrogates replace names only, not %s", kind.ErrOption, e)
		}
		if root == nil {
			return nil, fmt.Errorf("freetext: %w: surrogates of names need the root keyset", kind.ErrOption)
		}
		rp.surr, err = surrogate.New(root, f)
	case kind.Token:
		if tokens == nil {
			return nil, fmt.Errorf("freetext: %w: tokens of %s need the token keyset", kind.ErrOption, e)
		}
		err = rp.checkShortIDs(f)
		if err == nil {
			rp.token, err = tokenize.NewTokenizer(tokens, f)
		}
	case kind.Pseudonym:
		if root == nil {
			return nil, fmt.Errorf("freetext: %w: pseudonyms of %s need the root keyset", kind.ErrOption, e)
		}
		err = rp.checkShortIDs(f)
		if err == nil {
			rp.pseudo, err = tokenize.NewPseudonymizer(root, f)
		}
	default:
		return nil, fmt.Errorf("freetext: %w: transform %q of %s (want mask, token, pseudonym, redact, or surrogate for names)", kind.ErrOption, string(r.Transform), e)
	}
	if err != nil {
		return nil, fmt.Errorf("freetext: rule of %s: %w", e, err)
	}
	return rp, nil
}

// checkShortIDs refuses a rule that tokenizes IDs of a pattern shorter
// than the 6 characters tokenize takes from an ID (SPEC.md §3): every text
// with one would fail.
func (r *replacer) checkShortIDs(f kind.Field) error {
	if r.pattern != nil && len(r.pattern.Items) < 6 && !f.InsecureAllowShortIDs {
		return fmt.Errorf("%w: the pattern's IDs are shorter than 6 characters, which tokens and pseudonyms refuse (insecure_allow_short_ids)", kind.ErrOption)
	}
	return nil
}

// reversible reports whether holders of the keys can undo the rule's
// replacements in text: tokens, and masks of entities the finders find
// again (not names: a masked name is not told from other words).
func (r *replacer) reversible() bool {
	return r.rule.Transform == kind.Token || r.rule.Transform == kind.Mask && r.entity != kind.Name
}

// readsBack reports whether r is a reversible mask: the finders find its
// outputs again in a text, and reversal reads them there. r may be nil.
func (r *replacer) readsBack() bool { return r != nil && r.mask != nil && r.reversible() }

// keyID is the ID of the key of the rule's outputs, 0 for a redaction.
func (r *replacer) keyID() uint32 {
	switch {
	case r.mask != nil:
		return r.mask.KeyID()
	case r.token != nil:
		return r.token.KeyID()
	case r.pseudo != nil:
		return r.pseudo.KeyID()
	case r.surr != nil:
		return r.surr.KeyID()
	}
	return 0
}

// replace appends the replacement of v to dst, and reports whether it is
// irreversible.
func (r *replacer) replace(dst []byte, v string) ([]byte, bool, error) {
	switch r.rule.Transform {
	case Redact:
		return append(append(append(dst, '['), strings.ToUpper(string(r.entity))...), ']'), true, nil
	case kind.Token:
		tok, err := r.token.Token(v)
		if err != nil {
			return dst, false, err
		}
		return appendMarked(dst, r.entity, tok), false, nil
	case kind.Pseudonym:
		ps, err := r.pseudo.Pseudonym(v)
		if err != nil {
			return dst, false, err
		}
		return appendMarked(dst, r.entity, ps), true, nil
	case kind.Surrogate:
		return r.surrogate(dst, v)
	}
	m, err := r.mask.MaskResult(v)
	if errors.Is(err, mask.ErrInvalidValue) && r.surr == nil {
		// A value written in full-width forms (ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ)
		// that the mask does not carry is masked in its compatibility
		// form (NFKC), the same value: the column's mask of that form.
		if folded := norm.NFKC.String(v); folded != v {
			m, err = r.mask.MaskResult(folded)
		}
	}
	if err == nil {
		return append(dst, m.Value...), m.Irreversible || r.entity == kind.Name, nil
	}
	if r.surr != nil && (errors.Is(err, mask.ErrTooShort) || errors.Is(err, mask.ErrUnsupportedChar)) {
		return r.surrogate(dst, v)
	}
	return dst, false, err
}

// surrogate appends the surrogate of name v, as a column of the rule's
// domain writes it (package surrogate, SPEC.md §8): a name of one word is a
// surname if the surname list has it, else a given name. It is
// irreversible.
func (r *replacer) surrogate(dst []byte, v string) ([]byte, bool, error) {
	s, err := r.surr.Name(v)
	if err != nil {
		return dst, false, err
	}
	return append(dst, s...), true, nil
}

// Markers. A token or pseudonym in text is written as Google Cloud DLP
// writes its surrogates, TYPE(n):token, where TYPE is the entity in
// capitals and n the token's length in bytes, so that it is found again
// (and is not read as a word of the text around it): PHONE(52):….
func appendMarked(dst []byte, e kind.Kind, tok string) []byte {
	dst = append(dst, strings.ToUpper(string(e))...)
	dst = append(dst, '(')
	dst = strconv.AppendInt(dst, int64(len(tok)), 10)
	dst = append(dst, "):"...)
	return append(dst, tok...)
}

// marker is a marked token found in a protected text.
type marker struct {
	entity     kind.Kind
	start, end int // of the whole marker
	tok        string
}

// markers returns the markers of entity e in text.
func markers(text string, e kind.Kind) []marker {
	tag := strings.ToUpper(string(e)) + "("
	var out []marker
	for i := 0; ; {
		j := strings.Index(text[i:], tag)
		if j < 0 {
			return out
		}
		start := i + j
		i = start + len(tag)
		// Not in the middle of a word: MYNUMBER( is not PHONE(… of XPHONE(.
		if start > 0 && asciiWord(text[start-1]) {
			continue
		}
		k := i
		for k < len(text) && k-i < 5 && '0' <= text[k] && text[k] <= '9' {
			k++
		}
		if k == i || k+1 >= len(text) || text[k] != ')' || text[k+1] != ':' {
			continue
		}
		n, err := strconv.Atoi(text[i:k])
		if err != nil || n == 0 || k+2+n > len(text) {
			continue
		}
		tok := text[k+2 : k+2+n]
		out = append(out, marker{entity: e, start: start, end: k + 2 + n, tok: tok})
		i = k + 2 + n
	}
}

func asciiWord(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
}
