// Package synthetic generates tables of made-up users for demos, tests and
// benchmarks: Japanese and Latin names (with their katakana readings), Japanese
// phone numbers in the many layouts people type them in (full-width digits
// included), emails, My Numbers with valid check digits, and user IDs.
//
// Every value is invented from small lists and a seeded generator; none is a
// real person's. The same seed gives the same table.
//
//	g := synthetic.New(1)
//	u := g.Next() // u.Name, u.Phone, …
package synthetic

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/piikit/piikit/internal/checkdigit"
)

// User is one made-up user.
type User struct {
	UserID     string // "U" and 8 digits, unique within a table
	Name       string // "山田 太郎", "Emma Wilson", …
	NameKana   string // the reading in katakana: "ヤマダ タロウ"
	Email      string
	Phone      string // a Japanese number in one of several layouts
	MyNumber   string // 12 digits with a valid check digit
	SignupDate string // YYYY-MM-DD
	Plan       string // free, standard or premium
}

// Header is the CSV header of [WriteCSV], in the order of User's fields.
var Header = []string{"user_id", "name", "name_kana", "email", "phone", "my_number", "signup_date", "plan"}

// Record returns u as a CSV record in the order of [Header].
func (u User) Record() []string {
	return []string{u.UserID, u.Name, u.NameKana, u.Email, u.Phone, u.MyNumber, u.SignupDate, u.Plan}
}

// Generator makes users. It is not safe for concurrent use.
type Generator struct {
	r *rand.Rand
	n int
}

// New returns a generator seeded with seed.
func New(seed uint64) *Generator {
	return &Generator{r: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))}
}

// Next returns the next user.
func (g *Generator) Next() User {
	g.n++
	u := User{
		UserID:     fmt.Sprintf("U%08d", 10000000+g.n*7919%90000000),
		MyNumber:   g.myNumber(),
		SignupDate: fmt.Sprintf("20%02d-%02d-%02d", 15+g.r.IntN(11), 1+g.r.IntN(12), 1+g.r.IntN(28)),
		Plan:       []string{"free", "free", "standard", "premium"}[g.r.IntN(4)],
	}
	var romaji []string
	if g.r.IntN(4) == 0 {
		u.Name, u.NameKana, romaji = g.latinName()
	} else {
		u.Name, u.NameKana, romaji = g.japaneseName()
	}
	u.Email = g.email(romaji)
	u.Phone = g.phone()
	return u
}

type name struct{ written, kana, romaji string }

var familyJA = []name{
	{"佐藤", "サトウ", "sato"}, {"鈴木", "スズキ", "suzuki"}, {"高橋", "タカハシ", "takahashi"},
	{"田中", "タナカ", "tanaka"}, {"伊藤", "イトウ", "ito"}, {"渡辺", "ワタナベ", "watanabe"},
	{"山本", "ヤマモト", "yamamoto"}, {"中村", "ナカムラ", "nakamura"}, {"小林", "コバヤシ", "kobayashi"},
	{"加藤", "カトウ", "kato"}, {"吉田", "ヨシダ", "yoshida"}, {"山田", "ヤマダ", "yamada"},
	{"佐々木", "ササキ", "sasaki"}, {"山口", "ヤマグチ", "yamaguchi"}, {"松本", "マツモト", "matsumoto"},
	{"井上", "イノウエ", "inoue"}, {"木村", "キムラ", "kimura"}, {"清水", "シミズ", "shimizu"},
	{"斎藤", "サイトウ", "saito"}, {"長谷川", "ハセガワ", "hasegawa"},
}

