package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/mask"
)

func init() {
	register(&command{
		name:    "mask",
		summary: "mask values, one per line, keeping their format (FF1), or display-mask them",
		run:     runMask,
	})
	register(&command{
		name:    "unmask",
		summary: "turn format-preserving masks, one per line, back into values (audited)",
		run:     runUnmask,
	})
}

const maskUsage = `Usage: piikit mask --keyset K --master-key-uri URI --kind KIND --domain D [--scope S] [options] [--in FILE]
       piikit mask --display --kind KIND [--reveal FIRST,LAST] [--mask-char C] [--in FILE]

Mask reads values of one kind, one per line, from stdin (or --in) and writes
one masked value per line, in order, to stdout. A masked value keeps the
format of the value (SPEC.md §5): a phone number stays a possible number of
the same country and type in the same layout, an email a valid address, a
card number Luhn-valid (or invalid with --check-digit invalid), a Japanese
name in the same scripts. The same value always gives the same mask for the
same domain, scope and key; piikit unmask reverses it with the keyset
(purpose prf). Masks are made with the keyset's primary key: record its ID
(piikit keyset list) to unmask after a rotation.

Kinds: name, phone, email, card, mynumber, pattern (--pattern), generic
(--alphabet).

Values too short to mask securely (fewer than 1,000,000 possible values,
e.g. a 4-letter name) fail, unless --allow-irreversible-short replaces them
by a keyed, irreversible substitution of the same format (counted on stderr).

--display makes display masks instead (no key, irreversible, SPEC.md §6):
t***@example.com, ***-****-5678, 山* 太*, 4111 11** **** 1111.

A line that cannot be masked is reported on stderr as "line N: <reason>",
never with its value; its output line is left empty, the other lines are
still written, and the exit status is 1.

Example:
  printf '090-1234-5678\n' | piikit mask --keyset prf.json \
      --master-key-uri local-kek://kek.json --kind phone --region JP --domain users.phone`

const unmaskUsage = `Usage: piikit unmask --keyset K --master-key-uri URI --kind KIND --domain D [--scope S] [options] --reason WHY [--key-id ID] [--in FILE]

Unmask reads masks made by piikit mask (with the same kind, options, domain
and scope), one per line, from stdin (or --in) and writes the values, one
per line, in order, to stdout. --key-id is the root key that made the masks
(default: the keyset's primary key).

--reason is required. Before any value is written, an audit line (JSON: who,
why, kind, domain, scope, key ID, how many values; never a value) is
appended to --audit-log, or written to stderr; if it cannot be written,
nothing is revealed. Lines are read in batches of 4096, one audit line per
batch.

A mask made with another key, domain, scope or options unmasks to a wrong
value of the right format: FF1 cannot tell. A line that is not of the
masker's format (another kind, a check digit that does not fit) is reported
on stderr as "line N: <reason>"; its output line is left empty and the exit
status is 1.`

// maskFlags are the flags that describe a mask.Masker.
type maskFlags struct {
	kind, domain, scope, region    string
	phoneKeep                      string
	maskedDomain                   bool
	cardKeep, checkDigit           string
	pattern, checkScheme, alphabet string
	allowShort                     bool
}

func (f *maskFlags) add(fs *flag.FlagSet) {
	fs.StringVar(&f.kind, "kind", "", "the `kind` of the values: name, phone, email, card, mynumber, pattern or generic (required)")
	fs.StringVar(&f.domain, "domain", "", "the `domain` the masks are bound to, e.g. users.phone (required with a keyset)")
	fs.StringVar(&f.scope, "scope", "", "the `scope` (recipient) the masks are bound to, e.g. acme")
	fs.StringVar(&f.region, "region", "", "phone: the default `region` of numbers without a country code, e.g. JP")
	fs.StringVar(&f.phoneKeep, "phone-keep", "", "phone: keep at least `n` leading digits of the national number")
	fs.BoolVar(&f.maskedDomain, "masked-domain", false, "email: mask the domain too, keeping its public suffix")
	fs.StringVar(&f.cardKeep, "card-keep", "", "card: keep the `first,last` digits exactly (default 6,4, fewer first digits when needed)")
	fs.StringVar(&f.checkDigit, "check-digit", "", "card, mynumber, pattern: masks carry a `valid` (default) or invalid check digit")
	fs.StringVar(&f.pattern, "pattern", "", "pattern: the shape of the values, e.g. '[A-Z]{2}-[0-9]{7}'")
	fs.StringVar(&f.checkScheme, "check-scheme", "", "pattern: the check digit `scheme`, luhn or mynumber")
	fs.StringVar(&f.alphabet, "alphabet", "", "generic: the `characters` to mask, in order; others are kept")
	fs.BoolVar(&f.allowShort, "allow-irreversible-short", false, "replace values too short to mask reversibly by an irreversible substitution instead of failing")
}

func (f *maskFlags) parseKind() (mask.Kind, error) {
	if f.kind == "" {
		return "", usagef("--kind is required (name, phone, email, card, mynumber, pattern or generic)")
	}
	k, err := mask.ParseKind(f.kind)
	if err != nil {
		return "", usagef("--kind %q: want name, phone, email, card, mynumber, pattern or generic", f.kind)
	}
	return k, nil
}

