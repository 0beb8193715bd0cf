// Package freetext protects the personal values inside free text — chat
// messages, notes, log lines, in Japanese and English: it finds phone
// numbers, email addresses, My Numbers, card numbers, person names and,
// when asked, user IDs, and replaces each in place, keeping the rest of the text byte for byte.
//
// Build a [Protector] once with [New] and call [Protector.Protect] per
// text, or [Protector.Find] to learn where the values are without
// replacing them (findings hold the entity, byte offsets and rule, never
// the value):
//
//	p, err := freetext.New(root, nil, freetext.Options{
//		Rules: map[kind.Kind]freetext.Rule{
//			kind.Phone: {Transform: kind.Mask, Field: kind.Field{Domain: "users.phone"}},
//			kind.Email: {Transform: kind.Mask, Field: kind.Field{Domain: "users.email"}},
//		},
//	})
//	…
//	out, err := p.Protect("電話は090-1234-5678です")
//
// Each entity's [Rule] is a transform and a [kind.Field], the shape of a
// column's rule: a rule with a column's domain, scope and options replaces
// a value with exactly that column's output for it, so a message that
// mentions a user still joins with the users table, and says nothing
// more. SPEC.md, "Free text" says what is found, what it is replaced with and what
// can be reversed.
//
// # Names
//
// Names are found among the values given as known ([Options.Known]) and,
// if [Options.Names] is set to names.Append of package freetext/names, by
// morphology (kagome and the IPA dictionary). That package is separate so
// that programs that do not ask for names carry none of the dictionary's
// weight.
//
// A name's rule may be a mask or [kind.Surrogate]: a realistic name of
// package surrogate, exactly the one a surrogate column of the same domain
// and scope writes, part by part, so 山田さん in a message gets the surname
// that 山田 太郎 gets in the users table, and the honorific stays. Under a
// mask rule, a name too short for a reversible mask (林, 蓮, Ken) is given
// the surrogate of the rule's domain instead. Nobody can turn a surrogate
// back.
//
// # IDs
//
// A user ID or LINE ID has no shape of its own, so IDs ([kind.ID]) are
// found only when Options.Rules has a rule for them: as known values (the
// users table's IDs, 6 characters or more), and, when the rule's
// Field.Pattern is set (a pattern of package mask, such as U[0-9]{8}, with
// its CheckScheme), as every run of the text that matches it and stands
// alone. The rule is a pseudonym or token (the user_id column's, so a
// message still joins with its user), a mask (of the pattern: it needs
// one), or a redaction.
//
// # Failure
//
// A text that cannot be protected whole is an error, and nothing of it is
// returned: longer than [MaxLen] ([ErrTooLong]), not UTF-8
// ([ErrInvalidUTF8]), holding a control or format character (bidirectional
// overrides, zero-width spaces), nothing but a number, a phone, card or My
// Number the finders skip only because a stop character is written next
// to it ("tel_090-1234-5678", "order #4111111111111111"; amounts such as
// "¥1,234,567" or "100%" pass), or holding a value that its rule cannot
// replace ([ErrInvalidValue]).
//
// # Quality and speed
//
// On the labelled corpus of internal/textcorpus (3,000 generated messages
// and 106 hand-written ones), through this package with freetext/names:
// every phone, email, My Number and card is found (recall 100%), names
// 99.2% (generated) and 100% (hand-written), every ordinary value (prices,
// dates, order numbers) is kept, and no message is refused. In CPU time,
// ordinary chat messages of about 60 bytes without personal values cost
// 0.5–0.8 µs without names by morphology and 10–17 µs with them; the
// corpus's messages, each with values to mask, 5–6 µs and 24–43 µs
// (benchmarks in freetext/names; SPEC.md, "Free text", has the export's
// figures).
//
// # Reversal
//
// Tokens are written with a marker, TYPE(n):token (PHONE(52):…), and masks
// keep their format, so [Protector.Reveal] finds them again and reverses
// them for holders of the keys, reporting each act to an audit hook.
package freetext