var givenJA = []name{
	{"太郎", "タロウ", "taro"}, {"花子", "ハナコ", "hanako"}, {"翔太", "ショウタ", "shota"},
	{"陽菜", "ヒナ", "hina"}, {"蓮", "レン", "ren"}, {"結衣", "ユイ", "yui"}, {"大輝", "ダイキ", "daiki"},
	{"美咲", "ミサキ", "misaki"}, {"健太", "ケンタ", "kenta"}, {"さくら", "サクラ", "sakura"},
	{"悠人", "ユウト", "yuto"}, {"葵", "アオイ", "aoi"}, {"拓海", "タクミ", "takumi"},
	{"直樹", "ナオキ", "naoki"}, {"由美", "ユミ", "yumi"}, {"ひなた", "ヒナタ", "hinata"},
	{"一郎", "イチロウ", "ichiro"}, {"恵子", "ケイコ", "keiko"}, {"誠", "マコト", "makoto"},
	{"あかり", "アカリ", "akari"},
}

var givenLatin = []name{
	{"Emma", "エマ", "emma"}, {"Liam", "リアム", "liam"}, {"Olivia", "オリビア", "olivia"},
	{"Noah", "ノア", "noah"}, {"Sophie", "ソフィー", "sophie"}, {"Lucas", "ルーカス", "lucas"},
	{"Daniel", "ダニエル", "daniel"}, {"Chloé", "クロエ", "chloe"}, {"José", "ホセ", "jose"},
	{"Anna", "アンナ", "anna"}, {"Marco", "マルコ", "marco"}, {"Grace", "グレース", "grace"},
}

var familyLatin = []name{
	{"Smith", "スミス", "smith"}, {"Wilson", "ウィルソン", "wilson"}, {"García", "ガルシア", "garcia"},
	{"Müller", "ミュラー", "muller"}, {"Martin", "マルタン", "martin"}, {"Rossi", "ロッシ", "rossi"},
	{"Brown", "ブラウン", "brown"}, {"Dubois", "デュボワ", "dubois"}, {"Kowalski", "コワルスキ", "kowalski"},
	{"Nguyen", "グエン", "nguyen"}, {"O'Brien", "オブライエン", "obrien"}, {"Silva", "シルバ", "silva"},
}

func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

func (g *Generator) japaneseName() (written, kana string, romaji []string) {
	f, n := pick(g.r, familyJA), pick(g.r, givenJA)
	switch g.r.IntN(4) {
	case 0:
		written = f.written + n.written
	case 1:
		written = f.written + "\u3000" + n.written // full-width space
	default:
		written = f.written + " " + n.written
	}
	kana = f.kana + " " + n.kana
	return written, kana, []string{n.romaji, f.romaji}
}

func (g *Generator) latinName() (written, kana string, romaji []string) {
	n, f := pick(g.r, givenLatin), pick(g.r, familyLatin)
	written = n.written + " " + f.written
	kana = n.kana + "・" + f.kana // katakana middle dot between foreign names
	return written, kana, []string{n.romaji, f.romaji}
}

var emailDomains = []string{"example.com", "example.net", "example.org", "example.jp", "mail.example.co.jp"}

func (g *Generator) email(romaji []string) string {
	given, family := romaji[0], romaji[1]
	var local string
	switch g.r.IntN(5) {
	case 0:
		local = given + "." + family
	case 1:
		local = family + "_" + given
	case 2:
		local = given[:1] + family + fmt.Sprint(g.r.IntN(100))
	case 3:
		local = strings.ToUpper(given[:1]) + given[1:] + "." + strings.ToUpper(family[:1]) + family[1:]
	default:
		local = given + "." + family + "+" + []string{"news", "shop", "work"}[g.r.IntN(3)]
	}
	return local + "@" + pick(g.r, emailDomains)
}

