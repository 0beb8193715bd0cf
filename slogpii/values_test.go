package slogpii_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/freetext"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/slogpii"
)

type stringer struct{ s string }

func (s stringer) String() string { return s.s }

type groupValuer struct{}

func (groupValuer) LogValue() slog.Value {
	return slog.GroupValue(slog.String("email", "hanako@example.com"), slog.String("phone", "090-1234-5678"))
}

const rawEmail, rawPhone = "hanako@example.com", "090-1234-5678"

func assertNoRaw(t *testing.T, buf *bytes.Buffer) {
	t.Helper()
	for _, v := range []string{rawEmail, rawPhone, "hanako"} {
		if strings.Contains(buf.String(), v) {
			t.Errorf("raw value %q logged: %s", v, buf.String())
		}
	}
}

func TestValuesHoldNoPersonalData(t *testing.T) {
	policies := map[string]string{
		"base": usersPolicy,
		"drop": usersPolicy + "unnamed: drop\n",
	}
	for name, policy := range policies {
		cases := map[string]func(l *slog.Logger){
			"valuer-group":     func(l *slog.Logger) { l.Info("m", "email", groupValuer{}) },
			"valuer-unnamed":   func(l *slog.Logger) { l.Info("m", "who", groupValuer{}) },
			"error":            func(l *slog.Logger) { l.Info("m", "email", errors.New(rawEmail)) },
			"error-unnamed":    func(l *slog.Logger) { l.Info("m", "err", fmt.Errorf("user %s: %w", rawEmail, errors.New("x"))) },
			"stringer":         func(l *slog.Logger) { l.Info("m", "phone", stringer{rawPhone}) },
			"stringer-unnamed": func(l *slog.Logger) { l.Info("m", "x", stringer{rawPhone}) },
			"withgroup":        func(l *slog.Logger) { l.WithGroup("req").Info("m", "email", rawEmail) },
			"group":            func(l *slog.Logger) { l.Info("m", slog.Group("req", "email", rawEmail)) },
			"withattrs-group":  func(l *slog.Logger) { l.WithGroup("req").With("email", rawEmail).Info("m") },
			"empty-group-key":  func(l *slog.Logger) { l.Info("m", slog.Group("", "email", rawEmail)) },
			"key-is-data":      func(l *slog.Logger) { l.Info("m", rawEmail, 1) },
			"bytes":            func(l *slog.Logger) { l.Info("m", "email", []byte(rawEmail)) },
			"map":              func(l *slog.Logger) { l.Info("m", "ctx", map[string]string{"email": rawEmail}) },
			"dotted-key":       func(l *slog.Logger) { l.Info("m", "req.email", rawEmail) },
			"bad-phone":        func(l *slog.Logger) { l.Info("m", "phone", rawPhone+"x") },
		}
		for cname, log := range cases {
			t.Run(name+"/"+cname, func(t *testing.T) {
				var buf bytes.Buffer
				l, _ := logTo(t, &buf, policy, nil)
				log(l)
				assertNoRaw(t, &buf)
			})
		}
	}
}

// With a real text protector, a message or unnamed attribute holding a
// phone it refuses (hidden by thin spaces, too long) is withheld.
func TestTextRefusedIsWithheld(t *testing.T) {
	p, err := freetext.New(keysettest.PRF(), nil, freetext.Options{Rules: map[kind.Kind]freetext.Rule{kind.Phone: freetext.DefaultRule(kind.Phone)}})
	require.NoError(t, err)
	for _, text := range []string{"call 090\u20091234\u20095678", strings.Repeat("a", freetext.MaxLen) + " 090-1234-5678"} {
		var buf bytes.Buffer
		l, h := logTo(t, &buf, usersPolicy, &slogpii.Options{Text: p, TextUnnamed: true})
		l.Info(text, "comment", text)
		require.NotContains(t, buf.String(), "5678")
		require.EqualValues(t, 2, h.Failures())
	}
}
