package main

import (
	"flag"
	"maps"
	"slices"
	"strconv"

	"github.com/piikit/piikit/kind"
)

// fieldFlags are the flags that describe a kind.Field: --kind, --domain,
// --scope, --region, and one flag per option of the transforms the command
// makes, generated from package kind's table of options, so that the
// command, policies and the library read one vocabulary with one parser.
type fieldFlags struct {
	kind, domain, scope, region string
	given                       map[string]string // option flag → its text
}

// add registers the flags of fields of the transforms ts; keyed says that
// the command takes a domain, a scope and a region.
func (f *fieldFlags) add(fs *flag.FlagSet, keyed bool, ts ...kind.Transform) {
	f.given = make(map[string]string)
	fs.StringVar(&f.kind, "kind", "", "the `kind` of the values: "+listKinds(ts)+" (required)")
	if keyed {
		fs.StringVar(&f.domain, "domain", "", "the `domain` the outputs are bound to, e.g. users.email (required with a keyset)")
		fs.StringVar(&f.scope, "scope", "", "the `scope` (recipient) the outputs are bound to, e.g. acme")
		fs.StringVar(&f.region, "region", "", "phone: the default `region` of numbers without a country code, e.g. JP")
	}
	for _, o := range kind.Options() {
		if fs.Lookup(o.Flag) != nil || !slices.ContainsFunc(ts, func(t kind.Transform) bool {
			return slices.ContainsFunc(kind.All(), func(k kind.Kind) bool { return o.Applies(k, t) })
		}) {
			continue
		}
		if o.BoolFlag != "" {
			fs.BoolFunc(o.Flag, o.Usage, func(v string) error {
				b, err := strconv.ParseBool(v)
				if b {
					f.given[o.Flag] = o.BoolFlag
				} else {
					delete(f.given, o.Flag)
				}
				return err
			})
			continue
		}
		fs.Func(o.Flag, o.Usage, func(v string) error { f.given[o.Flag] = v; return nil })
	}
}

// listKinds names the kinds any of ts takes.
func listKinds(ts []kind.Transform) string {
	if len(ts) == 1 {
		return kind.List(ts[0])
	}
	return kind.List("")
}

// parseKind reads --kind, a kind that transform t takes.
func (f *fieldFlags) parseKind(t kind.Transform) (kind.Kind, error) {
	if f.kind == "" {
		return "", usagef("--kind is required (%s)", kind.List(t))
	}
	k, err := kind.Parse(f.kind)
	if err == nil {
		_, err = k.As(t)
	}
	if err != nil {
		return "", usagef("--kind %q: want %s", f.kind, kind.List(t))
	}
	return k, nil
}

// field returns the kind.Field of transform t the flags describe. Each
// option flag is read by the one parser of its option; a flag that does not
// apply to t and the kind is refused.
func (f *fieldFlags) field(t kind.Transform) (kind.Field, error) {
	k, err := f.parseKind(t)
	if err != nil {
		return kind.Field{}, err
	}
	if t != kind.Display && f.domain == "" {
		return kind.Field{}, usagef("--domain is required")
	}
	field := kind.Field{Kind: k, Domain: f.domain, Scope: f.scope, Region: f.region}
	for _, name := range slices.Sorted(maps.Keys(f.given)) {
		v := f.given[name]
		i := slices.IndexFunc(kind.Options(), func(o kind.Option) bool { return o.Flag == name && o.Applies(k, t) })
		if i < 0 {
			return kind.Field{}, usagef("--%s does not apply to %s of kind %s", name, t, k)
		}
		if err := kind.Options()[i].Set(&field, v); err != nil {
			return kind.Field{}, usagef("--%s %q: %v", name, v, err)
		}
	}
	return field, nil
}
