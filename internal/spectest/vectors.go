package spectest

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Set is one file of testdata/vectors: the vectors of one SPEC.md table,
// with what another implementation needs to run them.
type Set[V Vector] struct {
	// Set is the file's name without ".json", and the NAME of the
	// `<!-- vectors: NAME -->` table of SPEC.md that holds the same vectors.
	Set string `json:"set"`
	// Spec is the section of SPEC.md that defines the outputs.
	Spec string `json:"spec"`
	// Description says what is computed from what, in a few lines.
	Description string `json:"description"`
	// Keyset is the fixture keyset (a file of keyset/keysettest/testdata)
	// of every vector, when they share one; KeyID its key used.
	Keyset string `json:"keyset,omitempty"`
	KeyID  uint32 `json:"key_id,omitempty"`
	// KEK is the fixture key-encryption keyset, for encrypted keysets.
	KEK string `json:"kek,omitempty"`
	// Policy is the policy (YAML, §7.1) of every vector, for exports.
	Policy string `json:"policy,omitempty"`
	// Fields says what each field of a vector means.
	Fields map[string]string `json:"fields"`
	// Vectors are the vectors, in SPEC.md's order.
	Vectors []V `json:"vectors"`
}

// Vector is the type of one vector of a set; SetName names its set.
//
// The md tag of each field names the SPEC.md column that holds it (or "-":
// not in the table), then, after a comma, how the cell is written: "json" a
// JSON string, "int" decimal, "yesno" a bool as yes or no, "options" a
// mask's options (`name=value; name`, a bare name is true in JSON),
// "pair" two counts `first,last`; nothing means the text itself.
type Vector interface {
	SetName() string
}

// Load reads testdata/vectors/NAME.json, NAME being V's set. It fails the
// test if the file is missing, has a field V does not know, or no vectors:
// a golden test never passes on a set it could not read.
func Load[V Vector](t testing.TB) Set[V] {
	t.Helper()
	var zero V
	name := zero.SetName()
	data, err := os.ReadFile(vectorsPath(name))
	if err != nil {
		t.Fatalf("spectest: %v", err)
	}
	var s Set[V]
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		t.Fatalf("spectest: %s.json: %v", name, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		t.Fatalf("spectest: %s.json: data after the set", name)
	}
	if s.Set != name {
		t.Fatalf("spectest: %s.json holds set %q", name, s.Set)
	}
	if len(s.Vectors) == 0 {
		t.Fatalf("spectest: %s.json has no vectors", name)
	}
	return s
}

// vectorsPath is the path of testdata/vectors/NAME.json.
func vectorsPath(name string) string {
	return filepath.Join(repoRoot(), "testdata", "vectors", name+".json")
}

func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// The vectors of each set; SPEC.md names the set's section.

// KeysetAD is the associated data of each keyset purpose (§1.2).
type KeysetAD struct {
	Purpose string `json:"purpose" md:"purpose"`
	ADHex   string `json:"ad_hex" md:"AD (hex)"`
}

// KeysetEncrypted is a fixture keyset encrypted under the fixture KEK (§1.2).
type KeysetEncrypted struct {
	Purpose               string `json:"purpose" md:"purpose"`
	Fixture               string `json:"fixture" md:"fixture"`
	EncryptedKeysetBase64 string `json:"encrypted_keyset_base64" md:"encrypted keyset (base64)"`
}

// Derive is a derived key (§2).
type Derive struct {
	Purpose string `json:"purpose" md:"purpose"`
	Domain  string `json:"domain" md:"domain"`
	Scope   string `json:"scope" md:"scope"`
	KeyHex  string `json:"key_hex" md:"K (hex)"`
}

// Normalize is a value normalized for its kind, or refused (§3).
type Normalize struct {
	Kind       string `json:"kind" md:"kind"`
	Region     string `json:"region" md:"region"`
	Input      string `json:"input" md:"input (JSON),json"`
	Normalized string `json:"normalized,omitempty" md:"normalized"`
	Error      string `json:"error,omitempty" md:"error"`
}

// PseudonymSteps is §4.1's worked example, step by step (SPEC.md writes it
// as a table of steps, one row per field).
type PseudonymSteps struct {
	Kind       string `json:"kind" md:"-"`
	Domain     string `json:"domain" md:"-"`
	Scope      string `json:"scope" md:"-"`
	Size       int    `json:"size" md:"-"`
	Normalized string `json:"normalized" md:"-"`
	InputHex   string `json:"input_hex" md:"input (hex)"`
	MACHex     string `json:"mac_hex" md:"mac (hex)"`
	BytesHex   string `json:"bytes_hex" md:"bytes (hex)"`
	Pseudonym  string `json:"pseudonym" md:"pseudonym"`
}

