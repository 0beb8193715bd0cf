package slogpii_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"testing/slogtest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/freetext"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/records/recordstest"
	"github.com/piikit/piikit/slogpii"
)

// logTo returns a logger that protects with policy into a JSON handler
// writing to buf, and its handler.
func logTo(t testing.TB, buf *bytes.Buffer, policy string, opts *slogpii.Options) (*slog.Logger, *slogpii.Handler) {
	t.Helper()
	h := slogpii.New(slog.NewJSONHandler(buf, nil), recordstest.Transformer(t, policy), opts)
	return slog.New(h), h
}

// lines decodes the JSON lines of buf.
func lines(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &m))
		delete(m, "time")
		out = append(out, m)
	}
	return out
}

const usersPolicy = `version: 1
scope: demo
region: JP
fields:
  user_id: {transform: pseudonym, kind: id, domain: users.user_id}
  email:   {transform: mask, kind: email, domain: users.email}
  phone:   {transform: mask, kind: phone, domain: users.phone}
  my_number: {transform: token, kind: mynumber, domain: users.my_number}
  req.user.email: {transform: mask, kind: email, domain: users.email}
  req.user.ids: {transform: pseudonym, kind: id, domain: users.user_id}
  req.method: keep
  meta: keep
  note: {transform: redact, value: "[note]"}
  secret: drop
  at: keep
`

// A logged attribute gets the output its column gets in an export (the
// same policy's Map of the same values): logs and exports join.
func TestJoinsTheExport(t *testing.T) {
	var buf bytes.Buffer
	log, h := logTo(t, &buf, usersPolicy, nil)
	in := map[string]any{"user_id": "U10000001", "email": "taro.yamada@example.jp", "phone": "090-1234-5678", "my_number": "123456789018",
		"req": map[string]any{"user": map[string]any{"email": "taro.yamada@example.jp"}}}
	want, err := recordstest.Transformer(t, usersPolicy).Map(in)
	require.NoError(t, err)

	log.WithGroup("req").Info("login", slog.Group("user", "email", "taro.yamada@example.jp"), "method", "POST")
	log.Info("login", "user_id", "U10000001", "email", "taro.yamada@example.jp", "phone", "090-1234-5678", "my_number", int64(123456789018))
	got := lines(t, &buf)
	require.Equal(t, map[string]any{"level": "INFO", "msg": "login",
		"req": map[string]any{"user": want["req"].(map[string]any)["user"], "method": "POST"}}, got[0])
	require.Equal(t, map[string]any{"level": "INFO", "msg": "login",
		"user_id": want["user_id"], "email": want["email"], "phone": want["phone"], "my_number": want["my_number"]}, got[1])
	require.NotContains(t, buf.String(), "taro")
	require.NotContains(t, buf.String(), "1234")
	require.Zero(t, h.Failures())
}

func TestRules(t *testing.T) {
	var buf bytes.Buffer
	log, h := logTo(t, &buf, usersPolicy, nil)
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	log.Info("m", "meta", slog.GroupValue(slog.String("a", "b")), "note", "call SECRET", "secret", "SECRET", "at", at)
	log.Info("m", "password", "SECRET", "taro@example.jp", "SECRET", slog.Group("taro@example.jp", "x", "SECRET"), slog.Group("g", "y", 1))
	log.Info("m", "phone", "SECRET", "email", 1.5, "user_id", at, "phone", slog.GroupValue(slog.String("a", "SECRET")))
	got := lines(t, &buf)
	require.Equal(t, map[string]any{"level": "INFO", "msg": "m", "meta": map[string]any{"a": "b"}, "note": "[note]", "at": "2026-01-02T03:04:05Z"}, got[0])
	// Deny by default: the key shows, not the value; a key that may be
	// data does not show either.
	require.Equal(t, map[string]any{"level": "INFO", "msg": "m", "password": slogpii.Unnamed, "g": map[string]any{"y": slogpii.Unnamed}}, got[1])
	// Fail closed.
	require.Equal(t, map[string]any{"level": "INFO", "msg": "m", "phone": slogpii.Withheld, "email": slogpii.Withheld, "user_id": slogpii.Withheld}, got[2])
	require.EqualValues(t, 4, h.Failures())
	require.NotContains(t, buf.String(), "SECRET")
	require.NotContains(t, buf.String(), "taro")
}

// With "unnamed: drop", what the policy does not name is left out.
func TestUnnamedDrop(t *testing.T) {
	var buf bytes.Buffer
	log, _ := logTo(t, &buf, "version: 1\nunnamed: drop\nfields:\n  a: keep\n", nil)
	log.With("b", "SECRET").Info("m", "a", 1, slog.Group("g", "c", "SECRET"))
	require.Equal(t, []map[string]any{{"level": "INFO", "msg": "m", "a": 1.0}}, lines(t, &buf))
}

