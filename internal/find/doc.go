// Package find finds personal values inside free text — chat messages,
// notes, log lines, in Japanese and English — and reports where they are:
// build a [Finder] once with [New] and call [Finder.Find] per text. Each
// [Finding] is an [Entity] and the byte offsets of the value; it never holds
// the value, so findings can be logged. Replacing what is found is the
// caller's (the text transform's) job.
//
// Every finding is checked with the rule its kind has as a column value, so
// what is found here is what a phone, email, card or My Number field would
// accept, and a replacement made with that field's rule fits. Texts that are
// not valid UTF-8 are refused with [ErrInvalidUTF8], texts longer than
// [MaxLen] with [ErrTooLong]. Time is linear in the text.
//
// # What is found
//
// Numbers are read in runs: a digit (ASCII or full-width) and what follows
// it while it is digits, phone separators (space, - . / ( ) [ ], their
// full-width forms, ー, U+3000, dashes) and plus signs, with a plus or an
// opening parenthesis just before. A run ends at any other character, at a
// gap of more than 4 characters between digits, or at more than 2 spaces. A
// number must stand on its own: the character before it and the character
// after it must not be a digit (of any script), a letter other than
// Japanese, or '_'; a joining character (- . , / : + and their full-width
// forms) between it and such a character counts as part of a longer token
// (a date, an amount, a code such as A-1234567), except that a colon or a
// comma joins only digits (12:30 and 1,980 are not read; card:4111… is). A number straight after a
// currency sign, 〒, #, № or @, or straight before 円, %, 万, 億, 兆 or @ is an
// amount, a postal code or a reference and is not found (an '_' before it
// and an '=' after it stop it too); [Finder.AppendChecked] reports a
// number that would be found but for such a stop character, for callers
// that refuse the text rather than pass it on. Japanese letters on either
// side are fine: 電話は09012345678です.
//
//   - phone: a sequence of at most 7 space-separated tokens of a run, the
//     longest from each starting token, that phone.Scan reads (SPEC.md §3),
//     and that is a valid number (phonenumbers.IsValidNumber: the number is
//     in one of its region's number ranges, not merely of a possible
//     length) with the default region ([Options.Region], JP if empty) for
//     numbers without a plus. In regions whose national prefix is 0 (JP and
//     most others) a number without a plus must start with 0, as people
//     write them: 20210317 and 1234-5678-9012 are not phones, 0312345678
//     is. A label glued before the number (TEL, Tel., fax:, phone) is
//     allowed.
//   - card: 13 to 19 digits, Luhn-valid, either in one group that starts
//     with an issuer digit (2 to 6: Mastercard, Amex, JCB, Diners, Visa,
//     Discover, UnionPay), or in groups of 3 to 7 digits joined by one and
//     the same separator (space, -, U+3000, U+2010, －).
//   - mynumber: 12 digits in the same layouts (one group, or groups joined
//     by one separator) whose check digit is valid, and a context word
//     (マイナンバー, マイナカード, マイナ保険証, 個人番号, My Number, MyNumber,
//     My No., Individual Number; full-width and any case) ending within 24
//     characters before the number or starting within 12 characters after
//     it. Twelve digits without such a word are left alone: order, account
//     and tracking numbers.
//   - email: around each at sign (@ ＠ ﹫), a local part of ASCII atext and
//     dots (or their full-width forms, or non-Japanese letters) and a domain
//     that normalization accepts (SPEC.md §3: IDNA, at least two labels).
//     Where Japanese text glued to an address ends it is described in
//     email.go: "メールはtaro@example.co.jpまで" gives taro@example.co.jp,
//     "taro@例え.jp" is found whole.
//   - id: with [Options.IDPattern] (a pattern of SPEC.md §5, parsed by
//     package internal/pattern), every run of the text that matches it
//     character for character (a full-width form of an ASCII character
//     matching as that character), whose check digit is valid when the
//     pattern has a scheme, and that stands alone: the character before and
//     the character after it are neither a digit, '_' or a letter other than
//     Japanese, nor a character of one of the pattern's classes, and no at
//     sign follows it. A start is tried at each character that may start one
//     and reads at most the pattern's length (256) more characters. Without
//     a pattern, IDs are found only as known values.
//
// # Known values
//
// An export that knows its users' values (every name, phone and email of
// its users table) builds a [Known] with [NewKnown] and passes it in
// [Options.Known]; names are found only this way here. The values are
// compared in their matching form, made rune by rune so that each byte of
// it maps back to the text: white space, format characters (zero-width
// spaces, joiners), variation selectors and middle dots (・ ･ ·) are left
// out, and so are phone separators next to a digit; every other rune is
// replaced by its compatibility decomposition (NFKD, which two strings
// share exactly when their NFKC forms agree) and Unicode's full case
// folding. So 山田 太郎, 山田　太郎, 山田太郎 and ﾔﾏﾀﾞ･ﾀﾛｳ (for ヤマダ・タロウ) match,
// TARO YAMADA and Ｔａｒｏ　Ｙａｍａｄａ match Taro Yamada, and
// ０９０ １２３４ ５６７８ and (090)1234-5678 match 090-1234-5678. A phone
// is also looked for in its international and national forms (+81 90-1234-
// 5678). A match covers whole runes of the text (ガ is not カ, é is not e).
//
// A match must stand on its own, by the character at each of its ends: a
// digit or plus sign, as a number does (above); another non-Japanese
// letter, with no letter, digit, '_' or at sign next to it (Ken is not in
// Kenta nor in ken@example.com, is in Ken-san); katakana, with no katakana
// next to it (マイ is not in マイナンバー); kanji and hiragana, with no
// condition, Japanese being written without spaces (山田太郎さん). Values
// too short to tell from ordinary text are skipped ([Known.Skipped]): fewer
// than 2 characters that count (one kanji: 森 would be found in 森林),
// fewer than 3 if all hiragana, fewer than 6 if all digits; an ID, fewer
// than 6 characters. A name that is
// one Japanese word of at most 2 characters (3 in hiragana) is found only
// in a person's context — followed by an honorific (さん さま 様 くん 君 ちゃん
// 先生 氏 殿), です or より, or alone in brackets (090-1234-5678（山田）) —
// since it is as often a place or a word (「山田に行く」, 部屋のあかり).
//
// Scanning is one pass of an Aho–Corasick automaton over the matching form
// of the text: time linear in the text and in the matches, memory of the
// automaton proportional to the total length of the values (about 500,000
// states for 100,000 names, phones and emails). On the labelled corpus, with
// its own values given as known, every name long enough to be looked for is
// found but for 1 of 1,626 generated and 4 of 30 hand-written (bare
// surnames followed by a particle), and 99.87% of ordinary values are kept.
//
// # Overlaps
//
// Findings never overlap. When two candidates of the finders do, the entity
// first in this order is kept: email, card, mynumber, phone, id (a phone inside
// an email's local part is the email; a 16-digit card is not read as a
// phone; a value both a phone and of the ID pattern is a phone: the
// finders check a value, a pattern only its shape). Known values and those findings are then merged: of two that
// overlap the longer is kept (it covers the value whole); of two as long,
// the earlier, then the known value, then the entity first in the order
// above (name last).
package find
