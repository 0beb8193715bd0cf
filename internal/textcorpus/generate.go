package textcorpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/piikit/piikit/internal/checkdigit"
	"github.com/piikit/piikit/records/synthetic"
)

// Seed and Count are the arguments of [Generate] that made
// testdata/messages.jsonl.
const (
	Seed  = 13
	Count = 3000
)

// minLen is the shortest generated message, in bytes; shorter ones get a
// closing phrase.
const minLen = 60

// Generate returns n chat messages, about two in three Japanese, made from
// the templates of templates.go with values drawn by a generator seeded with
// seed. The same seed and n give the same messages.
func Generate(seed uint64, n int) []Message {
	g := &gen{r: rand.New(rand.NewPCG(seed, 0x5851f42d4c957f2d))}
	msgs := make([]Message, 0, n)
	for i := range n {
		g.lang, g.templates = "ja", jaTemplates
		if g.r.IntN(3) == 0 {
			g.lang, g.templates = "en", enTemplates
		}
		var b builder
		b.fill(g, pick(g.r, g.templates))
		for len(b.text) < minLen {
			last, _ := utf8.DecodeLastRune(b.text)
			ends := unicode.IsPunct(last) || unicode.IsSymbol(last)
			if g.lang == "ja" {
				if !ends {
					b.lit("。")
				}
				b.lit(pick(g.r, jaClosings))
			} else {
				if !ends {
					b.lit(".")
				}
				b.lit(" " + pick(g.r, enClosings))
			}
		}
		msgs = append(msgs, Message{ID: fmt.Sprintf("g%04d", i+1), Lang: g.lang, Text: string(b.text), Spans: b.spans})
	}
	return msgs
}

type gen struct {
	r         *rand.Rand
	lang      string
	templates []string
}

// builder writes a message and records its spans.
type builder struct {
	text  []byte
	spans []Span
}

func (b *builder) lit(s string) { b.text = append(b.text, s...) }

func (b *builder) span(entity, v string) {
	b.spans = append(b.spans, Span{Start: len(b.text), End: len(b.text) + len(v), Entity: entity, Value: v})
	b.lit(v)
}

// fill writes template t: literal text, "{slot}" filled by the slot's
// function, "{=text}" an ordinary value (a None span) written as given.
func (b *builder) fill(g *gen, t string) {
	for t != "" {
		before, after, ok := strings.Cut(t, "{")
		b.lit(before)
		if !ok {
			return
		}
		name, rest, _ := strings.Cut(after, "}")
		if v, ok := strings.CutPrefix(name, "="); ok {
			b.span(None, v)
		} else if f := slots[name]; f != nil {
			f(g, b)
		} else {
			panic("textcorpus: unknown slot " + name) // templates are constants, checked by the tests
		}
		t = rest
	}
}

// slots fill the template placeholders. Filled by init, as the personal
// slots refer to Generate through the templates.
var slots map[string]func(*gen, *builder)