// digitsProtector replaces every ASCII digit by '#', and refuses texts
// with "FAIL".
type digitsProtector struct{}

func (digitsProtector) Protect(s string) (string, error) {
	if strings.Contains(s, "FAIL") {
		return "", errors.New("refused")
	}
	return strings.Map(func(r rune) rune {
		if '0' <= r && r <= '9' {
			return '#'
		}
		return r
	}, s), nil
}

func TestText(t *testing.T) {
	var buf bytes.Buffer
	log, h := logTo(t, &buf, usersPolicy, &slogpii.Options{Text: digitsProtector{}})
	log.Info("call 090-1234-5678", "comment", "090")
	log.Info("FAIL 090-1234-5678")
	got := lines(t, &buf)
	require.Equal(t, map[string]any{"level": "INFO", "msg": "call ###-####-####", "comment": slogpii.Unnamed}, got[0])
	require.Equal(t, map[string]any{"level": "INFO", "msg": slogpii.Withheld}, got[1])
	require.EqualValues(t, 1, h.Failures())

	buf.Reset()
	log, _ = logTo(t, &buf, usersPolicy, &slogpii.Options{Text: digitsProtector{}, TextUnnamed: true})
	log.Info("m", "comment", "call 090", "count", 3)
	require.Equal(t, []map[string]any{{"level": "INFO", "msg": "m", "comment": "call ###", "count": slogpii.Unnamed}}, lines(t, &buf))
}

func TestConcurrent(t *testing.T) {
	var buf bytes.Buffer
	log, h := logTo(t, &buf, usersPolicy, nil)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l := log.With("user_id", fmt.Sprintf("U%08d", g)).WithGroup("req")
			for i := range 50 {
				l.Info("m", slog.Group("user", "email", fmt.Sprintf("user.number%d@example.jp", i)), "method", "GET")
			}
		}()
	}
	wg.Wait()
	// Every line has the output the export gives its values.
	tr := recordstest.Transformer(t, usersPolicy)
	want := map[string]int{}
	for g := range 8 {
		for i := range 50 {
			m, err := tr.Map(map[string]any{"user_id": fmt.Sprintf("U%08d", g), "email": fmt.Sprintf("user.number%d@example.jp", i)})
			require.NoError(t, err)
			want[m["user_id"].(string)+" "+m["email"].(string)]++
		}
	}
	got := map[string]int{}
	for _, m := range lines(t, &buf) {
		got[m["user_id"].(string)+" "+m["req"].(map[string]any)["user"].(map[string]any)["email"].(string)]++
	}
	require.Equal(t, want, got)
	require.Zero(t, h.Failures())
}

// The handler is a slog.Handler by the standard library's conformance
// suite, for a policy that keeps the suite's keys.
func TestSlogtest(t *testing.T) {
	var buf bytes.Buffer
	policy := "version: 1\nfields:\n"
	for _, k := range []string{"k", "a", "c", "e", "G.a", "G.b", "G.c", "G.H.e"} {
		policy += "  " + k + ": keep\n"
	}
	h := slogpii.New(slog.NewJSONHandler(&buf, nil), recordstest.Transformer(t, policy), nil)
	slogtest.Run(t, func(*testing.T) slog.Handler { buf.Reset(); return h }, func(t *testing.T) map[string]any {
		var m map[string]any
		require.NoError(t, json.Unmarshal(buf.Bytes(), &m))
		return m
	})
}

// A phone inside a logged message, through a *freetext.Protector whose
// phone rule has the users.phone column's domain and scope, gets the mask
// of the phone attribute, and of the users export's phone column.
func TestTextJoinsTheExport(t *testing.T) {
	p, err := freetext.New(keysettest.PRF(), nil, freetext.Options{Region: "JP", Rules: map[kind.Kind]freetext.Rule{
		kind.Phone: {Transform: kind.Mask, Field: kind.Field{Domain: "users.phone", Scope: "demo"}},
	}})
	require.NoError(t, err)
	var buf bytes.Buffer
	log, h := logTo(t, &buf, usersPolicy, &slogpii.Options{Text: p})
	log.Info("折り返しは090-1234-5678までお願いします", "phone", "090-1234-5678")

	var export bytes.Buffer
	_, err = recordstest.Transformer(t, usersPolicy).JSONLines(context.Background(), strings.NewReader(`{"phone": "090-1234-5678"}`+"\n"), &export, nil)
	require.NoError(t, err)
	var row map[string]string
	require.NoError(t, json.Unmarshal(export.Bytes(), &row))
	column := row["phone"]
	require.Regexp(t, `^0\d0-\d{4}-\d{4}$`, column)
	require.NotEqual(t, "090-1234-5678", column)

	got := lines(t, &buf)
	require.Equal(t, []map[string]any{{"level": "INFO", "msg": "折り返しは" + column + "までお願いします", "phone": column}}, got)
	require.Zero(t, h.Failures())
}
