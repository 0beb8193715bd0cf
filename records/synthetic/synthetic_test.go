package synthetic_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
	"unicode"

	"github.com/nyaruka/phonenumbers"
	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/records/synthetic"
)

// My Number check digits, computed by hand from the rule of the Ordinance
// (see MyNumberCheckDigit): for 12345678901, Σ P_n·Q_n = 212, 212 mod 11 = 3,
// check digit 11 − 3 = 8.
func TestMyNumberCheckDigit(t *testing.T) {
	for _, tc := range []struct{ first11, check string }{
		{"12345678901", "8"},
		{"98320567321", "4"}, // a worked example published with the ordinance's formula
		{"00000000000", "0"}, // Σ = 0 → 0
		{"00000000001", "9"}, // Σ = 1·2 = 2 → 11 − 2
		{"00000000005", "1"}, // Σ = 5·2 = 10 → 11 − 10
		{"00000000006", "0"}, // Σ = 12, mod 11 = 1 → 0
		{"10000000000", "5"}, // P_11·Q_11 = 1·6 → 11 − 6
	} {
		require.Equal(t, tc.check, string(synthetic.MyNumberCheckDigit(tc.first11)), tc.first11)
	}
}

func TestUsers(t *testing.T) {
	g := synthetic.New(1)
	ids := map[string]bool{}
	layouts := map[string]bool{}
	var latin, japanese, fullWidth int
	for range 2000 {
		u := g.Next()
		require.False(t, ids[u.UserID], "user IDs are unique")
		ids[u.UserID] = true
		require.Len(t, u.MyNumber, 12)
		require.Equal(t, u.MyNumber[11], synthetic.MyNumberCheckDigit(u.MyNumber[:11]))
		n, err := phonenumbers.Parse(u.Phone, "JP")
		require.NoError(t, err, "phone %d", len(ids))
		require.True(t, phonenumbers.IsValidNumber(n), "phone %d is a valid Japanese number", len(ids))
		require.Equal(t, int32(81), n.GetCountryCode())
		layouts[strings.Map(func(r rune) rune {
			if unicode.IsDigit(r) {
				return 'd'
			}
			return r
		}, u.Phone)] = true
		if strings.ContainsRune(u.Phone, '０') || strings.ContainsAny(u.Phone, "１２３４５６７８９") {
			fullWidth++
		}
		require.Contains(t, u.Email, "@")
		if strings.ContainsFunc(u.Name, func(r rune) bool { return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) }) {
			japanese++
		} else {
			latin++
		}
		require.True(t, strings.ContainsFunc(u.NameKana, func(r rune) bool { return unicode.Is(unicode.Katakana, r) }))
	}
	require.Greater(t, len(layouts), 5, "phones come in several layouts")
	require.Greater(t, fullWidth, 100)
	require.Greater(t, latin, 200)
	require.Greater(t, japanese, 1000)
}

func TestWriteCSV(t *testing.T) {
	var a, b bytes.Buffer
	require.NoError(t, synthetic.WriteCSV(&a, 50, 7))
	require.NoError(t, synthetic.WriteCSV(&b, 50, 7))
	require.Equal(t, a.String(), b.String(), "the same seed gives the same table")
	recs, err := csv.NewReader(&a).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 51)
	require.Equal(t, synthetic.Header, recs[0])
}

func ExampleGenerator() {
	g := synthetic.New(1)
	u := g.Next()
	fmt.Println(len(u.MyNumber), u.MyNumber[11] == synthetic.MyNumberCheckDigit(u.MyNumber[:11]))
	// Output: 12 true
}

func ExampleMyNumberCheckDigit() {
	fmt.Println(string(synthetic.MyNumberCheckDigit("12345678901")))
	// Output: 8
}

func ExampleWriteCSV() {
	var b bytes.Buffer
	if err := synthetic.WriteCSV(&b, 2, 1); err != nil {
		panic(err)
	}
	fmt.Print(b.String())
	// Output:
	// user_id,name,name_kana,email,phone,my_number,signup_date,plan
	// U10007919,鈴木ひなた,スズキ ヒナタ,hinata.suzuki@example.net,+81-80-3283-3358,979873968334,2024-10-01,premium
	// U10015838,木村 由美,キムラ ユミ,yumi.kimura+news@example.jp,+81-6-5939-7123,601078539163,2015-06-22,premium
}

func ExampleWriteJSONLines() {
	var b bytes.Buffer
	if err := synthetic.WriteJSONLines(&b, 1, 1); err != nil {
		panic(err)
	}
	fmt.Print(b.String())
	// Output:
	// {"user_id":"U10007919","name":"鈴木ひなた","name_kana":"スズキ ヒナタ","email":"hinata.suzuki@example.net","phone":"+81-80-3283-3358","my_number":"979873968334","signup_date":"2024-10-01","plan":"premium"}
}

func ExampleWriteParquet() {
	var b bytes.Buffer
	if err := synthetic.WriteParquet(&b, 2, 1); err != nil {
		panic(err)
	}
	rows := make([]parquet.Row, 2)
	n, _ := parquet.NewReader(bytes.NewReader(b.Bytes())).ReadRows(rows)
	for _, row := range rows[:n] {
		fmt.Println(row)
	}
	// Output:
	// [U10007919 鈴木ひなた スズキ ヒナタ hinata.suzuki@example.net +81-80-3283-3358 979873968334 2024-10-01 premium]
	// [U10015838 木村 由美 キムラ ユミ yumi.kimura+news@example.jp +81-6-5939-7123 601078539163 2015-06-22 premium]
}

// Messages are sent by users of the table and mention their values; the
// same seed gives the same messages.
func TestMessages(t *testing.T) {
	users := synthetic.Users(50, 1)
	var table bytes.Buffer
	require.NoError(t, synthetic.WriteCSV(&table, 50, 1))
	ids := map[string]synthetic.User{}
	for i, rec := range csvRecords(t, table.Bytes())[1:] {
		require.Equal(t, users[i].Record(), rec, "Users gives the rows of WriteCSV")
		ids[rec[0]] = users[i]
	}
	var a, b bytes.Buffer
	require.NoError(t, synthetic.WriteMessagesCSV(&a, 300, 50, 1))
	require.NoError(t, synthetic.WriteMessagesCSV(&b, 300, 50, 1))
	require.Equal(t, a.String(), b.String())
	recs := csvRecords(t, a.Bytes())
	require.Equal(t, synthetic.MessageHeader, recs[0])
	require.Len(t, recs, 301)
	mentions := map[string]int{}
	for _, m := range recs[1:] {
		u, ok := ids[m[1]]
		require.True(t, ok, "sender %s is a user", m[1])
		for what, v := range map[string]string{"phone": u.Phone, "email": u.Email, "mynumber": u.MyNumber[:4]} {
			if strings.Contains(m[3], v) {
				mentions[what]++
			}
		}
		if strings.Contains(m[3], "card") || strings.Contains(m[3], "カード") {
			mentions["card"]++
		}
	}
	for _, what := range []string{"phone", "email", "mynumber", "card"} {
		require.Greater(t, mentions[what], 10, "messages with their sender's %s", what)
	}
}

func csvRecords(t *testing.T, data []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	require.NoError(t, err)
	return recs
}
