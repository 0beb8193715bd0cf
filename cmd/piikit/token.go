package main

import (
	"context"
	"errors"

	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/tokenize"
)

func init() {
	register(&command{
		name:    "token",
		summary: "replace values, one per line, by pseudonyms or reversible tokens",
		run:     runToken,
	})
	register(&command{
		name:    "detoken",
		summary: "turn reversible tokens, one per line, back into values (audited)",
		run:     runDetoken,
	})
}

const tokenUsage = `Usage: piikit token --keyset K --master-key-uri URI --kind KIND --domain D [--scope S] [--region JP] [--reversible] [--in FILE]

Token reads values of one kind, one per line, from stdin (or --in) and writes
one token per line, in order, to stdout. Values are normalized first (see
SPEC.md §3), so "Taro.Yamada@Example.COM" and "taro.yamada@example.com" get
one token.

By default the tokens are pseudonyms: nobody can reverse them, the keyset
(purpose prf) only recomputes them. With --reversible they are reversible
tokens (keyset purpose daead) that piikit detoken turns back into values.

A line that cannot be tokenized (not of its kind, empty, too long) is
reported on stderr as "line N: <reason>", never with its value; its output
line is left empty, the other lines are still written, and the exit status
is 1.

Example:
  printf 'Taro.Yamada@Example.COM\n' | piikit token --keyset prf.json \
      --master-key-uri local-kek://kek.json --kind email --domain users.email --scope acme`

const detokenUsage = `Usage: piikit detoken --keyset K --master-key-uri URI --kind KIND --domain D [--scope S] --reason WHY [--in FILE]

Detoken reads reversible tokens (made by piikit token --reversible with the
same kind, domain, scope and prefix), one per line, from stdin (or --in) and
writes their normalized values, one per line, in order, to stdout.

--reason is required. Before any value is written, an audit line (JSON: who,
why, kind, domain, scope, key IDs, how many values; never a value or token)
is appended to --audit-log, or written to stderr; if it cannot be written,
nothing is revealed. Tokens are read in batches of 4096 lines, one audit
line per batch.

A token that cannot be read (tampered, truncated, another domain or scope, a
disabled or deleted key) is reported on stderr as "line N: invalid token";
its output line is left empty and the exit status is 1.`

func runToken(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "token", tokenUsage)
	var ks keysetSource
	ks.addFlags(fs, "keyset")
	var ff fieldFlags
	ff.add(fs, true, kind.Pseudonym, kind.Token)
	reversible := fs.Bool("reversible", false, "make reversible tokens (keyset purpose daead) instead of pseudonyms")
	in := fs.String("in", "", "read values from this `file` instead of stdin")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	t := kind.Pseudonym
	if *reversible {
		t = kind.Token
		if _, ok := ff.given["size"]; ok {
			return usagef("--size applies to pseudonyms only, not with --reversible")
		}
	}
	field, err := ff.field(t)
	if err != nil {
		return err
	}
	purpose := keyset.PurposePRF
	if *reversible {
		purpose = keyset.PurposeDeterministicAEAD
	}
	h, err := ks.load(ctx, purpose)
	if err != nil {
		return err
	}
	var appendToken func([]byte, string) ([]byte, error)
	if *reversible {
		t, err := tokenize.NewTokenizer(h, field)
		if err != nil {
			return err
		}
		appendToken = t.AppendToken
	} else {
		p, err := tokenize.NewPseudonymizer(h, field)
		if err != nil {
			return err
		}
		appendToken = p.AppendPseudonym
	}

	lines, failed, err := mapLines(ctx, e, *in, appendToken)
	return finishLines(err, failed, lines, "tokenized")
}

func runDetoken(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "detoken", detokenUsage)
	var ks keysetSource
	ks.addFlags(fs, "keyset")
	var ff fieldFlags
	ff.add(fs, true, kind.Token)
	in := fs.String("in", "", "read tokens from this `file` instead of stdin")
	var af auditFlags
	af.add(fs)
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	field, err := ff.field(kind.Token)
	if err != nil {
		return err
	}
	req, err := af.request()
	if err != nil {
		return err
	}
	if err := checkRevealFiles(*in, &ks, &af); err != nil {
		return err
	}
	h, err := ks.load(ctx, keyset.PurposeDeterministicAEAD)
	if err != nil {
		return err
	}
	t, err := tokenize.NewTokenizer(h, field)
	if err != nil {
		return err
	}
	hook := af.hook(e)
	return revealLines(ctx, e, *in, "detokenized", revealer{
		reveal: func(tokens []string) ([]string, []int, error) {
			values, err := t.Detokenize(ctx, hook, req, tokens...)
			var ite *tokenize.InvalidTokensError
			if errors.As(err, &ite) {
				return values, ite.Indexes, nil // the other tokens are revealed
			}
			return values, nil, err
		},
		invalidReason: "invalid token",
	})
}
