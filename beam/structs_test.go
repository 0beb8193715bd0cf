package beam_test

import (
	"reflect"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/stretchr/testify/require"

	piibeam "github.com/piikit/piikit/beam"
	"github.com/piikit/piikit/records"
)

// Account is a service's type whose tags are its policy.
type Account struct {
	UserID string `piikit:"id,pseudonym,domain=users.user_id,scope=demo"`
	Email  string `piikit:"email,mask,domain=users.email,scope=demo"`
	Plan   string
}

func init() { beam.RegisterType(reflect.TypeOf(Account{})) }

// TestStructs: structs with piikit tags come out of the pipeline as
// records.Protect makes them, with the keys read on the workers.
func TestStructs(t *testing.T) {
	f := newFixture(t, nil)
	in := []Account{{UserID: "U10000001", Email: "taro.yamada@example.jp", Plan: "free"}, {UserID: "U10000002", Email: "hanako@example.com", Plan: "gold"}}
	var want []any
	for _, a := range in {
		p, err := records.Protect(f.keys, a)
		require.NoError(t, err)
		require.NotEqual(t, a.Email, p.Email)
		want = append(want, p)
	}
	cfg := f.cfg
	cfg.Policy = ""
	p, s := beam.NewPipelineWithRoot()
	out, err := piibeam.ProtectStructs(s, cfg, beam.CreateList(s, in))
	require.NoError(t, err)
	passert.Equals(s, out, want...)
	require.NoError(t, ptest.Run(p))

	cfg.Policy = "version: 1\nfields: {}\n"
	_, s = beam.NewPipelineWithRoot()
	_, err = piibeam.ProtectStructs(s, cfg, beam.CreateList(s, in))
	require.Error(t, err, "tags are the policy: a policy given is a mistake")
}
