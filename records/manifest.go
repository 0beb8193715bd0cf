package records

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/tink-crypto/tink-go/v2/daead"

	"github.com/piikit/piikit/internal/derive"
	"github.com/piikit/piikit/kind"
)

// manifestVersion is the format version of [Manifest] (SPEC.md §7). Version
// 2 added the MAC; manifests of version 1 are refused.
const manifestVersion = 2

// Manifest describes an export for an auditor: which policy made it, with
// which keys, how many records and values — never a value. It is written
// beside the output (users.pseudo.csv → users.pseudo.csv.manifest.json).
// [NewReidentifier] reads it back to learn which key made each masked field.
//
// A manifest is bound to its export by OutputSHA256 and made tamper-evident
// to holders of the keysets by a MAC over all its other fields
// ([Manifest.SetMAC]); [NewReidentifier] refuses one whose MAC does not
// verify, so that no count, key ID or hash can be edited.
type Manifest struct {
	Version      int       `json:"manifest_version"`
	Piikit       string    `json:"piikit_version"`
	Created      time.Time `json:"created"`
	Format       string    `json:"format"` // "csv", "jsonl" or "parquet"
	PolicySHA256 string    `json:"policy_sha256"`
	// OutputSHA256 is the hex SHA-256 of the output as written
	// ([Stats].OutputSHA256): it ties the manifest to the file that was
	// handed out. [NewReidentifier] needs it.
	OutputSHA256 string       `json:"output_sha256,omitempty"`
	Scope        string       `json:"scope,omitempty"`
	RowsIn       int64        `json:"rows_in"`
	RowsOut      int64        `json:"rows_out"`
	Rejected     int64        `json:"rows_rejected"`
	Fields       []FieldStats `json:"fields"`
	// MACKeyID and MAC authenticate the manifest (SPEC.md §7.5); set them
	// with [Manifest.SetMAC], after any other change.
	MACKeyID uint32 `json:"mac_key_id,omitempty"`
	MAC      string `json:"mac,omitempty"`
}

var (
	// ErrManifest: a manifest is malformed or does not match the policy.
	ErrManifest = errors.New("records: invalid manifest")
	// errManifestAuth: the manifest's MAC is missing or does not verify
	// under any enabled key: the manifest was edited, or made with other
	// keysets. Like any authentication failure it says no more than that.
	// It wraps [ErrManifest].
	errManifestAuth = fmt.Errorf("%w: authentication failed", ErrManifest)
	// ErrNotTheExport: the input is not the export its manifest describes
	// (its SHA-256 differs from the manifest's output_sha256). It wraps
	// [ErrManifest].
	ErrNotTheExport = fmt.Errorf("%w: the input is not the export it describes (SHA-256 differs)", ErrManifest)
)

// NewManifest returns the manifest of a run of p that produced s. version
// is the piikit version recorded in it; format is "csv", "jsonl" or
// "parquet". It has no MAC yet: call [Manifest.SetMAC] before writing it.
func NewManifest(p *Policy, s *Stats, format, version string) *Manifest {
	m := &Manifest{
		Version:      manifestVersion,
		Piikit:       version,
		Created:      time.Now().UTC().Truncate(time.Second),
		Format:       format,
		PolicySHA256: p.Hash(),
		OutputSHA256: s.OutputSHA256,
		Scope:        p.Scope,
		RowsIn:       s.RowsIn,
		RowsOut:      s.RowsOut,
		Rejected:     s.Rejected,
	}
	for _, f := range s.Fields {
		f.KeyIDs = slices.Clone(f.KeyIDs)
		m.Fields = append(m.Fields, f)
	}
	return m
}

// WriteTo writes m as indented JSON.
func (m *Manifest) WriteTo(w io.Writer) (int64, error) {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return 0, err
	}
	b = append(b, '\n')
	n, err := w.Write(b)
	return int64(n), err
}

