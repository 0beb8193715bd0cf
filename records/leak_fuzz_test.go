package records_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/records"
)

// FuzzExportLeaks generates a policy (every kind, transform and option whose
// revealed part is known) and a CSV or JSON Lines table of realistic
// personal data and fuzz text, runs the export in both on_error modes, and
// checks the promise itself: no original value of a protected or unnamed
// field is written to the output, the rejects or the error (see
// leak_test.go for what counts as a value).
//
// choices drives every decision (its first bytes: the first field's
// transform and kind, then the format); text gives free values, split at
// '|'. When choices runs out, a generator seeded by both inputs goes on.
func FuzzExportLeaks(f *testing.F) {
	for t := range leakTransforms {
		for k := range leakKinds {
			for format := range 2 {
				if k > 0 && leakTransforms[t] != records.Mask && leakTransforms[t] != records.Display &&
					leakTransforms[t] != records.Pseudonym && leakTransforms[t] != records.Token {
					continue // kind does not apply
				}
				f.Add([]byte{byte(t), byte(k), byte(format), byte(t + 3*k), byte(7 * k)}, "Taro|0120-444-444|x@例え.jp")
			}
		}
	}
	f.Add([]byte{3, 2, 0, 9, 9, 9}, "x@example.com (Hanako Suzuki, 090-1234-5678)")
	f.Add([]byte{3, 3, 1, 0, 0, 0}, "①②③④⑤⑥⑦⑧|¹²³⁴⁵⁶⁷|ⅫⅪⅩⅨⅧ")
	f.Add([]byte{0, 1, 1, 5, 1, 2}, "090-1234-5678 Taro|+81 90 1234 5678 ext. 12")
	f.Add([]byte{2, 4, 1, 200, 17}, "\xff\xfe|\"a\\ud800b\"")
	f.Fuzz(func(t *testing.T, choices []byte, text string) {
		g := newLeakGen(choices, text)
		c := g.leakCase()
		checkLeakCase(t, c, 1+g.intn(2))
	})
}

var leakTransforms = []records.Transform{records.Pseudonym, records.Token, records.Mask, records.Display, records.Redact, records.Keep, records.Drop}

// leakSeeds are realistic values of each kind, valid and not, in the
// layouts people type.
var leakSeeds = map[kind.Kind][]string{
	kind.Name: append(leakValid[kind.Name],
		"佐藤花子", "髙橋 健太", "ジョン・スミス", "ｼﾞｮﾝ･ｽﾐｽ", "Taro Yamada", "TARO YAMADA", "José García", "Jose\u0301 Garci\u0301a",
		"Zoë Müller", "山田 Taro", "エマ・ウィルソン", "小林　さくら", "Nguyễn Văn An", "中村 ひろし", "Ta\u200bro Yamada", "山田 太郎 (090-1234-5678)"),
	kind.Phone: append(leakValid[kind.Phone],
		"09012345678", "090 1234 5678", "+819012345678", "+81 (90) 1234-5678", "０９０－１２３４－５６７８", "03-1234-5678", "0120-123-456",
		"070.1111.2222", "tel:+81-90-1234-5678", "(650) 253-0000", "090-1234-5678 Taro", "090-1234-567", "+81 90 1234 5678 ext. 12", "０９０（１２３４）５６７８"),
	kind.Email: append(leakValid[kind.Email],
		"Taro.Yamada@Example.COM", "ＴＡＲＯ．ＹＡＭＡＤＡ＠ＥＸＡＭＰＬＥ．ＣＯＭ", "hanako.sato＠example.jp", "user.name@例え。テスト",
		"taro..yamada.@docomo.ne.jp", "emma.wilson+news@mail.example.co.uk", "山田太郎@example.jp", "x@example.com (Hanako Suzuki, 090-1234-5678)",
		"hanako.suzuki", "misaki@localhost", "kenta.takahashi@@example.com"),
	kind.ID: append(leakValid[kind.ID],
		"U10000001", "TK-1234567", "ID1234567897", "taro.y_1", "LINE_hanako.suzuki", "①②③④⑤⑥⑦⑧", "user-8f3a9c2e", "ＡＢ１２３４５６７"),
	kind.Card: append(leakValid[kind.Card],
		"4111111111111111", "4111-1111-1111-1111", "6011111111111117", "4111 1111 1111 1112", "４１１１１１１１１１１１１１１１", "4111 1111 1111 1111 exp 12/29"),
	kind.MyNumber: append(leakValid[kind.MyNumber],
		"1234-5678-9018", "１２３４５６７８９０１８", "123456789012", "1234 5678 901"),
}

