package tokenize

import (
	"encoding/base32"
	"strings"
)

// tokenEncoding is the text form of every token: RFC 4648 base32 in lower
// case, without padding. It is URL- and CSV-safe, survives case-insensitive
// collation (MySQL's default, for one) and never starts with a character a
// spreadsheet reads as a formula (=, +, -, @).
var tokenEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// appendText appends prefix and the encoding of raw to dst.
func appendText(dst []byte, prefix string, raw []byte) []byte {
	dst = append(dst, prefix...)
	return tokenEncoding.AppendEncode(dst, raw)
}

// decodeText strips prefix and decodes a token's bytes into dst. It accepts
// only the canonical encoding (no line breaks, upper case or non-zero
// trailing bits), so that every token has exactly one spelling.
func decodeText(dst []byte, prefix, tok string) ([]byte, bool) {
	body, ok := strings.CutPrefix(tok, prefix)
	if !ok || body == "" || len(body) > 4096 {
		return dst, false
	}
	out, err := tokenEncoding.AppendDecode(dst, []byte(body))
	if err != nil {
		return dst, false
	}
	raw := out[len(dst):]
	if tokenEncoding.EncodedLen(len(raw)) != len(body) {
		return dst, false
	}
	// The length check above rejects the line breaks the decoder skips.
	// Re-encode the last group (raw is not empty: body is not) and compare:
	// this rejects non-zero trailing bits, which the decoder ignores.
	var check [8]byte
	tail := len(raw) % 5
	if tail == 0 {
		tail = 5
	}
	enc := tokenEncoding.AppendEncode(check[:0], raw[len(raw)-tail:])
	if string(enc) != body[len(body)-len(enc):] {
		return dst, false
	}
	return out, true
}
