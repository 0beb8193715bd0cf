package records_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

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

// reach is unexported: its tagged fields are promoted into the structs
// that embed it.
type reach struct {
	Email string  `piikit:"redact,value=EMAIL"`
	Phone *string `piikit:"redact,value=PHONE"`
	note  string
}

type contactHolder struct{ Email string }

// Every path through a value applies its tags or fails; nothing in the copy
// that holds a protected value is shared with the original.
func TestProtectEmbeddedUnexported(t *testing.T) {
	keys, _ := records.NewKeys(nil, nil)
	type account struct {
		reach
		Plan string
	}
	type nested struct {
		account
		ID int
	}
	phone := "090-1234-5678"
	in := nested{account: account{reach: reach{Email: "taro@example.com", Phone: &phone, note: "n"}, Plan: "free"}, ID: 1}
	out, err := records.Protect(keys, in)
	require.NoError(t, err)
	require.Equal(t, "EMAIL", out.Email)
	require.Equal(t, "PHONE", *out.Phone)
	require.NotSame(t, in.Phone, out.Phone)
	require.Equal(t, "n", out.note)
	require.Equal(t, "free", out.Plan)
	require.Equal(t, "taro@example.com", in.Email, "input not modified")
	require.Equal(t, "090-1234-5678", phone, "input not modified")

	// Through a pointer and an interface too.
	p, err := records.Protect(keys, &in)
	require.NoError(t, err)
	require.Equal(t, "EMAIL", p.Email)
	a, err := records.Protect(keys, any(in))
	require.NoError(t, err)
	require.Equal(t, "EMAIL", a.(nested).Email)
	m, err := records.Protect(keys, map[string][]nested{"k": {in}})
	require.NoError(t, err)
	require.Equal(t, "EMAIL", m["k"][0].Email)
	require.NotSame(t, in.Phone, m["k"][0].Phone)
}

func TestProtectRefusesWhatItCannotReach(t *testing.T) {
	keys, _ := records.NewKeys(nil, nil)
	type embeddedPointer struct {
		*reach
		Plan string
	}
	type unexportedStruct struct{ c reach }
	type unexportedPointer struct{ c *reach }
	type unexportedSlice struct{ c []reach }
	type unexportedMap struct{ c map[string]*reach }
	type deep struct{ Inner unexportedStruct }
	type mapKey struct{ M map[reach]int }
	type pointerKey struct{ M map[*reach]int }
	type taggedMapKey struct {
		M map[reach]string `piikit:"redact"`
	}
	type channel struct{ C chan reach }
	// A function is shared by the copy: one that gives out tagged values
	// would hand back what Protect protected.
	type function struct{ F func() (reach, error) }
	type unexportedFunction struct{ f func() *reach }
	secret := reach{Email: "secret"}
	for _, v := range []any{
		embeddedPointer{reach: &reach{Email: "secret"}},
		embeddedPointer{}, // refused by its type, whatever it holds
		unexportedStruct{c: reach{Email: "secret"}},
		unexportedPointer{c: &reach{Email: "secret"}},
		unexportedSlice{c: []reach{{Email: "secret"}}},
		unexportedMap{c: map[string]*reach{"k": {Email: "secret"}}},
		deep{Inner: unexportedStruct{c: reach{Email: "secret"}}},
		&deep{Inner: unexportedStruct{c: reach{Email: "secret"}}},
		[]any{deep{Inner: unexportedStruct{c: reach{Email: "secret"}}}},
		mapKey{M: map[reach]int{{Email: "secret"}: 1}},
		pointerKey{M: map[*reach]int{{Email: "secret"}: 1}},
		map[any]int{reach{Email: "secret"}: 1},
		taggedMapKey{M: map[reach]string{{Email: "secret"}: "x"}},
		channel{C: make(chan reach)},
		function{F: func() (reach, error) { return secret, nil }},
		unexportedFunction{f: func() *reach { return &secret }},
		[]func() []reach{func() []reach { return []reach{secret} }},
	} {
		out, err := records.Protect(keys, v)
		require.ErrorIs(t, err, records.ErrTag, "%T", v)
		require.NotContains(t, err.Error(), "secret")
		require.Nil(t, out, "%T", v) // the zero value, not a partial copy
	}
}

// An unexported field whose type could hold a tagged value (an interface)
// is looked into: it may hold anything else, shared as it is, but not a
// value with tags.
func TestProtectUnexportedInterfaces(t *testing.T) {
	keys, _ := records.NewKeys(nil, nil)
	type holder struct {
		v    any
		list []any
		Plan string
	}
	s := "plain"
	out, err := records.Protect(keys, holder{v: &s, list: []any{1, "x", contactHolder{}}, Plan: "p"})
	require.NoError(t, err)
	require.Same(t, &s, out.v, "nothing protected: copied as it is")

	cyclic := []any{nil}
	cyclic[0] = cyclic
	_, err = records.Protect(keys, holder{list: cyclic})
	require.NoError(t, err)

	for _, v := range []any{
		holder{v: reach{Email: "secret"}},
		holder{v: &reach{Email: "secret"}},
		holder{list: []any{1, map[string]any{"k": []*reach{{Email: "secret"}}}}},
		holder{v: reach{}}, // a tagged type, even empty
	} {
		_, err := records.Protect(keys, v)
		require.ErrorIs(t, err, records.ErrTag, "%#v", v)
		require.NotContains(t, err.Error(), "secret")
	}
}

