package beam

import (
	"context"
	"errors"
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/piikit/piikit/records"
)

func init() {
	register.DoFn2x2[context.Context, beam.X, beam.X, error](&protectStructFn{})
}

// ProtectStructs returns a PCollection of copies of the structs of col
// with every field tagged `piikit:"…"` protected by its tag, as
// records.Protect does; the structs' type must be registered with
// beam.RegisterType, as for any Beam element. The tags are the policy:
// cfg.Policy is not used, and cfg names the keysets the tags need (both
// are read when given). A struct that cannot be protected fails the
// pipeline, with the field's name and never its value.
func ProtectStructs(s beam.Scope, cfg Config, col beam.PCollection) (beam.PCollection, error) {
	if err := cfg.checkKeysOnly(); err != nil {
		return beam.PCollection{}, err
	}
	s = s.Scope("piikit.ProtectStructs")
	return beam.ParDo(s, &protectStructFn{Config: cfg}, col), nil
}

type protectStructFn struct {
	Config Config // names only: see Config

	keys *records.Keys
}

func (fn *protectStructFn) Setup(ctx context.Context) error {
	l, err := fn.Config.load(ctx)
	if err != nil {
		return err
	}
	fn.keys = l.keys
	return nil
}

func (fn *protectStructFn) ProcessElement(_ context.Context, v beam.X) (beam.X, error) {
	out, err := records.Protect(fn.keys, v)
	if err != nil {
		return nil, fmt.Errorf("piikit/beam: %w", err)
	}
	return out, nil
}

// checkKeysOnly checks a Config of struct tags: no policy, and keysets
// under a key-encryption key.
func (c Config) checkKeysOnly() error {
	switch {
	case c.Policy != "":
		return errors.New("piikit/beam: struct tags are the policy of ProtectStructs: leave Config.Policy empty")
	case c.Keyset == "" && c.TokenKeyset == "":
		return fmt.Errorf("%w: set Config.Keyset or Config.TokenKeyset", errNoKeyset)
	}
	return c.checkKEK()
}