func init() {
	span := func(entity string, f func(*gen) string) func(*gen, *builder) {
		return func(g *gen, b *builder) { b.span(entity, f(g)) }
	}
	slots = map[string]func(*gen, *builder){
		"phone":    span(Phone, (*gen).phone),
		"mobile":   span(Phone, (*gen).mobile),
		"fixed":    span(Phone, (*gen).fixed),
		"intl":     span(Phone, (*gen).international),
		"email":    span(Email, (*gen).email),
		"mynumber": span(MyNumber, (*gen).myNumber),
		"card":     span(Card, (*gen).card),
		"fullname": span(Name, (*gen).fullName),
		"kana":     span(Name, func(g *gen) string { return pick(g.r, familyJA).kana + " " + pick(g.r, givenJA).kana }),
		"sei":      span(Name, (*gen).familyName),
		"mei":      span(Name, (*gen).givenName),
		"latin":    span(Name, (*gen).latinName),
		"given":    span(Name, (*gen).latinGiven),
		"surname":  span(Name, func(g *gen) string { return pick(g.r, familyLatin) }),
		"hon":      func(g *gen, b *builder) { b.lit(pick(g.r, honorifics)) },

		"price":    span(None, (*gen).price),
		"date":     span(None, (*gen).date),
		"time":     span(None, (*gen).time),
		"expiry":   span(None, func(g *gen) string { return fmt.Sprintf("%02d/%02d", 1+g.r.IntN(12), 25+g.r.IntN(8)) }),
		"order":    span(None, (*gen).order),
		"amazon":   span(None, (*gen).amazonOrder),
		"tracking": span(None, (*gen).tracking),
		"postal":   span(None, (*gen).postal),
		"year":     span(None, (*gen).year),
		"count":    span(None, (*gen).count),
		"last4":    span(None, func(g *gen) string { return g.anyDigits(4) }),
		"ext":      span(None, func(g *gen) string { return fmt.Sprintf("%d", 1000+g.r.IntN(9000)) }),
		"n12":      span(None, (*gen).twelveDigits),
		"luhnbad":  span(None, (*gen).luhnInvalid16),
		"jan":      span(None, (*gen).jan),
		"mnctx":    span(None, func(g *gen) string { return pick(g.r, myNumberWordsJA) }),
		"mnctx_en": span(None, func(g *gen) string { return pick(g.r, myNumberWordsEN) }),
		"place": span(None, func(g *gen) string {
			if g.lang == "en" {
				return pick(g.r, placeTrapsLatin)
			}
			return pick(g.r, placeTraps)
		}),
		"wordtrap": func(g *gen, b *builder) {
			w := pick(g.r, wordTraps)
			b.lit(w.before)
			b.span(None, w.word)
			b.lit(w.after)
		},
		"entrap": func(g *gen, b *builder) {
			w := pick(g.r, englishTraps)
			b.lit(w.before)
			b.span(None, w.word)
			b.lit(w.after)
		},
	}
}

// My Number context words: the finders' context words must include these.
var (
	myNumberWordsJA = []string{"マイナンバー", "マイナンバー", "個人番号", "マイナンバーカード", "個人番号カード"}
	myNumberWordsEN = []string{"My Number", "My Number", "my number card", "Individual Number", "MyNumber"}
)

// placeTrapsLatin are placeTraps' romaji: Japanese place names that are
// also surnames, in English text.
var placeTrapsLatin = []string{
	"Ueno", "Shibuya", "Shinagawa", "Nakano", "Matsumoto", "Chiba", "Fukushima",
	"Nagano", "Okayama", "Fukuoka", "Meguro", "Kanda", "Yamaguchi",
}

func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// digits returns n random ASCII digits, the first not 0.
func (g *gen) digits(n int) string { return fmt.Sprint(1+g.r.IntN(9)) + g.anyDigits(n-1) }

// anyDigits returns n random ASCII digits.
func (g *gen) anyDigits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.r.IntN(10))
	}
	return string(b)
}

// fullWidth writes ASCII digits, letters, "-", ".", "+" and "@" in their
// full-width forms, as Japanese input methods often do.
func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r > ' ' && r < 0x7f:
			return r - '!' + '！'
		}
		return r
	}, s)
}

// group writes digits ds in groups of the given sizes joined by sep.
func group(ds, sep string, sizes ...int) string {
	var parts []string
	for _, n := range sizes {
		parts = append(parts, ds[:n])
		ds = ds[n:]
	}
	if ds != "" {
		parts = append(parts, ds)
	}
	return strings.Join(parts, sep)
}

// Phones.

func (g *gen) phone() string {
	if g.r.IntN(10) < 7 {
		return g.mobile()
	}
	return g.fixed()
}

// mobile is a Japanese mobile number: 070, 080 or 090, then a digit 1–9.
func (g *gen) mobile() string {
	return g.japanese(pick(g.r, []string{"90", "80", "70"}), g.digits(4), g.anyDigits(4))
}