// leakPatterns are the masks of ids: pattern, check scheme, values.
var leakPatterns = [][]string{
	{"[A-Z]{2}[0-9]{7}", "", "AB1234567", "TK7654321"},
	{"[A-Z]{2}-[0-9]{7}", "", "TK-1234567", "QX-7654321"},
	{"ID[0-9]{10}", "luhn", "ID1234567897", "ID9876543217"},
	{"U[0-9]{8}", "", "U10000001", "U23456789"},
	{"[0-9]{12}", "mynumber", "123456789018", "987654321093"},
}

type leakGen struct {
	choices []byte
	rng     uint64
	pieces  []string
	np      int
}

func newLeakGen(choices []byte, text string) *leakGen {
	h := fnv.New64a()
	h.Write(choices)
	h.Write([]byte(text))
	return &leakGen{choices: choices, rng: h.Sum64() | 1, pieces: strings.Split(text, "|")}
}

func (g *leakGen) byte() byte {
	if len(g.choices) > 0 {
		b := g.choices[0]
		g.choices = g.choices[1:]
		return b
	}
	g.rng ^= g.rng << 13
	g.rng ^= g.rng >> 7
	g.rng ^= g.rng << 17
	return byte(g.rng >> 24)
}

func (g *leakGen) intn(n int) int { return int(g.byte()) % n }

func pickOf[T any](g *leakGen, list []T) T { return list[g.intn(len(list))] }

func (g *leakGen) piece() string {
	p := g.pieces[g.np%len(g.pieces)]
	g.np++
	return p
}

var leakNames = []string{"name", "kana", "email", "phone", "card", "my_number", "user_id", "note", "plan", "meta", "ids", "contact.email", "contact.phone", "contact.name"}

// leakOptions are option values per transform (and kind), each with the
// empty string for "not set". Display reveals at most 4 letters in a row
// (secretOK relies on it); mask characters are neither letters, digits nor
// joiners.
func (g *leakGen) options(f *records.Field) {
	set := func(name string, values ...string) {
		if v := pickOf(g, values); v != "" {
			if f.Options == nil {
				f.Options = map[string]string{}
			}
			f.Options[name] = v
		}
	}
	switch f.Transform {
	case records.Pseudonym, records.Token:
		set("prefix", "", "", "u_", "tok")
		if f.Transform == records.Pseudonym {
			set("size", "", "", "12", "32")
		}
		if f.Kind == kind.ID {
			set("insecure_allow_short_ids", "", "true", "false")
		}
	case records.Mask:
		switch f.Kind {
		case kind.Phone:
			set("keep", "", "", "2", "3", "4")
		case kind.Card:
			set("keep", "", "", "6,4", "4,4", "0,4", "2,2")
			set("check", "", "valid", "invalid")
		case kind.MyNumber:
			set("check", "", "valid", "invalid")
		case kind.Email:
			set("mask_domain", "", "true", "false")
		case kind.ID:
			p := pickOf(g, leakPatterns)
			f.Options = map[string]string{"pattern": p[0]}
			if p[1] != "" {
				f.Options["check_scheme"] = p[1]
				set("check", "", "valid", "invalid")
			}
		}
		set("short", "", "", "irreversible")
	case records.Display:
		set("reveal", "", "", "0,0", "1,0", "0,1", "1,1", "2,2", "0,4", "1,3")
		set("mask_char", "", "", "*", "#", "•", "×")
	case records.Redact:
		f.Value = pickOf(g, []string{"", "", "REDACTED", "[removed]"})
	}
}

func (g *leakGen) policy() *records.Policy {
	t0, k0 := leakTransforms[g.intn(len(leakTransforms))], leakKinds[g.intn(len(leakKinds))]
	p := &records.Policy{
		Region:  pickOf(g, []string{"JP", "JP", "", "US"}),
		Scope:   pickOf(g, []string{"", "acme"}),
		Unnamed: pickOf(g, []records.Unnamed{records.UnnamedDeny, records.UnnamedDrop}),
	}
	names := append([]string(nil), leakNames...)
	for i := len(names) - 1; i > 0; i-- {
		j := g.intn(i + 1)
		names[i], names[j] = names[j], names[i]
	}
	n := 1 + g.intn(5)
	for i, name := range names[:n] {
		t, k := t0, k0
		if i > 0 {
			t, k = pickOf(g, leakTransforms), pickOf(g, leakKinds)
		}
		f := leakField(name, t, k)
		f.Options = nil
		if f.Domain != "" {
			f.Domain = pickOf(g, []string{f.Domain, "shared." + string(k)})
			f.Scope = pickOf(g, []string{"", "", "partner"})
		}
		if f.Kind == kind.Phone {
			f.Region = pickOf(g, []string{"", "", "JP", "US"})
		}
		g.options(&f)
		p.Fields = append(p.Fields, f)
	}
	return p
}

