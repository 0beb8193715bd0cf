// Package names finds person names in free text — Japanese (kanji, kana)
// and Latin — that nobody listed: call [Find] per text; it returns
// findings of entity [find.Name] with byte offsets, never the name, like
// the other finders of package find. Honorifics (さん, 様, くん, ちゃん,
// 先生, 氏, 殿, 先輩, -san) are not part of a name: the text transform
// keeps them.
//
// Japanese names are read with the morphological analyzer kagome and the
// IPA dictionary (mecab-ipadic), which tags 人名 (名詞,固有名詞,人名,姓/名).
// The dictionary is embedded in the binary of any program that imports
// this package (about 12 MB) and loaded once, on the first Japanese text
// or by [Load]: about 30 MB of heap, and a second or so of CPU. Programs
// that do not ask for names do not import this package and carry none of
// it. Find is safe for concurrent use.
//
// # What is found
//
// Japanese, in this order (a later rule does not read text an earlier one
// took):
//
//  1. Before an honorific: the run of kanji or katakana before it, less
//     the common words it starts with (昨日|田中さん), and a family name
//     before one space or U+3000 (佐々木　美咲様); in hiragana, a word the
//     dictionary tags as a name or a listed given name (ひなたちゃん). A
//     role, kinship or crowd word (お母さん, 店長さん, 皆様) or one common
//     noun the dictionary knows (明日, 担任) is not a name. 様 before
//     子/式/々/相/態 and 氏 before 名/族 are other words (様子, 氏名).
//  2. A family name the dictionary lists (or, in katakana, one of the 100
//     most common surnames' readings) followed, glued or after one space,
//     by a given name: listed (明治安田生命 rankings), tagged by the
//     dictionary, or a short run it does not know as a word (村上陽翔,
//     ヤマダツムギ, カトウ カズヤ, 藤井 さくら). A listed katakana family name
//     alone (予約名はミウラです), and a word the dictionary reads as a place
//     here but lists as a name, alone before です, だ, より or a closing
//     bracket (（石川）, 橋本より).
//  3. Words the dictionary tags as names, next to each other or one space
//     apart (山田太郎, 石川 恵子). A family name alone is kept only if it is
//     two characters or more and not in a place's context: after a place
//     (東京都山田), before a place suffix, a noun or a number (山田駅,
//     山田1-2-3), before に/へ/まで and a verb of going or living (山田に行く;
//     山田に会う is a person), before で (山田で待ち合わせ), or before の and a
//     place or a name (山田の店). A given name alone (マイ in マイページ,
//     あかり), a one-character family name alone (森, 林) and a word that is
//     a common noun here (さくら, 森 in 森を散歩) need an honorific or a
//     name next to them.
//
// Latin names:
//
//   - capitalized words (up to three) after a title or greeting (Dear, Hi,
//     Hello, Hey, Thanks, Mr., Mrs., Ms., Dr., Prof., attn), after a
//     sign-off and a comma (Best, Regards, Cheers), or before an honorific
//     (Müller-san, Yamada様, Emilyさん) — except months, weekdays and words
//     such as all, team, customer (Hi all, Dear Customer);
//   - two or three capitalized words of which the first is a listed given
//     name or family name (Taro Yamada, Sarah O'Brien), or a listed family
//     name in capitals before a capitalized word (YAMADA Taro);
//   - a listed given or family name alone (Emma, Smith), unless a
//     determiner comes before it (the Grace period), a place word after it
//     (Ueno station), or a preposition of place before a family name (moved
//     to Nakano). Names that are also English words, months or places
//     (May, Will, Bill, Mark, Grace, Hope, Jordan, White, King) are found
//     only after a cue or next to another name: "May I", "Will you", "the
//     bill" and "Booked under King" are not found.
//
// The lists (lists.go) are public: the US Social Security Administration's
// baby names, the 2010 US Census surnames, myoji-yurai.net's ranking of
// Japanese surnames and 明治安田生命's ranking of given names.
//
// # Quality and speed
//
// On the labelled corpus of internal/textcorpus (3,000 generated messages,
// 1,722 names) the exact recall of names is 99.2% and 100% of ordinary
// values are kept; on the hand-written set, 100% and 100%. One message of
// about 60 bytes costs about 18 µs of CPU and 7 allocations.
package names
