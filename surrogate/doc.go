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
// The lists are in data/, each with its source and licence: 2,026 Japanese
// surnames of the 名字由来net ranking weighted by their estimated bearers,
// 1,039 Japanese given names weighted by their shares of the 平成名前辞典
// lists of 1989 and 2009, both with readings checked against the IPA
// dictionary; 999 US Census Bureau 2010 surnames and 2,000 Social Security
// Administration given names, weighted by their counts. They are read once,
// on first use. A name is never its own surrogate. Two people whose names
// share no part get the same surrogate with probability about 8·10⁻⁶ to
// 9·10⁻⁶, so a table of 10,000 such people has some 400 colliding pairs
// (SPEC.md §8).
//
// # Security
//
// A surrogate is irreversible: nobody, not even the key's holder, can tell
// the name behind it except by trying names. It is deterministic, so it
// reveals which records share a name part, and it collides: different
// people may get the same surrogate (SPEC.md §8 gives the expected number).
// Join on pseudonyms (package tokenize), not on surrogates.
package surrogate