// phone returns a Japanese mobile (070/080/090) or Tokyo/Osaka fixed-line
// number in one of several layouts.
func (g *Generator) phone() string {
	var area, mid, last string
	if g.r.IntN(5) == 0 {
		area = pick(g.r, []string{"3", "6"}) // Tokyo 03, Osaka 06
		mid = fmt.Sprintf("%04d", 3000+g.r.IntN(6000))
	} else {
		area = pick(g.r, []string{"70", "80", "90"})
		mid = fmt.Sprintf("%04d", 1000+g.r.IntN(9000))
	}
	last = fmt.Sprintf("%04d", g.r.IntN(10000))
	switch g.r.IntN(6) {
	case 0:
		return "0" + area + mid + last
	case 1:
		return "+81 " + area + " " + mid + " " + last
	case 2:
		return "+81-" + area + "-" + mid + "-" + last
	case 3:
		return fullWidth("0" + area + "-" + mid + "-" + last)
	case 4:
		return "(0" + area + ") " + mid + "-" + last
	}
	return "0" + area + "-" + mid + "-" + last
}

// fullWidth writes ASCII digits and hyphens in their full-width forms, as
// Japanese input methods often do.
func fullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r - '0' + '０')
		case r == '-':
			b.WriteRune('－')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func (g *Generator) myNumber() string {
	var d [12]byte
	d[0] = byte('1' + g.r.IntN(9))
	for i := 1; i < 11; i++ {
		d[i] = byte('0' + g.r.IntN(10))
	}
	d[11] = MyNumberCheckDigit(string(d[:11]))
	return string(d[:])
}

// MyNumberCheckDigit returns the check digit of the first 11 digits of a
// My Number (個人番号), by the formula of the Ordinance of the Ministry of
// Internal Affairs and Communications No. 85 of 2014 (総務省令第八十五号),
// article 5: with P_n the n-th digit counted from the right of the 11 and
// Q_n = n+1 for n ≤ 6, n−5 for n ≥ 7, the check digit is 0 if
// Σ P_n·Q_n mod 11 ≤ 1, else 11 − (Σ mod 11).
func MyNumberCheckDigit(first11 string) byte {
	return byte('0' + checkdigit.MyNumberASCII(first11))
}

// WriteCSV writes a header and n users of a generator seeded with seed.
func WriteCSV(w io.Writer, n int, seed uint64) error {
	cw := csv.NewWriter(w)
	cw.Write(Header)
	g := New(seed)
	for range n {
		if err := cw.Write(g.Next().Record()); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteJSONLines writes the users of [WriteCSV] as JSON Lines: one object
// per user, its keys in the order of [Header].
func WriteJSONLines(w io.Writer, n int, seed uint64) error {
	bw := bufio.NewWriter(w)
	g := New(seed)
	var line []byte
	for range n {
		line = append(line[:0], '{')
		for i, v := range g.Next().Record() {
			if i > 0 {
				line = append(line, ',')
			}
			k, _ := json.Marshal(Header[i])
			s, _ := json.Marshal(v)
			line = append(append(append(line, k...), ':'), s...)
		}
		line = append(line, "}\n"...)
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// parquetUser is a row of [WriteParquet]: the columns of [Header], in its
// order, each a required STRING.
type parquetUser struct {
	UserID     string `parquet:"user_id"`
	Name       string `parquet:"name"`
	NameKana   string `parquet:"name_kana"`
	Email      string `parquet:"email"`
	Phone      string `parquet:"phone"`
	MyNumber   string `parquet:"my_number"`
	SignupDate string `parquet:"signup_date"`
	Plan       string `parquet:"plan"`
}

// WriteParquet writes the users of [WriteCSV] as a Parquet file: the
// columns of [Header], in its order, each a required STRING, in row groups
// of at most 100,000 rows.
func WriteParquet(w io.Writer, n int, seed uint64) error {
	pw := parquet.NewGenericWriter[parquetUser](w, parquet.MaxRowsPerRowGroup(100_000), parquet.Compression(&parquet.Snappy))
	g := New(seed)
	rows := make([]parquetUser, 0, 1024)
	for i := range n {
		u := g.Next()
		rows = append(rows, parquetUser(u))
		if len(rows) == cap(rows) || i == n-1 {
			if _, err := pw.Write(rows); err != nil {
				return err
			}
			rows = rows[:0]
		}
	}
	return pw.Close()
}