// options turns the flags into mask options; flags that do not apply to the
// kind are refused by mask.New. Values are read by mask's text parsers, as
// policy options are (SPEC.md §5).
func (f *maskFlags) options() ([]mask.Option, error) {
	var opts []mask.Option
	if f.region != "" {
		opts = append(opts, mask.WithRegion(f.region))
	}
	if f.phoneKeep != "" {
		n, err := mask.ParseCount(f.phoneKeep)
		if err != nil {
			return nil, usagef("--phone-keep %q: %v", f.phoneKeep, err)
		}
		opts = append(opts, mask.WithPhoneKeep(n))
	}
	if f.maskedDomain {
		opts = append(opts, mask.WithMaskedDomain())
	}
	if f.cardKeep != "" {
		first, last, err := mask.ParseFirstLast(f.cardKeep)
		if err != nil {
			return nil, usagef("--card-keep %q: %v", f.cardKeep, err)
		}
		opts = append(opts, mask.WithCardKeep(first, last))
	}
	if f.checkDigit != "" {
		c, err := mask.ParseCheckDigit(f.checkDigit)
		if err != nil {
			return nil, usagef("--check-digit %q: want valid or invalid", f.checkDigit)
		}
		opts = append(opts, mask.WithCheckDigit(c))
	}
	if f.pattern != "" {
		opts = append(opts, mask.WithPattern(f.pattern))
	}
	if f.checkScheme != "" {
		opts = append(opts, mask.WithCheckScheme(mask.CheckScheme(f.checkScheme)))
	}
	if f.alphabet != "" {
		opts = append(opts, mask.WithAlphabet(f.alphabet))
	}
	if f.allowShort {
		opts = append(opts, mask.AllowIrreversibleShort())
	}
	return opts, nil
}

// masker loads the keyset and makes the Masker the flags describe.
func (f *maskFlags) masker(ctx context.Context, ks *keysetSource) (*mask.Masker, error) {
	kind, err := f.parseKind()
	if err != nil {
		return nil, err
	}
	if f.domain == "" {
		return nil, usagef("--domain is required")
	}
	opts, err := f.options()
	if err != nil {
		return nil, err
	}
	h, err := ks.load(ctx, keyset.PurposePRF)
	if err != nil {
		return nil, err
	}
	m, err := mask.New(h, kind, f.domain, f.scope, opts...)
	if err != nil {
		return nil, usagef("%v", err)
	}
	return m, nil
}

func runMask(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "mask", maskUsage)
	var ks keysetSource
	ks.addFlags(fs, "keyset")
	var mf maskFlags
	mf.add(fs)
	in := fs.String("in", "", "read values from this `file` instead of stdin")
	display := fs.Bool("display", false, "make display masks (no key, irreversible) instead of FF1 masks")
	reveal := fs.String("reveal", "", "display: how many characters to show `first,last` (default per kind)")
	maskChar := fs.String("mask-char", "", "display: the `character` that replaces hidden ones (default *)")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}

	var maskLine func(string) (string, bool, error)
	if *display {
		kind, err := mf.parseKind()
		if err != nil {
			return err
		}
		if ks.path != "" || mf.domain != "" {
			return usagef("--display takes no --keyset or --domain: display masks use no key")
		}
		var dopts []mask.DisplayOption
		if *reveal != "" {
			first, last, err := mask.ParseFirstLast(*reveal)
			if err != nil {
				return usagef("--reveal %q: %v", *reveal, err)
			}
			dopts = append(dopts, mask.WithReveal(first, last))
		}
		if *maskChar != "" {
			r, n := utf8.DecodeRuneInString(*maskChar)
			if n != len(*maskChar) || r == utf8.RuneError {
				return usagef("--mask-char: want one character")
			}
			dopts = append(dopts, mask.WithMaskChar(r))
		}
		if err := mask.CheckDisplay(kind, dopts...); err != nil {
			return usagef("--mask-char: %v", err)
		}
		maskLine = func(v string) (string, bool, error) {
			out, err := mask.Display(kind, v, dopts...)
			return out, false, err
		}
	} else {
		if *reveal != "" || *maskChar != "" {
			return usagef("--reveal and --mask-char apply to --display only")
		}
		m, err := mf.masker(ctx, &ks)
		if err != nil {
			return err
		}
		maskLine = func(v string) (string, bool, error) {
			r, err := m.MaskResult(v)
			return r.Value, r.Irreversible, err
		}
	}

	irreversible := 0
	lines, failed, err := mapLines(ctx, e, *in, func(dst []byte, v string) ([]byte, error) {
		masked, irr, err := maskLine(v)
		if irr {
			irreversible++
		}
		return append(dst, masked...), err
	})
	if err == nil && irreversible > 0 {
		fmt.Fprintf(e.stderr, "piikit mask: %d of %d values were too short for FF1 and were substituted irreversibly\n", irreversible, lines)
	}
	return finishLines(err, failed, lines, "masked")
}

func runUnmask(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "unmask", unmaskUsage)
	var ks keysetSource
	ks.addFlags(fs, "keyset")
	var mf maskFlags
	mf.add(fs)
	in := fs.String("in", "", "read masks from this `file` instead of stdin")
	var af auditFlags
	af.add(fs)
	keyID := fs.String("key-id", "", "the `ID` of the root key that made the masks (default: the keyset's primary key)")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if _, err := mf.parseKind(); err != nil {
		return err
	}
	req, err := af.request()
	if err != nil {
		return err
	}
	if err := checkRevealFiles(*in, &ks, &af); err != nil {
		return err
	}
	var id uint32
	if *keyID != "" {
		v, err := strconv.ParseUint(*keyID, 10, 32)
		if err != nil {
			return usagef("--key-id %q: want a key ID (a decimal number)", *keyID)
		}
		id = uint32(v)
	}
	m, err := mf.masker(ctx, &ks)
	if err != nil {
		return err
	}
	if *keyID == "" {
		id = m.KeyID()
	}
	hook := af.hook(e)
	return revealLines(ctx, e, *in, "unmasked", revealer{
		check: m.Check,
		reveal: func(masks []string) ([]string, []int, error) {
			values, err := m.Unmask(ctx, hook, req, id, masks...)
			return values, nil, err
		},
	})
}