// value is a cell for a field of kind k (any kind if empty) with options,
// and whether it is made only of seeds.
func (g *leakGen) value(k kind.Kind, options map[string]string) (string, bool) {
	if k == "" {
		k = pickOf(g, leakKinds)
	}
	seed := func() string { return pickOf(g, leakSeeds[k]) }
	switch g.intn(16) {
	case 0:
		return "", true
	case 1, 2, 3, 4:
		return seed(), true
	case 12, 13, 14, 15:
		// Valid for the field, most of the time.
		for _, p := range leakPatterns {
			if options["pattern"] == p[0] {
				return pickOf(g, p[2:]), true
			}
		}
		return pickOf(g, leakValid[k]), true
	case 5:
		return pickOf(g, leakSeeds[pickOf(g, leakKinds)]), true
	case 6, 7:
		return g.piece(), false
	case 8:
		other := pickOf(g, leakSeeds[pickOf(g, leakKinds)])
		return seed() + pickOf(g, []string{" ", ", ", " (", "/", "@", ""}) + other, true
	case 9:
		return seed() + " " + g.piece(), false
	case 10:
		return g.piece() + "@" + pickOf(g, []string{"example.com", "例え.jp", "docomo.ne.jp"}), false
	}
	// Another layout of a seed: upper case, full width, no spaces.
	v := seed()
	switch g.intn(3) {
	case 0:
		return strings.ToUpper(v), true
	case 1:
		return strings.Map(func(r rune) rune {
			if '!' <= r && r <= '~' {
				return r - '!' + '！'
			}
			return r
		}, v), true
	}
	return strings.ReplaceAll(v, " ", ""), true
}

// keptValue is a value of a field that is kept: mostly not personal data.
func (g *leakGen) keptValue() string {
	switch g.intn(4) {
	case 0:
		return g.piece()
	case 1:
		v, _ := g.value("", nil)
		return v
	}
	return pickOf(g, []string{"free", "premium", "2020-01-01", "", "42"})
}

// leakExtras are input fields the policy does not name; the ones that are
// not column-like are data (CSV without a header line, JSON keyed by value).
var leakExtras = []string{"extra", "debug", "山田太郎", "Hanako Suzuki", "090-1234-5678", "taro.yamada@example.com"}

func (g *leakGen) leakCase() *leakCase {
	p := g.policy()
	c := &leakCase{policy: p, json: g.intn(2) == 1, revealed: []string{"contact", "a", "b"}}
	rules := map[string]*records.Field{}
	for i := range p.Fields {
		rules[p.Fields[i].Name] = &p.Fields[i]
	}
	var extras []string
	for range g.intn(3) {
		e := pickOf(g, leakExtras)
		if !strings.Contains(strings.Join(extras, "\x00"), e) {
			extras = append(extras, e)
		}
	}
	for _, e := range extras {
		if looksLikeColumn(e) {
			c.revealed = append(c.revealed, e)
		} else {
			c.cells = append(c.cells, leakCell{value: e, seed: true})
		}
	}
	rows := 1 + g.intn(4)
	if c.json {
		g.jsonLines(c, rules, extras, rows)
	} else {
		g.csv(c, extras, rows)
	}
	return c
}

// cell draws a value for rule r (nil: unnamed) and records it.
func (g *leakGen) cell(c *leakCase, r *records.Field) string {
	var v string
	seed := true
	if r != nil && r.Transform == records.Keep {
		v = g.keptValue()
	} else {
		var k kind.Kind
		var options map[string]string
		if r != nil {
			k, options = r.Kind, r.Options
		}
		v, seed = g.value(k, options)
	}
	c.cells = append(c.cells, leakCell{value: v, rule: r, seed: seed})
	return v
}

func (g *leakGen) csv(c *leakCase, extras []string, rows int) {
	header := append([]string(nil), extras...)
	for _, f := range c.policy.Fields {
		header = append(header, f.Name)
	}
	for i := len(header) - 1; i > 0; i-- {
		j := g.intn(i + 1)
		header[i], header[j] = header[j], header[i]
	}
	rules := map[string]*records.Field{}
	for i := range c.policy.Fields {
		rules[c.policy.Fields[i].Name] = &c.policy.Fields[i]
	}
	if len(extras) > 0 {
		c.unnamedRows = []int64{1}
	}
	var buf bytes.Buffer
	if g.intn(4) == 0 {
		buf.WriteString("\ufeff")
	}
	w := csv.NewWriter(&buf)
	w.UseCRLF = g.intn(2) == 0
	w.Write(header)
	for range rows {
		rec := make([]string, len(header))
		for i, h := range header {
			rec[i] = g.cell(c, rules[h])
		}
		w.Write(rec)
	}
	w.Flush()
	c.input = buf.Bytes()
}

