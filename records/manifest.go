package records

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"
)

// ManifestVersion is the format version of [Manifest] (SPEC.md §7).
const ManifestVersion = 1

// Manifest describes an export for an auditor: which policy made it, with
// which keys, how many records and values — never a value. It is written
// beside the output (users.pseudo.csv → users.pseudo.csv.manifest.json).
// [NewReidentifier] reads it back to learn which key made each masked field.
type Manifest struct {
	Version      int       `json:"manifest_version"`
	Piikit       string    `json:"piikit_version"`
	Created      time.Time `json:"created"`
	Format       string    `json:"format"` // "csv" or "jsonl"
	PolicySHA256 string    `json:"policy_sha256"`
	// OutputSHA256 is the SHA-256 of the output as written, when the writer
	// of the output sets it (piikit export does): it ties the manifest to
	// the file that was handed out.
	OutputSHA256 string          `json:"output_sha256,omitempty"`
	Scope        string          `json:"scope,omitempty"`
	RowsIn       int64           `json:"rows_in"`
	RowsOut      int64           `json:"rows_out"`
	Rejected     int64           `json:"rows_rejected"`
	Fields       []ManifestField `json:"fields"`
}

// ManifestField is one policy field in a [Manifest].
type ManifestField struct {
	Name      string    `json:"name"`
	Transform Transform `json:"transform"`
	Kind      Kind      `json:"kind,omitempty"`
	Domain    string    `json:"domain,omitempty"`
	Scope     string    `json:"scope,omitempty"`
	KeyIDs    []uint32  `json:"key_ids,omitempty"`
	// Values and Irreversible count values of the records written;
	// Failed, values that could not be transformed (their records were
	// not written). See [Stats].
	Values int64 `json:"values"`
	Failed int64 `json:"failed,omitempty"`
	// Irreversible counts values masked irreversibly (too short for FF1).
	Irreversible int64 `json:"irreversible,omitempty"`
}

// ErrManifest: a manifest is malformed or does not match the policy.
var ErrManifest = errors.New("records: invalid manifest")

// NewManifest returns the manifest of a run of p that produced s. version
// is the piikit version recorded in it; format is "csv" or "jsonl".
func NewManifest(p *Policy, s *Stats, format, version string) *Manifest {
	m := &Manifest{
		Version:      ManifestVersion,
		Piikit:       version,
		Created:      time.Now().UTC().Truncate(time.Second),
		Format:       format,
		PolicySHA256: p.Hash(),
		Scope:        p.Scope,
		RowsIn:       s.RowsIn,
		RowsOut:      s.RowsOut,
		Rejected:     s.Rejected,
	}
	for _, f := range s.Fields {
		m.Fields = append(m.Fields, ManifestField{
			Name: f.Name, Transform: f.Transform, Kind: f.Kind, Domain: f.Domain, Scope: f.Scope,
			KeyIDs: slices.Clone(f.KeyIDs), Values: f.Values, Failed: f.Failed, Irreversible: f.Irreversible,
		})
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
	d := json.NewDecoder(io.LimitReader(r, 16<<20))
	d.DisallowUnknownFields()
	var m Manifest
	if err := d.Decode(&m); err != nil {
		return nil, fmt.Errorf("%w: not a piikit manifest", ErrManifest)
	}
	if m.Version != ManifestVersion {
		return nil, fmt.Errorf("%w: manifest version %d, want %d", ErrManifest, m.Version, ManifestVersion)
	}
	return &m, nil
}

// field returns the manifest entry of the field named name.
func (m *Manifest) field(name string) *ManifestField {
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
}

type canonicalField struct {
	Name      string            `json:"name"`
	Transform Transform         `json:"transform"`
	Kind      Kind              `json:"kind,omitempty"`
	Domain    string            `json:"domain,omitempty"`
	Scope     string            `json:"scope,omitempty"`
	Region    string            `json:"region,omitempty"`
	Value     string            `json:"value,omitempty"`
	Options   map[string]string `json:"options,omitempty"` // encoding/json sorts map keys
}

func (p *Policy) canonical() []byte {
	c := canonicalPolicy{Version: 1, Scope: p.Scope, Region: p.Region, Unnamed: p.Unnamed, OnError: p.OnError}
	for _, f := range p.Fields {
		c.Fields = append(c.Fields, canonicalField{f.Name, f.Transform, f.Kind, f.Domain, f.Scope, f.Region, f.Value, f.Options})
	}
	b, err := json.Marshal(c)
	if err != nil {
		panic("records: policy does not marshal: " + err.Error()) // only strings: cannot happen
	}
	return b
}
