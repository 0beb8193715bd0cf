//go:build !gc || !amd64 || purego

package ff1

// aesKey is never made without AES-NI support: every block goes through
// crypto/aes (see aesni_amd64.go).
type aesKey struct{}

func newAESKey([]byte) *aesKey { return nil }

func (*aesKey) encryptWords(hi, lo uint64) (uint64, uint64) {
	panic("ff1: internal error: no AES-NI key")
}

func (*aesKey) rounds128(uint64, uint64, int, *barrett128, *barrett128, u128, u128, bool) (u128, u128) {
	panic("ff1: internal error: no AES-NI key")
}
