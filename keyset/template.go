package keyset

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/daead"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/prf"
	tinkpb "github.com/tink-crypto/tink-go/v2/proto/tink_go_proto"
)

// templates maps Tink's own template names (as tinkey list-key-templates
// prints them) to the templates, and to the purpose whose keysets they make.
var templates = map[string]struct {
	template func() *tinkpb.KeyTemplate
	purpose  Purpose
}{
	"HKDF_SHA256":     {prf.HKDFSHA256PRFKeyTemplate, PurposePRF},
	"HMAC_SHA256_PRF": {prf.HMACSHA256PRFKeyTemplate, PurposePRF},
	"HMAC_SHA512_PRF": {prf.HMACSHA512PRFKeyTemplate, PurposePRF},
	// Accepted by New so that such keysets can be made and inspected, but
	// Check refuses it for PurposePRF (see acceptedTypes).
	"AES_CMAC_PRF": {prf.AESCMACPRFKeyTemplate, PurposePRF},
	"AES256_SIV":   {daead.AESSIVKeyTemplate, PurposeDeterministicAEAD},
	"AES128_GCM":   {aead.AES128GCMKeyTemplate, PurposeKEK},
	"AES256_GCM":   {aead.AES256GCMKeyTemplate, PurposeKEK},
}

// Templates returns the names of the key templates that [New], [Add] and
// [Rotate] accept, sorted. They are Tink's own names:
//
//	HKDF_SHA256, HMAC_SHA256_PRF, HMAC_SHA512_PRF  PurposePRF (HKDF_SHA256 recommended)
//	AES_CMAC_PRF                                   no purpose: refused as a PRF root
//	AES256_SIV                                     PurposeDeterministicAEAD
//	AES128_GCM, AES256_GCM                         PurposeKEK (AES256_GCM recommended)
func Templates() []string {
	names := make([]string, 0, len(templates))
	for n := range templates {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// TemplatePurpose returns the purpose whose keysets the template makes keys
// for. AES_CMAC_PRF reports [PurposePRF], which [Check] then refuses with
// the reason.
func TemplatePurpose(template string) (Purpose, error) {
	t, ok := templates[template]
	if !ok {
		return "", unknownTemplate(template)
	}
	return t.purpose, nil
}

// New returns a keyset of one fresh key, made from the named template (one
// of [Templates]). The key is the primary.
func New(template string) (*tinkkeyset.Handle, error) {
	kt, err := keyTemplate(template)
	if err != nil {
		return nil, err
	}
	h, err := tinkkeyset.NewHandle(kt)
	if err != nil {
		return nil, fmt.Errorf("keyset: new %s keyset: %w", template, err)
	}
	return h, nil
}

func keyTemplate(template string) (*tinkpb.KeyTemplate, error) {
	t, ok := templates[template]
	if !ok {
		return nil, unknownTemplate(template)
	}
	return t.template(), nil
}

func unknownTemplate(name string) error {
	return fmt.Errorf("%w %q (known: %s)", errUnknownTemplate, name, strings.Join(Templates(), ", "))
}

func typeURLOf(template string) string {
	return templates[template].template().GetTypeUrl()
}
