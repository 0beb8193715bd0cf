// Package leakaudit is test support for the module's leak audit: [Values],
// bad values of every kind that each carry a mark, and [Find], which finds
// that mark in any text (an error, stderr, a log line). Tests feed the values
// to an entry point and assert that Find sees nothing in what comes out: no
// error, panic or printed form may carry a protected value (README.md,
// "Security in one paragraph").
//
// The package's own test drives the libraries (normalize, tokenize, mask,
// records, keyset); cmd/piikit/leak_test.go drives every command.
package leakaudit

import (
	"regexp"
	"slices"
	"strings"
)

// mark matches a leaked value: a word no message uses, in any case, and a
// run of digits no message prints (record and line numbers stay small),
// also in full width.
var mark = regexp.MustCompile(`(?i)zq\s*leak|98765\s*4321|９８７６５`)

// Find returns the first mark of a value in s, or "".
func Find(s string) string { return mark.FindString(s) }

// values fail somewhere for every kind: not of their kind, malformed UTF-8,
// control and bidi characters, IDNA errors, too long (for a value, and for
// a line of the command), wrong check digits, near misses of the right form.
// None holds a line break, so each is one line of a command's input.
var values = []string{
	"",
	"zqleak",
	"ZQLEAK",
	"zqleak@",
	"@zqleak",
	"zqleak@@example.com",
	"zqleak\xff@example.com",
	"zqleak@exa mple.com",
	"zqleak@xn--zz.com",
	"zqleak@-zqleak-.com",
	"zqleak@zqleak",
	"zqleak@" + strings.Repeat("a", 64) + ".com",
	"zqleak@" + strings.Repeat("zqleak.", 40) + "com",
	"zqleak@\u202eexample.com",
	"zqleak@ex\u0000ample.com",
	"\u202ezqleak",
	"zqleak\x00name",
	"zqleak\ttaro",
	"+81 98765 4321 zqleak",
	"+8198765432198765432",
	"098765432",
	"987654321",
	"+999 987654321",
	"987654321 ext. 5",
	"+81 987654321;ext=5",
	"９８７６５４３２１",
	"zqleak-98765432",
	"98765432",
	"98765432\x00",
	"98765432 zqleak",
	"987654321000", // a My Number with a wrong check digit
	"4111 9876 5432 1000",
	"9876543210987654321098765",
	strings.Repeat("zqleak", 500),
	strings.Repeat("zqleak", 2000), // longer than a command's line
	strings.Repeat("98765432", 200),
	"zqleak" + strings.Repeat("\u0301", 300),
	"ZQ-98765432",
}

// Values returns the bad values, a fresh copy on every call.
func Values() []string { return slices.Clone(values) }