// ReadManifest reads a manifest written by [Manifest.WriteTo].
func ReadManifest(r io.Reader) (*Manifest, error) {
	b, err := io.ReadAll(io.LimitReader(r, 16<<20))
	if err != nil {
		return nil, fmt.Errorf("%w: reading: %w", ErrManifest, err)
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	var m Manifest
	if err := d.Decode(&m); err != nil {
		return nil, fmt.Errorf("%w: not a piikit manifest", ErrManifest)
	}
	// The file reads as what was verified: encoding/json takes the last of
	// a key given twice, and stops after the first object.
	if v, err := parseLine(string(b), nil); err != nil || v.bad {
		return nil, fmt.Errorf("%w: not a piikit manifest (a key given twice, text that is not UTF-8, or data after the object)", ErrManifest)
	}
	if m.Version == 1 {
		return nil, fmt.Errorf("%w: manifest version 1 has no MAC and cannot be trusted; export again", ErrManifest)
	}
	if m.Version != manifestVersion {
		return nil, fmt.Errorf("%w: manifest version %d, want %d", ErrManifest, m.Version, manifestVersion)
	}
	return &m, nil
}

// SetMAC sets m's MAC key ID and MAC (SPEC.md §7.5) with the primary key of
// the keyset the export's fields use: the root PRF keyset if a field is a
// pseudonym or a mask, otherwise the AES-SIV keyset if a field is a token.
// An export that used no keyset has nothing to reveal and gets no MAC. Call
// it after any other change to m: the MAC covers every field.
func (m *Manifest) SetMAC(k *Keys) error {
	m.MAC = ""
	which, err := m.macKeyset(k)
	if err != nil {
		return err
	}
	switch which {
	case macNone:
		m.MACKeyID = 0
		return nil
	case macRoot:
		r, err := derive.New(k.root)
		if err != nil {
			return err
		}
		m.MACKeyID = r.PrimaryID()
		mac, err := manifestHMAC(r, m)
		if err != nil {
			return err
		}
		m.MAC = hex.EncodeToString(mac)
		return nil
	}
	d, err := daead.New(k.tokens)
	if err != nil {
		return fmt.Errorf("records: token keyset: %w", err)
	}
	m.MACKeyID = k.tokens.KeysetInfo().GetPrimaryKeyId()
	msg, err := m.authenticated()
	if err != nil {
		return err
	}
	mac, err := d.EncryptDeterministically(nil, msg)
	if err != nil {
		return fmt.Errorf("records: manifest MAC: %w", err)
	}
	m.MAC = hex.EncodeToString(mac)
	return nil
}

// verifyMAC checks m's MAC with any enabled key of the keyset that made it;
// every failure is errManifestAuth.
func (m *Manifest) verifyMAC(k *Keys) error {
	mac, err := hex.DecodeString(m.MAC)
	if err != nil || len(mac) == 0 {
		return errManifestAuth
	}
	which, err := m.macKeyset(k)
	if err != nil {
		return err
	}
	switch which {
	case macRoot:
		r, err := derive.New(k.root)
		if err != nil {
			return err
		}
		want, err := manifestHMAC(r, m)
		if err != nil || !hmac.Equal(mac, want) {
			return errManifestAuth
		}
		return nil
	case macTokens:
		d, err := daead.New(k.tokens)
		if err != nil {
			return fmt.Errorf("records: token keyset: %w", err)
		}
		msg, err := m.authenticated()
		if err != nil {
			return errManifestAuth
		}
		if _, err := d.DecryptDeterministically(mac, msg); err != nil {
			return errManifestAuth
		}
		return nil
	}
	return errManifestAuth // a MAC on a manifest that no keyset authenticates
}

// macKey is the keyset a manifest's MAC is made with.
type macKey int

const (
	macNone   macKey = iota // the export used no keyset: no MAC
	macRoot                 // the root PRF keyset
	macTokens               // the AES-SIV token keyset
)

// macKeyset chooses, for SetMAC and verifyMAC alike, the keyset of m's
// MAC: the root keyset if a field uses it, otherwise the token keyset if a
// field uses it. It is errNoKeyset if k does not hold that keyset.
func (m *Manifest) macKeyset(k *Keys) (macKey, error) {
	root, tokens := m.keysets()
	switch {
	case root && k != nil && k.root != nil:
		return macRoot, nil
	case !root && tokens && k != nil && k.tokens != nil:
		return macTokens, nil
	case root || tokens:
		return macNone, fmt.Errorf("%w: the manifest is authenticated with the keyset its fields use", errNoKeyset)
	}
	return macNone, nil
}

// manifestHMAC is HMAC-SHA256 of m's authenticated bytes under the manifest
// key of root key m.MACKeyID.
func manifestHMAC(r *derive.Root, m *Manifest) ([]byte, error) {
	key, err := r.ManifestKey(m.MACKeyID)
	if err != nil {
		return nil, err
	}
	msg, err := m.authenticated()
	if err != nil {
		return nil, err
	}
	h := hmac.New(sha256.New, key)
	h.Write(msg)
	return h.Sum(nil), nil
}

// authenticated returns what m's MAC covers (SPEC.md §7.5): the manifest
// label, then m as compact JSON without its "mac".
func (m *Manifest) authenticated() ([]byte, error) {
	c := *m
	c.MAC = ""
	b, err := json.Marshal(&c)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrManifest, err)
	}
	return append([]byte(derive.ManifestLabel), b...), nil
}

