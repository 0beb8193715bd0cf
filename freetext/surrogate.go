package freetext

import (
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"

	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/tokenize"
)

// surrogates replace names that a mask cannot take — too short for a
// secure FF1 domain (林, 蓮, れん, Ken) or written with characters the mask
// does not carry — by a name of a short list, chosen by a keyed pseudonym
// of the name: the same name gives the same surrogate in a domain and
// scope, and nobody can turn it back. It is a small, self-contained
// stand-in for realistic surrogates (readings kept, larger lists), which
// can replace it behind the one method replace.
type surrogates struct {
	p *tokenize.Pseudonymizer
}

// surrogateSuffix separates the keys of surrogates from the pseudonyms of
// the rule's domain.
const surrogateSuffix = ":surrogate"

func newSurrogates(root *tinkkeyset.Handle, f kind.Field) (*surrogates, error) {
	d := f.Domain + surrogateSuffix
	if err := checkDomain(d); err != nil {
		return nil, fmt.Errorf("%w: domain of names too long for surrogates (at most %d bytes)", kind.ErrOption, 128-len(surrogateSuffix))
	}
	p, err := tokenize.NewPseudonymizer(root, kind.Field{Kind: kind.Name, Domain: d, Scope: f.Scope})
	if err != nil {
		return nil, err
	}
	return &surrogates{p: p}, nil
}

var pseudonymText = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// replace returns the surrogate of name v: a name of the list of v's
// script (of v's length where the list has one), never v itself.
func (s *surrogates) replace(v string) (string, error) {
	ps, err := s.p.Pseudonym(v)
	if err != nil {
		return "", err
	}
	raw, err := pseudonymText.DecodeString(ps)
	if err != nil || len(raw) < 10 {
		return "", fmt.Errorf("%w: pseudonym of a name", ErrInvalidValue)
	}
	// raw[:2] is the key tag, the same for every name.
	x := binary.BigEndian.Uint64(raw[2:10])
	list := surrogateList(v)
	i := int(x % uint64(len(list)))
	out := list[i]
	if strings.EqualFold(out, v) {
		out = list[(i+1)%len(list)]
	}
	if isUpper(v) {
		out = strings.ToUpper(out)
	}
	return out, nil
}

// surrogateList returns the names of v's script (that of its first
// letter), those of v's length if there are any.
func surrogateList(v string) []string {
	r, _ := utf8.DecodeRuneInString(v)
	var byLen [][]string
	switch {
	case unicode.Is(unicode.Han, r):
		byLen = kanjiNames
	case unicode.Is(unicode.Hiragana, r):
		byLen = hiraganaNames
	case unicode.Is(unicode.Katakana, r):
		byLen = katakanaNames
	default:
		byLen = latinNames
	}
	n := utf8.RuneCountInString(v)
	if n < len(byLen) && len(byLen[n]) > 0 {
		return byLen[n]
	}
	return byLen[len(byLen)-1]
}

func isUpper(v string) bool {
	letters := 0
	for _, r := range v {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			letters++
		}
	}
	return letters > 1
}

// The lists, by length in characters; the last list is the one used for
// other lengths. Common Japanese family and given names (myoji-yurai.net's
// surname ranking, 明治安田生命's given-name rankings) and common English
// given names (US Social Security Administration baby names).
var (
	kanjiNames = [][]string{
		1: strings.Fields("林 森 原 関 堀 辻 泉 東 岡 西 南 北 谷 島 堤 蓮 翔 陽 凛 葵 楓 翼 亮 誠 聡 健 茜 光 望 瞳 栞 紬 碧 司 薫 忍 渚 環 央 暖"),
		2: strings.Fields("佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 山口 松本 井上 木村 清水 陽翔 結衣 大翔 陽菜 美咲 翔太 結菜 莉子"),
	}
	hiraganaNames = [][]string{
		2: strings.Fields("れん ひな ゆい りこ めい そら みお はる あい ゆな りお こう なぎ ゆず まな"),
		3: strings.Fields("さくら あおい はると ゆうと かえで ひなた みさき あかり つむぎ いぶき そうた ゆうま"),
	}
	katakanaNames = [][]string{
		2: strings.Fields("レン ケン ユイ ヒナ ミオ ソラ リコ メイ ハル ユナ リオ マナ"),
		3: strings.Fields("サクラ アオイ ハルト ユウト カエデ ヒナタ ミサキ アカリ ツムギ ソウタ"),
	}
	latinNames = [][]string{
		2: strings.Fields("Al Bo Cy Di Ed Jo Ty Vi"),
		3: strings.Fields("Ann Bob Tom Sam Max Leo Amy Eve Ian Zoe Mia Eli Ava Ben Kai Liv Ray Sue"),
		4: strings.Fields("Emma Liam Noah Owen Jack Lily Ella Luke Nora Ruth Adam Kate Jane Mark Paul"),
		5: strings.Fields("Lucas Olivia Henry Grace Chloe Ethan Sarah Jacob Laura Helen Peter Alice Julia Oscar"),
	}
)
