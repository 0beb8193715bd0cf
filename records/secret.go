package records

import (
	"fmt"
	"io"
	"log/slog"
)

// Redacted is what a [Secret] shows of itself.
const Redacted = "[REDACTED]"

// Secret is a string holding personal data, such as a user's email in a Go
// struct. It keeps the value out of fmt (every verb, including %#v), log/slog,
// encoding/json and any encoder that uses encoding.TextMarshaler: they all
// see [Redacted]. Read the value with [Secret.Reveal], on purpose.
//
// A Secret is still a string to the language: string(s) and reflection read
// it, and fmt prints unexported struct fields without calling their methods,
// so keep Secret fields exported. Tag them (`piikit:"email,mask,…"`) and
// [Protect] transforms them like any string.
type Secret string

// Reveal returns the value.
func (s Secret) Reveal() string { return string(s) }

// String returns [Redacted].
func (Secret) String() string { return Redacted }

// GoString returns [Redacted].
func (Secret) GoString() string { return Redacted }

// Format writes [Redacted] for every verb.
func (Secret) Format(f fmt.State, verb rune) { io.WriteString(f, Redacted) }

// LogValue returns [Redacted], for log/slog.
func (Secret) LogValue() slog.Value { return slog.StringValue(Redacted) }

// MarshalJSON returns "[REDACTED]" in JSON. A Secret read from JSON keeps
// its value (it has no UnmarshalJSON; the string is decoded as usual).
func (Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + Redacted + `"`), nil }

// MarshalText returns [Redacted].
func (Secret) MarshalText() ([]byte, error) { return []byte(Redacted), nil }

var (
	_ fmt.Formatter  = Secret("")
	_ fmt.Stringer   = Secret("")
	_ fmt.GoStringer = Secret("")
	_ slog.LogValuer = Secret("")
)