// fixed is a Japanese fixed-line (or 050 IP) number: an area code and
// subscriber numbers starting with a digit the metadata calls valid there.
func (g *gen) fixed() string {
	area := pick(g.r, []struct {
		code, first string
		mid         int
	}{
		{"3", "23456789", 4}, {"3", "23456789", 4}, {"6", "23456789", 4}, {"11", "235678", 3},
		{"52", "23456789", 3}, {"92", "23456789", 3}, {"45", "23456789", 3}, {"466", "23456789", 2},
		{"50", "23456789", 4},
	})
	mid := string(area.first[g.r.IntN(len(area.first))]) + g.anyDigits(area.mid-1)
	return g.japanese(area.code, mid, g.anyDigits(4))
}

// japanese writes a Japanese number (area code without its 0) in one of
// the layouts people type.
func (g *gen) japanese(area, mid, last string) string {
	nat := "0" + area
	switch g.r.IntN(16) {
	case 0, 1, 2:
		return nat + "-" + mid + "-" + last
	case 3, 4:
		return nat + mid + last
	case 5:
		return "+81 " + area + " " + mid + " " + last
	case 6:
		return "+81-" + area + "-" + mid + "-" + last
	case 7:
		return "(" + nat + ")" + mid + "-" + last
	case 8:
		return "(" + nat + ") " + mid + "-" + last
	case 9:
		return fullWidth(nat + "-" + mid + "-" + last)
	case 10:
		return fullWidth(nat + mid + last)
	case 11:
		return nat + "ー" + mid + "ー" + last // a prolonged sound mark typed for a dash
	case 12:
		return nat + " " + mid + " " + last
	case 13:
		return "+81 " + area + "-" + mid + "-" + last
	case 14:
		return fullWidth("+81 " + area + " " + mid + " " + last)
	}
	return nat + "." + mid + "." + last
}

// international is a number of another country, always with its "+".
func (g *gen) international() string {
	switch g.r.IntN(6) {
	case 0, 1: // US and Canada: area code, exchange 2–9 not N11 or 555
		area := pick(g.r, []string{"212", "415", "650", "617", "206", "312", "646", "718", "416"})
		ex := fmt.Sprint(200 + g.r.IntN(800))
		if ex[1:] == "11" || ex == "555" {
			ex = "234"
		}
		line := fmt.Sprintf("%04d", g.r.IntN(10000))
		switch g.r.IntN(4) {
		case 0:
			return "+1 " + area + "-" + ex + "-" + line
		case 1:
			return "+1 (" + area + ") " + ex + "-" + line
		case 2:
			return "+1." + area + "." + ex + "." + line
		}
		return "+1" + area + ex + line
	case 2: // UK: London 020 (Ofcom's drama range) and mobile 07
		if g.r.IntN(2) == 0 {
			return fmt.Sprintf("+44 20 7946 0%03d", g.r.IntN(1000))
		}
		return "+44 7911 12" + g.anyDigits(4)
	case 3: // South Korea mobile
		return "+82 10-" + string("2346789"[g.r.IntN(7)]) + g.anyDigits(3) + "-" + g.anyDigits(4)
	case 4: // China mobile
		return "+86 138 " + fmt.Sprintf("%04d %04d", g.r.IntN(10000), g.r.IntN(10000))
	}
	// France mobile
	return fmt.Sprintf("+33 6 %c%d %02d %02d %02d", "1245678"[g.r.IntN(7)], g.r.IntN(10), g.r.IntN(100), g.r.IntN(100), g.r.IntN(100))
}

// Emails: reserved example domains only (RFC 2606, RFC 6761 and the IDN
// test TLD テスト), so no address is anyone's.
var emailDomains = []string{
	"example.com", "example.net", "example.org", "example.co.jp", "example.jp",
	"mail.example.ne.jp", "ezweb.example.jp", "例え.テスト", "日本語.example", "bücher.example",
}

