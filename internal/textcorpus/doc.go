// Package textcorpus is a labelled corpus of Japanese and English chat
// messages for measuring the free-text finders (issue 13): every personal
// value in a message (phone, email, mynumber, card, name) and every ordinary
// value that must survive (none: prices, dates, order numbers…) is marked
// with its byte offsets.
//
// Most users score a finder with [Evaluate] on [Generate]([Seed], [Count])
// (the same messages as testdata/messages.jsonl) and on [HandWritten]:
//
//	r := textcorpus.Evaluate(textcorpus.Generate(textcorpus.Seed, textcorpus.Count), finder)
//	r.Recall(textcorpus.Phone) // exact-offset recall; r.Kept(): ordinary values untouched
//
// # The generated corpus
//
// [Generate] fills about 100 chat-style templates (templates.go), two in
// three Japanese, with values drawn by a seeded generator; messages are 60
// to 200 bytes. testdata/messages.jsonl holds the 3,000 messages of
// Generate(Seed, Count), one JSON object a line ({"id", "lang", "text",
// "spans": [{"start", "end", "entity", "value"}]}); a test checks that the
// file is what Generate makes (go test -run TestGeneratedFile -update
// rewrites it after a change).
//
//   - phone: Japanese mobiles (070/080/090) and fixed lines (03, 06, 011,
//     045, 052, 092, 0466, 050 IP) in 16 layouts (090-1234-5678,
//     09012345678, +81 90 1234 5678, +81-90-…, (090)1234-5678, full-width
//     digits with and without ＋ and －, ー typed as a dash, spaces, dots),
//     often glued to Japanese text; international numbers with + (US and
//     Canada, UK, Korea, China, France).
//   - email: local parts from the names below at reserved domains only
//     (example.com…, 例え.テスト, bücher.example: RFC 2606 and 6761, and
//     IANA's IDN test TLD), some upper case, with ＠ or all full-width,
//     glued to Japanese text ("…@example.co.jpまで" ends at ".jp").
//   - mynumber: 12 digits with a valid check digit (with or without
//     separators, full-width), always in a message with a context word
//     (マイナンバー, 個人番号, マイナンバーカード, My Number, Individual
//     Number…), marked none (the word stays).
//   - card: Luhn-valid numbers of common brands' prefixes and lengths (13,
//     14, 15, 16 and 19 digits) in their usual groupings.
//   - name: Japanese names from the 50 most common surnames and common
//     given names (names.go gives the sources), in kanji, kana, with a space
//     or an ideographic space or none, with or without an honorific (さん,
//     様, くん, ちゃん, 先生: outside the span, kept); Latin names ("Dear Taro
//     Yamada", "Hi Ken", "YAMADA Taro", US names).
//   - none, the hard negatives: prices (1,980円, ¥12,345, $19.99), dates
//     (3月17日, 2021-03-17, March 17), times, order and tracking numbers
//     (A-1234567, 1234-5678-9012, 250-1234567-1234567, EJ123456789JP),
//     postal codes (〒100-0001), years, counts, JAN barcodes, 12-digit
//     numbers without a context word (half with a valid My Number check
//     digit), Luhn-invalid 16-digit numbers, place names that are surnames
//     (「山田に行く」, 渋谷, Ueno) and words written like names (マイ in
//     マイページ, 森, さくら, May, Will, bill).
//
// Ordinary numbers are chosen so that they are not personal by the rules
// the finders apply: none is Luhn-valid at 12 to 19 digits, none written
// from a 0 or + is a valid phone number, and no 12-digit one shares a
// message with a My Number context word. Every digit of every message is
// inside a span. The tests check all of this with the project's own rules
// (internal/normalize, mask.Display, the phone metadata), and that each
// entity has at least 300 spans (names 500) and the ordinary values 1,000.
//
// # The hand-written set
//
// testdata/handwritten.txt holds about 100 messages written and labelled by
// hand, one a line with inline labels (⟦phone:090-1234-5678⟧, read by
// [ParseMarked]): real-world-style cases such as (03) 1234-5678, ０３（５５５５）１２３４,
// mailto: links, <addresses>, Müller-san, a JAN code, tel. extensions.
// [HandWritten] returns them.
//
// # Scoring
//
// [Evaluate] runs a [Finder] on every message. A personal span is found
// when a finder span of the same entity has exactly its offsets (Exact;
// Covered also counts finder spans that cover it with text around it, such
// as an honorific, which the transform must keep); an ordinary span is kept
// when no finder span overlaps it. The targets: recall 100% for
// phone, email, mynumber and card, ≥ 97% for names; ≥ 99% of ordinary
// values kept. [Report.String] prints the figures without any value.
//
// Every value is invented, but phone numbers are drawn from real number
// ranges and may belong to someone: do not call them.
package textcorpus