// keysets reports which keysets the export's fields used, as
// [Policy.Keysets] does for a policy.
func (m *Manifest) keysets() (root, tokens bool) {
	for _, f := range m.Fields {
		r, t := transformKeysets(f.Transform)
		for _, e := range f.Entities { // a text field's
			er, et := transformKeysets(e.Transform)
			r, t = r || er, t || et
		}
		root, tokens = root || r, tokens || t
	}
	return root, tokens
}

// CheckOutput reads r to its end and reports whether it is the output m
// describes: [ErrNotTheExport] if its SHA-256 is not m's OutputSHA256.
func (m *Manifest) CheckOutput(r io.Reader) error {
	want, err := m.outputSum()
	if err != nil {
		return err
	}
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return err
	}
	return checkSum(h.Sum(nil), want)
}

// outputSum returns m's OutputSHA256, decoded.
func (m *Manifest) outputSum() ([]byte, error) {
	sum, err := hex.DecodeString(m.OutputSHA256)
	if err != nil || len(sum) != sha256.Size {
		return nil, fmt.Errorf("%w: no valid output_sha256: the manifest cannot be checked against the export", ErrManifest)
	}
	return sum, nil
}

func checkSum(got, want []byte) error {
	if !bytes.Equal(got, want) {
		return ErrNotTheExport
	}
	return nil
}

// field returns the manifest entry of the field named name.
func (m *Manifest) field(name string) *FieldStats {
	for i := range m.Fields {
		if m.Fields[i].Name == name {
			return &m.Fields[i]
		}
	}
	return nil
}

// canonicalPolicy is the JSON form of a Policy built in Go, hashed for
// manifests.
type canonicalPolicy struct {
	Version int              `json:"version"`
	Scope   string           `json:"scope,omitempty"`
	Region  string           `json:"region,omitempty"`
	Unnamed Unnamed          `json:"unnamed,omitempty"`
	OnError OnError          `json:"on_error,omitempty"`
	Fields  []canonicalField `json:"fields"`
	// Known values are not part of the hash (see Known.File).
}

type canonicalField struct {
	Name      string            `json:"name"`
	Transform Transform         `json:"transform"`
	Kind      kind.Kind         `json:"kind,omitempty"`
	Domain    string            `json:"domain,omitempty"`
	Scope     string            `json:"scope,omitempty"`
	Region    string            `json:"region,omitempty"`
	Value     string            `json:"value,omitempty"`
	Options   map[string]string `json:"options,omitempty"` // encoding/json sorts map keys
	ReadingOf string            `json:"reading_of,omitempty"`
	Entities  []canonicalField  `json:"entities,omitempty"`
}

func canonicalFields(fs []Field) []canonicalField {
	var c []canonicalField
	for _, f := range fs {
		c = append(c, canonicalField{f.Name, f.Transform, f.Kind, f.Domain, f.Scope, f.Region, f.Value, f.Options, f.ReadingOf, canonicalFields(f.Entities)})
	}
	return c
}

func (p *Policy) canonical() []byte {
	c := canonicalPolicy{Version: 1, Scope: p.Scope, Region: p.Region, Unnamed: p.Unnamed, OnError: p.OnError}
	c.Fields = canonicalFields(p.Fields)
	b, err := json.Marshal(c)
	if err != nil {
		panic("records: policy does not marshal: " + err.Error()) // only strings: cannot happen
	}
	return b
}