// emailLocals are the shapes of local parts: given name, family name, a
// number and a year.
var emailLocals = []string{
	"%[1]s.%[2]s", "%[2]s_%[1]s", "%.1[1]s%[2]s%[3]d", "%[1]s.%[2]s+shop", "%[1]s.%[2]s+news",
	"%[2]s-%[1]s%[4]d", "%[1]s%[2]s",
}

func (g *gen) email() string {
	given, family := g.romaji()
	local := fmt.Sprintf(pick(g.r, emailLocals), given, family, g.r.IntN(100), 1970+g.r.IntN(40))
	addr := local + "@" + pick(g.r, emailDomains)
	switch g.r.IntN(20) {
	case 0, 1:
		return strings.ToUpper(addr)
	case 2, 3:
		return strings.Replace(addr, "@", "＠", 1)
	case 4:
		return fullWidth(addr)
	case 5:
		return strings.ToUpper(addr[:1]) + addr[1:]
	}
	return addr
}

// romaji returns the lower-case given and family names of a Japanese or
// Latin person, ASCII only.
func (g *gen) romaji() (given, family string) {
	if g.r.IntN(3) == 0 {
		ascii := strings.NewReplacer("'", "", "ü", "u", "é", "e")
		return strings.ToLower(pick(g.r, givenLatin)), ascii.Replace(strings.ToLower(pick(g.r, familyLatin)))
	}
	return pick(g.r, givenJA).romaji, pick(g.r, familyJA).romaji
}

// IDs.

func (g *gen) myNumber() string {
	d := g.digits(11)
	d += string(synthetic.MyNumberCheckDigit(d))
	switch g.r.IntN(6) {
	case 0, 1:
		return d
	case 2:
		return group(d, "-", 4, 4)
	case 3:
		return group(d, " ", 4, 4)
	case 4:
		return fullWidth(d)
	}
	return fullWidth(group(d, "-", 4, 4))
}

// card is a Luhn-valid number of a common brand's prefix and length, in its
// usual grouping.
func (g *gen) card() string {
	var d string
	var sizes []int
	switch g.r.IntN(8) {
	case 0, 1: // Visa
		d, sizes = "4"+g.digits(14), []int{4, 4, 4}
	case 2: // Mastercard
		d, sizes = "5"+fmt.Sprint(1+g.r.IntN(5))+g.digits(13), []int{4, 4, 4}
	case 3: // JCB
		d, sizes = "35"+fmt.Sprint(28+g.r.IntN(62))+g.digits(11), []int{4, 4, 4}
	case 4: // American Express
		d, sizes = "3"+pick(g.r, []string{"4", "7"})+g.digits(12), []int{4, 6}
	case 5: // Diners Club
		d, sizes = "36"+g.digits(11), []int{4, 6}
	case 6: // 13-digit Visa
		d, sizes = "4"+g.digits(11), []int{4, 3, 3}
	default: // 19-digit UnionPay
		d, sizes = "62"+g.digits(16), []int{4, 4, 4, 4}
	}
	d += string(checkdigit.LuhnCheck(d))
	switch g.r.IntN(7) {
	case 0, 1, 2:
		return group(d, "-", sizes...)
	case 3, 4:
		return group(d, " ", sizes...)
	case 5:
		return d
	}
	return fullWidth(group(d, "-", sizes...))
}

// notLuhn returns d with its last digit changed if d is Luhn-valid.
func notLuhn(d string) string {
	if checkdigit.Luhn(d) {
		return d[:len(d)-1] + string('0'+(d[len(d)-1]-'0'+1)%10)
	}
	return d
}

// Ordinary values.

