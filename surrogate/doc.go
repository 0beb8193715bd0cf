// Package surrogate replaces personal names with realistic ones: a keyed,
// deterministic, irreversible choice of a surname and a given name from
// lists of real names, weighted by how common they are. The same name gets
// the same surrogate in every table and export made with the same keys,
// domain and scope.
//
// Most users make one [Surrogator] per field with [New] and call
// [Surrogator.Name]:
//
//	s, err := surrogate.New(root, kind.Field{Kind: kind.Name, Domain: "users.name"})
//	…
//	out, err := s.Name("山田 太郎") // a kanji surname and given name, space kept
//
// A surrogate keeps the name's shape: the order of its parts, its
// separators (none, a space, a full-width space, a middle dot), the script
// and case of each part (kanji → kanji, hiragana → hiragana, katakana →
// katakana, half-width → half-width, Latin → Latin) and an honorific
// (さん, 様, Mr., …). Each part is chosen on its own, so 山田 gets the same
// surrogate in 山田 太郎 and in 山田さん: [Surrogator.Surname] and
// [Surrogator.Given] replace one bare part. [Surrogator.Tied] writes a
// name's surrogate in the shape of its reading (a kana or romaji column),
// so that the reading reads the surrogate.
//
// # Lists
//
// The lists are in data/, each with its source: Japanese surnames of the
// 名字由来net ranking weighted by their estimated bearers, with readings
// checked against the IPA dictionary; Japanese given names of the 明治安田
// 生命 rankings, equally weighted (the rankings give no counts); US Census
// Bureau 2010 surnames and Social Security Administration given names,
// weighted by their counts. A name is never its own surrogate.
//
// # Security
//
// A surrogate is irreversible: nobody, not even the key's holder, can tell
// the name behind it except by trying names. It is deterministic, so it
// reveals which records share a name part, and it collides: different
// people may get the same surrogate (SPEC.md §8 gives the expected number).
// Join on pseudonyms (package tokenize), not on surrogates.
package surrogate
