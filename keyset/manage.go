package keyset

import (
	"fmt"

	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	tinkpb "github.com/tink-crypto/tink-go/v2/proto/tink_go_proto"
)

// The rotation verbs are tinkey's. Each returns a new handle and leaves h
// unchanged; none checks the purpose, so pass the result to [Write] or
// [Check] before use, which refuse a key of the wrong type.
//
// A rotation runs in three steps, each written out and deployed before the
// next: [Add] a key (readers learn it), [Promote] it (new outputs use it),
// then, once nothing made with the old key is needed, [Disable] and
// [Delete] the old one. [Rotate] does the first two at once, for keysets
// whose readers and writers are the same program.

// KeyInfo describes one key of a keyset, without its key material.
type KeyInfo struct {
	ID           uint32
	Status       string // "ENABLED", "DISABLED" or "DESTROYED"
	Primary      bool
	TypeURL      string // the Tink key type, e.g. type.googleapis.com/google.crypto.tink.HkdfPrfKey
	OutputPrefix string // "TINK", "RAW", "LEGACY" or "CRUNCHY"
}

// List describes the keys of h in keyset order.
func List(h *tinkkeyset.Handle) []KeyInfo {
	if h == nil {
		return nil
	}
	info := h.KeysetInfo()
	keys := make([]KeyInfo, 0, len(info.GetKeyInfo()))
	for _, k := range info.GetKeyInfo() {
		keys = append(keys, KeyInfo{
			ID:           k.GetKeyId(),
			Status:       k.GetStatus().String(),
			Primary:      k.GetKeyId() == info.GetPrimaryKeyId(),
			TypeURL:      k.GetTypeUrl(),
			OutputPrefix: k.GetOutputPrefixType().String(),
		})
	}
	return keys
}

// Add returns h with a new enabled key made from template (one of
// [Templates]), not primary, and the new key's ID.
func Add(h *tinkkeyset.Handle, template string) (*tinkkeyset.Handle, uint32, error) {
	if h == nil {
		return nil, 0, fmt.Errorf("%w: nil handle", errEmptyKeyset)
	}
	kt, err := keyTemplate(template)
	if err != nil {
		return nil, 0, err
	}
	m := tinkkeyset.NewManagerFromHandle(h)
	id, err := m.Add(kt)
	if err != nil {
		return nil, 0, fmt.Errorf("keyset: add %s key: %w", template, err)
	}
	out, err := m.Handle()
	if err != nil {
		return nil, 0, fmt.Errorf("keyset: add %s key: %w", template, err)
	}
	return out, id, nil
}

// Rotate is [Add] then [Promote] of the new key.
func Rotate(h *tinkkeyset.Handle, template string) (*tinkkeyset.Handle, uint32, error) {
	out, id, err := Add(h, template)
	if err != nil {
		return nil, 0, err
	}
	out, err = Promote(out, id)
	if err != nil {
		return nil, 0, err
	}
	return out, id, nil
}

// Promote returns h with the key id as its primary. The key must be
// enabled.
func Promote(h *tinkkeyset.Handle, id uint32) (*tinkkeyset.Handle, error) {
	k, err := find(h, id)
	if err != nil {
		return nil, err
	}
	if k.GetStatus() != tinkpb.KeyStatusType_ENABLED {
		return nil, fmt.Errorf("%w: key %d is %s; enable it before promoting it", errKeyNotEnabled, id, k.GetStatus())
	}
	return manage(h, "promote", id, (*tinkkeyset.Manager).SetPrimary)
}

// Enable returns h with the key id enabled. A destroyed key cannot be
// enabled.
func Enable(h *tinkkeyset.Handle, id uint32) (*tinkkeyset.Handle, error) {
	k, err := find(h, id)
	if err != nil {
		return nil, err
	}
	if k.GetStatus() == tinkpb.KeyStatusType_DESTROYED {
		return nil, fmt.Errorf("%w: key %d", errKeyDestroyed, id)
	}
	return manage(h, "enable", id, (*tinkkeyset.Manager).Enable)
}

// Disable returns h with the key id disabled: it no longer reads old
// outputs. The primary cannot be disabled.
func Disable(h *tinkkeyset.Handle, id uint32) (*tinkkeyset.Handle, error) {
	k, err := find(h, id)
	if err != nil {
		return nil, err
	}
	if id == h.KeysetInfo().GetPrimaryKeyId() {
		return nil, fmt.Errorf("%w: key %d is the primary; promote another key first", errPrimaryKey, id)
	}
	if k.GetStatus() == tinkpb.KeyStatusType_DESTROYED {
		return nil, fmt.Errorf("%w: key %d", errKeyDestroyed, id)
	}
	return manage(h, "disable", id, (*tinkkeyset.Manager).Disable)
}

// Delete returns h without the key id. Outputs made with it can no longer
// be read by anyone. The primary cannot be deleted.
func Delete(h *tinkkeyset.Handle, id uint32) (*tinkkeyset.Handle, error) {
	if _, err := find(h, id); err != nil {
		return nil, err
	}
	if id == h.KeysetInfo().GetPrimaryKeyId() {
		return nil, fmt.Errorf("%w: key %d is the primary; promote another key first", errPrimaryKey, id)
	}
	return manage(h, "delete", id, (*tinkkeyset.Manager).Delete)
}

func find(h *tinkkeyset.Handle, id uint32) (*tinkpb.KeysetInfo_KeyInfo, error) {
	if h == nil {
		return nil, fmt.Errorf("%w: nil handle", errEmptyKeyset)
	}
	for _, k := range h.KeysetInfo().GetKeyInfo() {
		if k.GetKeyId() == id {
			return k, nil
		}
	}
	return nil, fmt.Errorf("%w: %d", errUnknownKeyID, id)
}

func manage(h *tinkkeyset.Handle, verb string, id uint32, op func(*tinkkeyset.Manager, uint32) error) (*tinkkeyset.Handle, error) {
	m := tinkkeyset.NewManagerFromHandle(h)
	if err := op(m, id); err != nil {
		return nil, fmt.Errorf("keyset: %s key %d: %w", verb, id, err)
	}
	out, err := m.Handle()
	if err != nil {
		return nil, fmt.Errorf("keyset: %s key %d: %w", verb, id, err)
	}
	return out, nil
}