// Pseudonym is a pseudonym of a value (§4.1).
type Pseudonym struct {
	Keyset    string `json:"keyset" md:"keyset"`
	Kind      string `json:"kind" md:"kind"`
	Domain    string `json:"domain" md:"domain"`
	Scope     string `json:"scope" md:"scope"`
	Region    string `json:"region" md:"region"`
	Size      int    `json:"size" md:"size,int"`
	Prefix    string `json:"prefix" md:"prefix"`
	Input     string `json:"input" md:"value (JSON),json"`
	Pseudonym string `json:"pseudonym" md:"pseudonym"`
}

// Token is a reversible token of a value and what it detokenizes to (§4.2).
type Token struct {
	Keyset      string `json:"keyset" md:"keyset"`
	Kind        string `json:"kind" md:"kind"`
	Domain      string `json:"domain" md:"domain"`
	Scope       string `json:"scope" md:"scope"`
	Region      string `json:"region" md:"region"`
	Prefix      string `json:"prefix" md:"prefix"`
	Input       string `json:"input" md:"value (JSON),json"`
	Token       string `json:"token" md:"token"`
	Detokenized string `json:"detokenized" md:"detokenized"`
}

// MaskTweak is the FF1 tweak of a value (§5, "Tweaks").
type MaskTweak struct {
	Kind     string         `json:"kind" md:"kind"`
	Options  map[string]any `json:"options,omitempty" md:"options,options"`
	Input    string         `json:"input" md:"input"`
	TweakHex string         `json:"tweak_hex" md:"tweak (hex)"`
}

// Mask is a format-preserving mask of a value (§5).
type Mask struct {
	Kind       string         `json:"kind" md:"kind"`
	Options    map[string]any `json:"options,omitempty" md:"options,options"`
	Domain     string         `json:"domain" md:"domain"`
	Scope      string         `json:"scope" md:"scope"`
	Input      string         `json:"input" md:"input"`
	Output     string         `json:"output" md:"output"`
	Reversible bool           `json:"reversible" md:"reversible,yesno"`
}

// Surrogate is a name's surrogate (§8): of the input, or with Like, of the
// input written in Like's shape (a tied reading).
type Surrogate struct {
	Domain string `json:"domain" md:"domain"`
	Input  string `json:"input" md:"input"`
	Like   string `json:"like,omitempty" md:"like"`
	Output string `json:"output" md:"output"`
}

// Display is a display mask of a value (§6).
type Display struct {
	Kind     string `json:"kind" md:"kind"`
	MaskChar string `json:"mask_char,omitempty" md:"mask char"`
	Reveal   []int  `json:"reveal,omitempty" md:"reveal,pair"`
	Input    string `json:"input" md:"input"`
	Output   string `json:"output" md:"output"`
}

// PolicyHash is the hash of a policy's canonical JSON (§7.4).
type PolicyHash struct {
	Policy string `json:"policy" md:"policy"`
	SHA256 string `json:"sha256" md:"sha256"`
}

// ManifestMAC is the MAC of a manifest (§7.5).
type ManifestMAC struct {
	Keyset  string `json:"keyset" md:"keyset"`
	Message string `json:"message" md:"J"`
	MACHex  string `json:"mac_hex" md:"mac"`
}

// Export is one value of a record exported under the set's policy (§7.6).
type Export struct {
	Field  string `json:"field" md:"field"`
	Input  string `json:"input" md:"input"`
	Output string `json:"output" md:"output"`
}

func (KeysetAD) SetName() string        { return "keyset-ad" }
func (KeysetEncrypted) SetName() string { return "keyset-encrypted" }
func (Derive) SetName() string          { return "derive" }
func (Normalize) SetName() string       { return "normalize" }
func (PseudonymSteps) SetName() string  { return "pseudonym-steps" }
func (Pseudonym) SetName() string       { return "pseudonym" }
func (Token) SetName() string           { return "token" }
func (MaskTweak) SetName() string       { return "mask-tweak" }
func (Mask) SetName() string            { return "mask" }
func (Surrogate) SetName() string       { return "surrogate" }
func (Display) SetName() string         { return "display" }
func (PolicyHash) SetName() string      { return "policy-hash" }
func (ManifestMAC) SetName() string     { return "manifest-mac" }
func (Export) SetName() string          { return "export" }
