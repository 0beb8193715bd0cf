package names_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/piikit/piikit/internal/find"
	"github.com/piikit/piikit/internal/find/names"
)

// found returns the text of each name found in text.
func found(t *testing.T, text string) []string {
	t.Helper()
	fs, err := names.Find(text)
	if err != nil {
		t.Fatalf("Find(%q): %v", text, err)
	}
	var out []string
	for _, f := range fs {
		if f.Entity != find.Name {
			t.Errorf("Find(%q): entity %v, want name", text, f.Entity)
		}
		out = append(out, text[f.Start:f.End])
	}
	return out
}

func TestFind(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
	}{
		// Honorifics stay out of the span.
		{"田中さん、明日の会議よろしく", []string{"田中"}},
		{"山田太郎様 ご注文ありがとうございます", []string{"山田太郎"}},
		{"佐々木　美咲です。よろしく", []string{"佐々木　美咲"}},
		{"ヤマダ タロウ様（フリガナ）", []string{"ヤマダ タロウ"}},
		{"陽向くん、宿題終わった？", []string{"陽向"}},
		{"ひなたちゃん誕生日おめでとう", []string{"ひなた"}},
		{"昨日田中さんに会った", []string{"田中"}},
		{"林先生の授業", []string{"林"}},
		// Without an honorific: family and given name, a family name in
		// a person's context.
		{"口座名義はサトウ ケンタです", []string{"サトウ ケンタ"}},
		{"（村上陽翔）", []string{"村上陽翔"}},
		{"鈴木から連絡あった？", []string{"鈴木"}},
		{"山田に会う", []string{"山田"}},
		// Places, common words and roles are not names.
		{"山田に行く予定です", nil},
		{"渋谷駅で待ち合わせ", nil},
		{"東京都山田1-2-3", nil},
		{"マイページから変更できます。マイナンバーも", nil},
		{"週末は森を散歩しました", nil},
		{"さくらが満開でした", nil},
		{"お母さんと店長さんと皆様へ", nil},
		{"様子を見ます。氏名を書いてください", nil},
		{"サトウキビを買った", nil},
		// Latin names.
		{"Dear Taro Yamada, thank you", []string{"Taro Yamada"}},
		{"Hi Ken, are we still on?", []string{"Ken"}},
		{"Best regards, YAMADA Taro", []string{"YAMADA Taro"}},
		{"Mr. Smith will call back", []string{"Smith"}},
		{"Dear Müller-san, see you at Hanako's place", []string{"Müller", "Hanako"}},
		{"昨日Emilyさんとランチ", []string{"Emily"}},
		{"May I reschedule? Will you be there? Send the bill.", nil},
		{"The Grace period ends in May.", nil},
		{"Meet at Ueno station, we moved to Nakano", nil},
		{"Hi all, Dear Customer", nil},
	} {
		got := found(t, c.text)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("Find(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

func TestFindErrors(t *testing.T) {
	if _, err := names.Find("田中\xffさん"); !errors.Is(err, find.ErrInvalidUTF8) {
		t.Errorf("invalid UTF-8: %v, want ErrInvalidUTF8", err)
	}
	long := strings.Repeat("あ", find.MaxLen/3+1)
	if _, err := names.Find(long); !errors.Is(err, find.ErrTooLong) {
		t.Errorf("long text: %v, want ErrTooLong", err)
	}
	dst := []find.Finding{{Entity: find.Phone, Start: 1, End: 2}}
	got, err := names.Append(dst, "\xff")
	if err == nil || len(got) != 1 || got[0] != dst[0] {
		t.Errorf("Append on error = %v, %v; want dst unchanged and an error", got, err)
	}
	if s := (find.Finding{Entity: find.Name, Start: 0, End: 6}).String(); s != "name[0:6]" {
		t.Errorf("String = %q", s)
	}
}