// jsonLines writes rows of nested JSON: contact.* fields under an object or
// an array of objects, values as strings, numbers, arrays, null or objects,
// strings escaped or not, now and then a key given twice or an unnamed key.
func (g *leakGen) jsonLines(c *leakCase, rules map[string]*records.Field, extras []string, rows int) {
	var buf bytes.Buffer
	for row := 1; row <= rows; row++ {
		ascii := g.intn(3) == 0
		var top, contact []string // "key":value members
		member := func(list *[]string, key string, r *records.Field) {
			*list = append(*list, jsonString(key, ascii)+":"+g.jsonValue(c, r, ascii))
		}
		for i := range c.policy.Fields {
			f := &c.policy.Fields[i]
			if rest, ok := strings.CutPrefix(f.Name, "contact."); ok {
				member(&contact, rest, f)
				continue
			}
			if g.intn(10) == 0 {
				continue // absent
			}
			member(&top, f.Name, f)
			if g.intn(8) == 0 {
				// A key given twice: the first value is not the one the
				// policy sees (the pair stays in this order).
				v, _ := g.value(f.Kind, nil)
				c.cells = append(c.cells, leakCell{value: v, rule: &records.Field{Name: f.Name, Transform: records.Drop}, seed: true})
				top[len(top)-1] = jsonString(f.Name, ascii) + ":" + jsonString(v, ascii) + "," + top[len(top)-1]
			}
		}
		for _, e := range extras {
			if g.intn(3) == 0 {
				continue
			}
			if !slices.Contains(c.unnamedRows, int64(row)) {
				c.unnamedRows = append(c.unnamedRows, int64(row))
			}
			if g.intn(3) == 0 && len(contact) > 0 {
				member(&contact, e, nil)
			} else {
				member(&top, e, nil)
			}
		}
		if len(contact) > 0 {
			obj := "{" + strings.Join(contact, ",") + "}"
			if g.intn(3) == 0 {
				// An array of contacts: the rules apply to each element.
				var second []string
				for i := range c.policy.Fields {
					f := &c.policy.Fields[i]
					if rest, ok := strings.CutPrefix(f.Name, "contact."); ok {
						member(&second, rest, f)
					}
				}
				obj = "[" + obj + ",{" + strings.Join(second, ",") + "}]"
			}
			top = append(top, `"contact":`+obj)
		}
		for i := len(top) - 1; i > 0; i-- {
			j := g.intn(i + 1)
			top[i], top[j] = top[j], top[i]
		}
		buf.WriteString("{" + strings.Join(top, ",") + "}\n")
		if g.intn(6) == 0 {
			buf.WriteString("\n")
		}
	}
	c.input = buf.Bytes()
}

// jsonValue is a JSON value for rule r (nil: unnamed), its strings recorded
// as cells.
func (g *leakGen) jsonValue(c *leakCase, r *records.Field, ascii bool) string {
	switch g.intn(10) {
	case 0:
		return "null"
	case 1:
		v := g.cell(c, r)
		return "[" + jsonString(v, ascii) + "," + jsonString(g.cell(c, r), ascii) + "]"
	case 2:
		if r == nil || r.Transform == records.Keep || r.Transform == records.Drop || r.Transform == records.Redact {
			return `{"a":` + jsonString(g.cell(c, r), ascii) + `,"b":[` + jsonString(g.cell(c, r), ascii) + `]}`
		}
	case 3:
		v := g.cell(c, r)
		if v != "" && strings.Trim(v, "0123456789") == "" && v[0] != '0' {
			return v // a number
		}
		return jsonString(v, ascii)
	case 4:
		// A lone surrogate escape after the value (decoded as U+FFFD).
		v := g.cell(c, r)
		s := jsonString(v, ascii)
		return s[:len(s)-1] + `\ud800"`
	}
	return jsonString(g.cell(c, r), ascii)
}

// jsonString quotes s as JSON: raw UTF-8 (invalid bytes left as they are),
// or with every non-ASCII character escaped as \uXXXX.
func jsonString(s string, ascii bool) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteByte(s[i])
		case r < 0x20:
			fmt.Fprintf(&b, `\u%04x`, r)
		case r == utf8.RuneError && n == 1:
			b.WriteByte(s[i])
		case ascii && r > 0xFFFF:
			r1, r2 := utf16.EncodeRune(r)
			fmt.Fprintf(&b, `\u%04x\u%04x`, r1, r2)
		case ascii && r >= utf8.RuneSelf:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	b.WriteByte('"')
	return b.String()
}
