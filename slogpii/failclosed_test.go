package slogpii_test

import (
	"bytes"
	"errors"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/require"
)

type loginEvent struct{ Email string }

func (e loginEvent) LogValue() slog.Value {
	return slog.GroupValue(slog.String("email", e.Email), slog.String("ip", "10.0.0.1"))
}

type textOf string

func (s textOf) String() string { return string(s) }

// Attributes that reach the log by paths other than a plain string: each
// either gets its field's rule or is withheld, left out or marked
// unnamed; no raw value is logged.
func TestNoRawValueByAnyPath(t *testing.T) {
	const policy = "version: 1\nregion: JP\nfields:\n  email: {transform: mask, kind: email, domain: u.email}\n  user.email: {transform: mask, kind: email, domain: u.email}\n  phone: {transform: mask, kind: phone, domain: u.phone}\n  note: keep\n"
	const secret = "hanako.sato@example.jp"
	for name, log := range map[string]func(l *slog.Logger){
		"group by WithGroup named by data": func(l *slog.Logger) { l.WithGroup(secret).Info("m", "email", secret) },
		"group attr named by data":         func(l *slog.Logger) { l.Info("m", slog.Group(secret, "x", 1)) },
		"attr key is data":                 func(l *slog.Logger) { l.Info("m", secret, 1) },
		"bad key":                          func(l *slog.Logger) { args := []any{secret}; l.Info("m", args...) },
		"LogValuer in a group":             func(l *slog.Logger) { l.Info("m", slog.Any("user", loginEvent{secret})) },
		"Stringer":                         func(l *slog.Logger) { l.Info("m", slog.Any("email", textOf(secret))) },
		"error":                            func(l *slog.Logger) { l.Info("m", slog.Any("email", errors.New(secret))) },
		"bytes":                            func(l *slog.Logger) { l.Info("m", slog.Any("email", []byte(secret))) },
		"slice":                            func(l *slog.Logger) { l.Info("m", slog.Any("email", []string{secret})) },
		"group at a named leaf":            func(l *slog.Logger) { l.Info("m", slog.Group("email", "a", secret)) },
		"unnamed group in a group":         func(l *slog.Logger) { l.Info("m", slog.Group("user", slog.Group("", "email", secret))) },
		"WithAttrs":                        func(l *slog.Logger) { l.With("email", secret).Info("m") },
		"WithAttrs unnamed":                func(l *slog.Logger) { l.With("contact", secret).Info("m") },
		"map value":                        func(l *slog.Logger) { l.Info("m", "email", map[string]string{"a": secret}) },
		"not UTF-8":                        func(l *slog.Logger) { l.Info("m", "email", "hanako\xff.sato@example.jp") },
		"empty key with group prefix":      func(l *slog.Logger) { l.WithGroup("user").Info("m", "", secret) },
		"phone as int":                     func(l *slog.Logger) { l.Info("m", "phone", int64(9012345678)) }, // int64: it overflows a 32-bit int
	} {
		var buf bytes.Buffer
		l, _ := logTo(t, &buf, policy, nil)
		log(l)
		out := buf.String()
		require.NotContains(t, out, "hanako", name)
		require.NotContains(t, out, "sato@", name)
		require.NotContains(t, out, "9012345678", name)
	}
}

// A group opened by WithGroup whose name is not name-like may be data:
// the records in it log none of its attributes, and not the name.
func TestWithGroupNamedByData(t *testing.T) {
	var buf bytes.Buffer
	l, _ := logTo(t, &buf, "version: 1\nunnamed: drop\nfields:\n  note: keep\n", nil)
	l.WithGroup("taro@example.jp").With("note", "a").Info("m", "note", "b")
	require.NotContains(t, buf.String(), "taro")
}