func TestProtectContainers(t *testing.T) {
	keys, _ := records.NewKeys(nil, nil)
	type all struct {
		ByID     map[string]address
		ByPtr    map[string]*address
		Array    [2]address
		Pointers []*address
		PtrPtr   **address
		Any      any
		AnyPtr   any
		Anys     []any
		Bytes    []byte
	}
	a := &address{City: "Tokyo", Street: "1-2"}
	in := all{
		ByID: map[string]address{"k": *a}, ByPtr: map[string]*address{"k": a},
		Array: [2]address{*a, *a}, Pointers: []*address{a, nil, a}, PtrPtr: &a,
		Any: *a, AnyPtr: a, Anys: []any{a, []address{*a}, map[int]any{1: a}}, Bytes: []byte("raw"),
	}
	out, err := records.Protect(keys, in)
	require.NoError(t, err)
	want := address{City: "CITY"}
	require.Equal(t, want, out.ByID["k"])
	require.Equal(t, want, *out.ByPtr["k"])
	require.NotSame(t, a, out.ByPtr["k"])
	require.Equal(t, [2]address{want, want}, out.Array)
	require.Equal(t, []*address{&want, nil, &want}, out.Pointers)
	require.Same(t, out.Pointers[0], out.Pointers[2], "one pointer, one copy")
	require.NotSame(t, a, out.Pointers[0])
	require.Equal(t, want, **out.PtrPtr)
	require.NotSame(t, in.PtrPtr, out.PtrPtr)
	require.Equal(t, want, out.Any)
	require.Equal(t, &want, out.AnyPtr)
	require.Equal(t, []any{&want, []address{want}, map[int]any{1: &want}}, out.Anys)
	require.Equal(t, []byte("raw"), out.Bytes)
	out.Bytes[0] = 'X'
	require.Equal(t, []byte("raw"), in.Bytes, "untagged values are copied too")
	require.Equal(t, address{City: "Tokyo", Street: "1-2"}, *a, "input not modified")
}

func TestProtectTagPlacement(t *testing.T) {
	keys, _ := records.NewKeys(nil, nil)
	type Address = address
	type onEmbedded struct {
		Address `piikit:"redact"`
	}
	type onUnexportedEmbedded struct {
		reach `piikit:"drop"`
	}
	type onStruct struct {
		Home address `piikit:"redact"`
	}
	type onBytes struct {
		B []byte `piikit:"redact"`
	}
	type onPtrPtr struct {
		P **string `piikit:"redact"`
	}
	type onPtrSlice struct {
		P []*string `piikit:"redact"`
	}
	type onNested struct {
		P [][]string `piikit:"redact"`
	}
	type onAny struct {
		A any `piikit:"redact"`
	}
	type jsonOption struct {
		Name string `piikit:"redact,omitempty"`
	}
	type jsonOption3 struct {
		Name string `piikit:"name,mask,domain=d,omitempty"`
	}
	type empty struct {
		Name string `piikit:""`
	}
	type twice struct {
		Name string `piikit:"redact,value=a,value=b"`
	}
	type spaced struct {
		Name string `piikit:"redact, value=a"`
	}
	for _, v := range []any{onEmbedded{}, onUnexportedEmbedded{}, onStruct{}, onBytes{B: []byte("secret")},
		onPtrPtr{}, onPtrSlice{}, onNested{}, onAny{A: "secret"}, jsonOption{Name: "secret"},
		jsonOption3{Name: "secret"}, empty{Name: "secret"}, twice{Name: "secret"}, spaced{Name: "secret"}} {
		_, err := records.Protect(keys, v)
		require.ErrorIs(t, err, records.ErrTag, "%T", v)
		require.NotContains(t, err.Error(), "secret")
	}

	// *string: nil stays nil, anything else is a new pointer.
	type ptr struct {
		P *string `piikit:"redact,value=x"`
	}
	out, err := records.Protect(keys, ptr{})
	require.NoError(t, err)
	require.Nil(t, out.P)
	s := ""
	out, err = records.Protect(keys, ptr{P: &s})
	require.NoError(t, err)
	require.Equal(t, "x", *out.P)
	require.NotSame(t, &s, out.P)
}

// Types with unexported internals that hold nothing tagged still copy.
func TestProtectLibraryTypes(t *testing.T) {
	keys, _ := records.NewKeys(nil, nil)
	type event struct {
		At    time.Time
		Attr  slog.Value
		Err   error
		Ctx   context.Context
		Name  string `piikit:"redact,value=x"`
		mu    sync.Mutex
		cause error
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.FixedZone("JST", 9*3600))
	out, err := records.Protect(keys, &event{At: at, Attr: slog.AnyValue([]string{"a"}), Err: errors.New("e"), Ctx: ctx, Name: "secret", cause: io.EOF})
	require.NoError(t, err)
	require.True(t, at.Equal(out.At))
	require.Equal(t, "x", out.Name)
	require.EqualError(t, out.Err, "e")
	require.Same(t, io.EOF, out.cause)
	require.True(t, out.mu.TryLock())

	// A slog.Value keeps its value in an unexported field: one with tags
	// cannot be protected there.
	type logged struct{ Attr slog.Value }
	_, err = records.Protect(keys, logged{Attr: slog.AnyValue(address{City: "secret"})})
	require.ErrorIs(t, err, records.ErrTag)
}