func (g *gen) price() string {
	n := 100 + g.r.IntN(50000)
	if g.r.IntN(3) == 0 {
		n = n/100*100 - 20 // 1,980
	}
	c := commas(n)
	if g.lang == "en" {
		switch g.r.IntN(3) {
		case 0:
			return fmt.Sprintf("$%d.%02d", n/100, g.r.IntN(100))
		case 1:
			return "¥" + c
		}
		return c + " yen"
	}
	switch g.r.IntN(4) {
	case 0:
		return "¥" + c
	case 1:
		return "￥" + c
	}
	return c + "円"
}

func commas(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

var monthsEN = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

func (g *gen) date() string {
	y, m, d := 2018+g.r.IntN(9), 1+g.r.IntN(12), 1+g.r.IntN(28)
	if g.lang == "en" {
		switch g.r.IntN(4) {
		case 0:
			return fmt.Sprintf("%s %d", monthsEN[m-1], d)
		case 1:
			return fmt.Sprintf("%d/%d/%d", m, d, y)
		case 2:
			return fmt.Sprintf("%s %d, %d", monthsEN[m-1][:3], d, y)
		}
		return fmt.Sprintf("%d-%02d-%02d", y, m, d)
	}
	switch g.r.IntN(6) {
	case 0, 1:
		return fmt.Sprintf("%d月%d日", m, d)
	case 2:
		return fmt.Sprintf("%d-%02d-%02d", y, m, d)
	case 3:
		return fmt.Sprintf("%d/%d/%d", y, m, d)
	case 4:
		return fmt.Sprintf("%d年%d月%d日", y, m, d)
	}
	return fmt.Sprintf("%d/%d", m, d)
}

func (g *gen) time() string {
	h, m := 7+g.r.IntN(15), 15*g.r.IntN(4)
	if g.lang == "en" {
		switch g.r.IntN(3) {
		case 0:
			return fmt.Sprintf("%d:%02d", h, m)
		case 1:
			return fmt.Sprintf("%d%s", (h+11)%12+1, []string{"am", "pm"}[h/12])
		}
		return fmt.Sprintf("%d:%02d %s", (h+11)%12+1, m, []string{"AM", "PM"}[h/12])
	}
	switch g.r.IntN(4) {
	case 0, 1:
		return fmt.Sprintf("%d:%02d", h, m)
	case 2:
		return fmt.Sprintf("%d時", h)
	}
	return fmt.Sprintf("%s%d時半", []string{"午前", "午後"}[h/12], (h+11)%12+1)
}

func (g *gen) order() string {
	switch g.r.IntN(4) {
	case 0:
		return string(rune('A'+g.r.IntN(26))) + "-" + g.digits(7)
	case 1:
		return "#" + g.digits(6)
	case 2:
		return fmt.Sprintf("ORD-%d-%04d", 2018+g.r.IntN(9), g.r.IntN(10000))
	}
	return "No." + g.digits(8)
}

// amazonOrder is a 3-7-7 order number: 17 digits, never Luhn-valid.
func (g *gen) amazonOrder() string {
	d := notLuhn(fmt.Sprint(2+g.r.IntN(4)) + g.anyDigits(16))
	return group(d, "-", 3, 7)
}

// tracking is a 12-digit parcel number (Yamato, Sagawa), never Luhn-valid,
// or an international postal item (EJ123456789JP).
func (g *gen) tracking() string {
	if g.r.IntN(5) == 0 {
		return "E" + string(rune('A'+g.r.IntN(26))) + g.digits(9) + "JP"
	}
	d := notLuhn(g.digits(12))
	if g.r.IntN(2) == 0 {
		return d
	}
	return group(d, "-", 4, 4)
}

// twelveDigits is a 12-digit number meant for messages without a My Number
// context word: half of them have a valid My Number check digit (only the
// context tells them apart), none is Luhn-valid.
func (g *gen) twelveDigits() string {
	for {
		d := g.digits(11)
		if g.r.IntN(2) == 0 {
			d += string(synthetic.MyNumberCheckDigit(d))
		} else {
			d += string(byte('0' + (synthetic.MyNumberCheckDigit(d)-'0'+1+byte(g.r.IntN(9)))%10))
		}
		if !checkdigit.Luhn(d) {
			if g.r.IntN(3) == 0 {
				return group(d, "-", 4, 4)
			}
			return d
		}
	}
}

// luhnInvalid16 looks like a Visa or Mastercard number but fails Luhn.
func (g *gen) luhnInvalid16() string {
	d := notLuhn(pick(g.r, []string{"4", "5"}) + g.anyDigits(15))
	switch g.r.IntN(3) {
	case 0:
		return group(d, "-", 4, 4, 4)
	case 1:
		return group(d, " ", 4, 4, 4)
	}
	return d
}

// jan is a 13-digit JAN (EAN-13) barcode number of a Japanese prefix with
// its own check digit, chosen to fail Luhn.
func (g *gen) jan() string {
	for {
		d := pick(g.r, []string{"45", "49"}) + g.anyDigits(10)
		sum := 0
		for i := range 12 {
			w := 1
			if i%2 == 1 {
				w = 3
			}
			sum += int(d[i]-'0') * w
		}
		d += fmt.Sprint((10 - sum%10) % 10)
		if !checkdigit.Luhn(d) {
			return d
		}
	}
}

func (g *gen) postal() string {
	d := fmt.Sprintf("%03d%04d", g.r.IntN(1000), g.r.IntN(10000))
	if g.r.IntN(4) == 0 {
		return "〒" + d
	}
	return "〒" + d[:3] + "-" + d[3:]
}

func (g *gen) year() string {
	y := 1960 + g.r.IntN(66)
	if g.lang == "en" {
		return fmt.Sprint(y)
	}
	return fmt.Sprintf("%d年", y)
}

func (g *gen) count() string {
	n := 1 + g.r.IntN(30)
	if g.r.IntN(4) == 0 {
		n = 100 + g.r.IntN(5000)
	}
	if g.lang == "en" {
		return fmt.Sprintf("%d %s", n, pick(g.r, []string{"items", "people", "pcs", "boxes"}))
	}
	return commas(n) + pick(g.r, []string{"個", "人", "件", "枚", "本", "ポイント", "回"})
}

// Names.

func (g *gen) fullName() string {
	f, n := pick(g.r, familyJA), pick(g.r, givenJA)
	switch g.r.IntN(10) {
	case 0, 1, 2, 3:
		return f.written + n.written
	case 4, 5:
		return f.written + " " + n.written
	case 6, 7:
		return f.written + "\u3000" + n.written // full-width space
	case 8:
		return f.kana + " " + n.kana
	}
	return f.kana + n.kana
}

func (g *gen) familyName() string {
	f := pick(g.r, familyJA)
	if g.r.IntN(10) == 0 {
		return f.kana
	}
	return f.written
}

func (g *gen) givenName() string {
	n := pick(g.r, givenJA)
	if g.r.IntN(8) == 0 {
		return n.kana
	}
	return n.written
}

// latinName is an English name, a Japanese name in Latin letters given name
// first, or family name first in capitals as Japanese forms write it.
func (g *gen) latinName() string {
	switch g.r.IntN(10) {
	case 0, 1, 2:
		f, n := pick(g.r, familyJA), pick(g.r, givenJA)
		return title(n.romaji) + " " + title(f.romaji)
	case 3:
		f, n := pick(g.r, familyJA), pick(g.r, givenJA)
		return strings.ToUpper(f.romaji) + " " + title(n.romaji)
	}
	return pick(g.r, givenLatin) + " " + pick(g.r, familyLatin)
}

func (g *gen) latinGiven() string {
	if g.r.IntN(5) < 2 {
		return title(pick(g.r, givenJA).romaji)
	}
	return pick(g.r, givenLatin)
}

func title(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
