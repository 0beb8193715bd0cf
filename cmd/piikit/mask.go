package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/piikit/piikit/internal/safechar"
	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/mask"
	"github.com/piikit/piikit/mask/display"
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

// masker loads the keyset and makes the Masker the flags describe.
func masker(ctx context.Context, ff *fieldFlags, ks *keysetSource) (*mask.Masker, error) {
	f, err := ff.field(kind.Mask)
	if err != nil {
		return nil, err
	}
	h, err := ks.load(ctx, keyset.PurposePRF)
	if err != nil {
		return nil, err
	}
	m, err := mask.New(h, f)
	if err != nil {
		return nil, usagef("%v", err)
	}
	return m, nil
}

func runMask(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "mask", maskUsage)
	var ks keysetSource
	ks.addFlags(fs, "keyset")
	var ff fieldFlags
	ff.add(fs, true, kind.Mask, kind.Display)
	in := fs.String("in", "", "read values from this `file` instead of stdin")
	displayMasks := fs.Bool("display", false, "make display masks (no key, irreversible) instead of FF1 masks")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}

	var maskLine func(string) (string, bool, error)
	if *displayMasks {
		if ks.path != "" || ff.domain != "" {
			return usagef("--display takes no --keyset or --domain: display masks use no key")
		}
		f, err := ff.field(kind.Display)
		if err != nil {
			return err
		}
		d, err := display.New(f)
		if errors.Is(err, safechar.ErrUnsafe) {
			return usagef("--mask-char: %v", err)
		}
		if err != nil {
			return usagef("%v", err)
		}
		maskLine = func(v string) (string, bool, error) {
			out, err := d.Mask(v)
			return out, false, err
		}
	} else {
		m, err := masker(ctx, &ff, &ks)
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
	var ff fieldFlags
	ff.add(fs, true, kind.Mask)
	in := fs.String("in", "", "read masks from this `file` instead of stdin")
	var af auditFlags
	af.add(fs)
	keyID := fs.String("key-id", "", "the `ID` of the root key that made the masks (default: the keyset's primary key)")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if _, err := ff.parseKind(kind.Mask); err != nil {
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
	m, err := masker(ctx, &ff, &ks)
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
