package records_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/records"
)

type address struct {
	City   string `piikit:"redact,value=CITY"`
	Street string `piikit:"drop"`
}

type user struct {
	ID       int
	Name     string            `piikit:"redact"`
	Nick     *string           `piikit:"redact,value=nick"`
	Aliases  []string          `piikit:"redact,value=alias"`
	Attrs    map[string]string `piikit:"redact,value=attr"`
	Home     address
	Work     *address
	Friends  []*user
	Any      any
	Plan     string
	Email    records.Secret `piikit:"redact,value=[removed]"`
	internal string
	Skip     string `piikit:"-"`
}

func TestProtect(t *testing.T) {
	keys, err := records.NewKeys(nil, nil)
	require.NoError(t, err)
	nick := "taro-chan"
	in := &user{
		ID: 7, Name: "山田 太郎", Nick: &nick, Aliases: []string{"taro", "yamada"},
		Attrs: map[string]string{"mother": "花子"},
		Home:  address{City: "Tokyo", Street: "1-2-3 Chiyoda"},
		Work:  &address{City: "Osaka", Street: "4-5"},
		Any:   address{City: "Kyoto"},
		Plan:  "free", Email: "taro@example.com", internal: "kept", Skip: "kept too",
	}
	in.Friends = []*user{in} // a cycle
	before := fmt.Sprintf("%#v %v %v %v %v", *in, *in.Nick, in.Aliases, in.Attrs, *in.Work)

	out, err := records.Protect(keys, in)
	require.NoError(t, err)
	require.Equal(t, before, fmt.Sprintf("%#v %v %v %v %v", *in, *in.Nick, in.Aliases, in.Attrs, *in.Work), "input not modified")

	require.Equal(t, 7, out.ID)
	require.Equal(t, "", out.Name)
	require.Equal(t, "nick", *out.Nick)
	require.NotSame(t, in.Nick, out.Nick)
	require.Equal(t, []string{"alias", "alias"}, out.Aliases)
	require.Equal(t, map[string]string{"mother": "attr"}, out.Attrs)
	require.Equal(t, address{City: "CITY"}, out.Home)
	require.Equal(t, &address{City: "CITY"}, out.Work)
	require.Equal(t, address{City: "CITY"}, out.Any, "structs inside interfaces too")
	require.Equal(t, "free", out.Plan)
	require.Equal(t, "[removed]", out.Email.Reveal())
	require.Equal(t, "kept", out.internal)
	require.Equal(t, "kept too", out.Skip)
	require.Len(t, out.Friends, 1)
	require.Same(t, out, out.Friends[0], "the cycle is a cycle in the copy")
}

func TestProtectSelfReferences(t *testing.T) {
	keys, _ := records.NewKeys(nil, nil)
	m := map[string]any{"name": "x"}
	m["self"] = m
	s := []any{nil}
	s[0] = s
	out, err := records.Protect(keys, []any{m, s})
	require.NoError(t, err)
	require.Len(t, out, 2)
}

func TestProtectBadTags(t *testing.T) {
	keys, _ := records.NewKeys(nil, nil)
	type unexported struct {
		name string `piikit:"redact"`
	}
	type notString struct {
		Age int `piikit:"redact"`
	}
	type unknownTransform struct {
		Name string `piikit:"name,hash,domain=d"`
	}
	type noDomain struct {
		Name string `piikit:"name,pseudonym"`
	}
	type tooMany struct {
		Name string `piikit:"name,pseudonym,extra,domain=d"`
	}
	for _, v := range []any{unexported{name: "secret"}, notString{Age: 1}, unknownTransform{Name: "secret"}, noDomain{Name: "secret"}, tooMany{}} {
		_, err := records.Protect(keys, v)
		require.ErrorIs(t, err, records.ErrTag, "%T", v)
		require.NotContains(t, err.Error(), "secret")
	}
	// Keyed transforms need their keyset.
	type pseudonym struct {
		Name string `piikit:"name,pseudonym,domain=users.name"`
	}
	_, err := records.Protect(keys, pseudonym{Name: "secret"})
	require.ErrorIs(t, err, records.ErrNoKeyset)
}

func TestSecret(t *testing.T) {
	type account struct {
		User  string
		Email records.Secret
	}
	a := account{User: "u1", Email: "taro@example.com"}
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%10s", "%T %v"} {
		require.NotContains(t, fmt.Sprintf(format, a.Email), "taro", format)
		require.NotContains(t, fmt.Sprintf(format, a), "taro", format)
		require.NotContains(t, fmt.Sprintf(format, &a), "taro", format)
	}
	require.Equal(t, records.Redacted, a.Email.String())
	j, err := json.Marshal(a)
	require.NoError(t, err)
	require.Equal(t, `{"User":"u1","Email":"[REDACTED]"}`, string(j))
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	log.Info("signup", "email", a.Email, "account", a)
	log = slog.New(slog.NewTextHandler(&buf, nil))
	log.Info("signup", "email", a.Email, "account", a)
	require.NotContains(t, buf.String(), "taro")
	require.Contains(t, buf.String(), records.Redacted)
	// Reading JSON keeps the value; Reveal returns it.
	var b account
	require.NoError(t, json.Unmarshal([]byte(`{"Email":"hanako@example.com"}`), &b))
	require.Equal(t, "hanako@example.com", b.Email.Reveal())
}
