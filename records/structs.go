package records

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"strings"

	"github.com/piikit/piikit/kind"
)

// errTag: a `piikit` struct tag is malformed, names an unknown kind or
// transform, or sits on a field that cannot be protected (an unexported
// field, a field that is not a string, *string, []string or map of strings);
// or a value with tagged fields is held where [Protect] cannot protect it
// (an unexported field, a map key, a channel).
var errTag = errors.New("records: invalid piikit struct tag")

// Protect returns a copy of v with every field tagged `piikit:"…"`
// transformed by its tag; v itself is not modified. It walks nested structs,
// pointers, slices, arrays, maps and interfaces, and copes with cycles
// (a cycle in v is a cycle in the copy).
//
// A tag is a kind, a transform and settings:
//
//	Email string   `piikit:"email,mask,domain=users.email"`
//	Phone *string  `piikit:"phone,token,domain=users.phone,region=JP"`
//	Names []string `piikit:"name,pseudonym,domain=users.name,scope=acme"`
//	Notes string   `piikit:"redact,value=[removed]"`
//	Debug string   `piikit:"drop"`
//	Body  string   `piikit:"text,phone=mask:users.phone,email=token:users.email,name=redact"`
//
// A text tag finds the personal values inside the text (package freetext):
// a setting named for an entity (phone, email, mynumber, card, name) gives
// its rule as transform:domain; with none, every entity has its default
// rule. Names are found by morphology when k comes from [Keys.WithNames];
// otherwise they are not found (a tag has no known values).
//
// Kinds and transforms are those of policies ([Kind], [Transform]); settings
// are domain, scope, region, value and the transform's options (SPEC.md
// §7.1), none of which can hold a comma. Untagged
// fields are copied as they are, so tag every field that holds personal
// data, and prefer [Secret] for their type. On a tagged map the tag applies
// to the values; the keys are copied as they are, so a map whose keys hold
// personal data must not be exported this way.
//
// Every tagged field is either transformed or an error, and
// nothing in the copy that holds a tagged field shares memory with v.
// Reflection cannot replace unexported fields, so they are copied
// shallowly, and must not hold tagged fields: a tag on one, or a type with
// tags under one, is an error; an interface under one is looked into, and
// is an error if it holds a value with tags. The one exception is an
// unexported struct embedded by value, whose exported (promoted) fields are
// protected like the outer struct's; embedded by pointer, it is an error.
// Map keys, channels and functions are shared with v, so they must not
// hold, carry or return tagged fields either.
func Protect[T any](k *Keys, v T) (T, error) {
	var zero T
	if k == nil {
		return zero, fmt.Errorf("%w: nil keys", errNoKeyset)
	}
	c := &copier{k: k, seen: make(map[seenKey]reflect.Value), looked: make(map[seenKey]bool)}
	in := reflect.ValueOf(&v).Elem()
	out, err := c.copy(in, 0)
	if err != nil {
		return zero, err
	}
	return out.Interface().(T), nil
}

type seenKey struct {
	p   uintptr
	t   reflect.Type
	len int
}

type copier struct {
	k      *Keys
	seen   map[seenKey]reflect.Value // copied: original → copy
	looked map[seenKey]bool          // looked into by look
}

// maxDepth bounds recursion through values that are deep but not cyclic.
const maxDepth = 10000

func (c *copier) copy(v reflect.Value, depth int) (reflect.Value, error) {
	if depth > maxDepth {
		return reflect.Value{}, fmt.Errorf("%w: value nested deeper than %d levels", errTag, maxDepth)
	}
	t := v.Type()
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v, nil
		}
		key := seenKey{p: v.Pointer(), t: t}
		if p, ok := c.seen[key]; ok {
			return p, nil
		}
		p := reflect.New(t.Elem())
		c.seen[key] = p
		e, err := c.copy(v.Elem(), depth+1)
		if err != nil {
			return reflect.Value{}, err
		}
		p.Elem().Set(e)
		return p, nil
	case reflect.Struct:
		return c.copyStruct(v, depth)
	case reflect.Slice, reflect.Array:
		var s reflect.Value
		if v.Kind() == reflect.Slice {
			if v.IsNil() {
				return v, nil
			}
			key := seenKey{p: v.Pointer(), t: t, len: v.Len()}
			if s, ok := c.seen[key]; ok {
				return s, nil
			}
			s = reflect.MakeSlice(t, v.Len(), v.Len())
			c.seen[key] = s
		} else {
			s = reflect.New(t).Elem()
		}
		for i := range v.Len() {
			e, err := c.copy(v.Index(i), depth+1)
			if err != nil {
				return reflect.Value{}, err
			}
			s.Index(i).Set(e)
		}
		return s, nil
	case reflect.Map:
		if v.IsNil() {
			return v, nil
		}
		key := seenKey{p: v.Pointer(), t: t}
		if m, ok := c.seen[key]; ok {
			return m, nil
		}
		m := reflect.MakeMapWithSize(t, v.Len())
		c.seen[key] = m
		plainKeys := c.k.holds(t.Key()) == holdsNothing
		it := v.MapRange()
		for it.Next() {
			// Keys are copied as they are.
			if !plainKeys {
				if err := c.look(it.Key(), depth+1); err != nil {
					return reflect.Value{}, err
				}
			}
			e, err := c.copy(it.Value(), depth+1)
			if err != nil {
				return reflect.Value{}, err
			}
			m.SetMapIndex(it.Key(), e)
		}
		return m, nil
	case reflect.Interface:
		if v.IsNil() {
			return v, nil
		}
		e, err := c.copy(v.Elem(), depth+1)
		if err != nil {
			return reflect.Value{}, err
		}
		i := reflect.New(t).Elem()
		i.Set(e)
		return i, nil
	case reflect.Chan:
		// The copy shares the channel: only if nothing in it needs protecting.
		if c.k.holds(t.Elem()) != holdsNothing {
			return reflect.Value{}, fmt.Errorf("%w: a %s may carry tagged values, which cannot be protected", errTag, t)
		}
	case reflect.Func:
		// The copy shares the function: only if it gives out no tagged value.
		if c.k.holds(t) != holdsNothing {
			return reflect.Value{}, fmt.Errorf("%w: a %s returns tagged values, which cannot be protected", errTag, t)
		}
	}
	return v, nil
}

func (c *copier) copyStruct(v reflect.Value, depth int) (reflect.Value, error) {
	out := reflect.New(v.Type()).Elem()
	out.Set(v) // then every field that may hold a protected value is replaced
	if err := c.fill(out, v, depth); err != nil {
		return reflect.Value{}, err
	}
	return out, nil
}

// fill replaces, in out (an addressable copy of the struct v), the fields
// that hold protected values by their protected copies.
func (c *copier) fill(out, v reflect.Value, depth int) error {
	plan, err := c.k.plan(v.Type())
	if err != nil {
		return err
	}
	for i, f := range plan {
		var nv reflect.Value
		var err error
		switch f.mode {
		case fieldShallow:
			continue
		case fieldEmbedded:
			// Exported fields of an unexported embedded struct value are
			// settable through out, as encoding/json sets them.
			err = c.fill(out.Field(i), v.Field(i), depth+1)
		case fieldLook:
			err = c.look(v.Field(i), depth+1)
		case fieldLeaf:
			nv, err = c.leaf(f, v.Field(i))
		default:
			nv, err = c.copy(v.Field(i), depth+1)
		}
		if err != nil {
			return err
		}
		if nv.IsValid() {
			out.Field(i).Set(nv)
		}
	}
	return nil
}

// look checks that v, which is copied as it is (an unexported field, which
// reflect cannot replace, or a map key), holds no value with piikit tags,
// looking through interfaces, pointers, slices, arrays, maps and structs.
func (c *copier) look(v reflect.Value, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("%w: value nested deeper than %d levels", errTag, maxDepth)
	}
	switch c.k.holds(v.Type()) {
	case holdsNothing:
		return nil
	case holdsTags:
		return fmt.Errorf("%w: a %s has tagged fields, and is held where they cannot be protected (an unexported field or a map key)", errTag, v.Type())
	}
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		if v.Kind() == reflect.Pointer {
			key := seenKey{p: v.Pointer(), t: v.Type()}
			if c.looked[key] {
				return nil
			}
			c.looked[key] = true
		}
		return c.look(v.Elem(), depth+1)
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice {
			key := seenKey{p: v.Pointer(), t: v.Type(), len: v.Len()}
			if v.IsNil() || c.looked[key] {
				return nil
			}
			c.looked[key] = true
		}
		for i := range v.Len() {
			if err := c.look(v.Index(i), depth+1); err != nil {
				return err
			}
		}
	case reflect.Map:
		key := seenKey{p: v.Pointer(), t: v.Type()}
		if v.IsNil() || c.looked[key] {
			return nil
		}
		c.looked[key] = true
		it := v.MapRange()
		for it.Next() {
			if err := c.look(it.Key(), depth+1); err != nil {
				return err
			}
			if err := c.look(it.Value(), depth+1); err != nil {
				return err
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if err := c.look(v.Field(i), depth+1); err != nil {
				return err
			}
		}
	default: // a channel of interfaces: its values cannot be looked at
		return fmt.Errorf("%w: a %s may hold tagged values and cannot be looked into", errTag, v.Type())
	}
	return nil
}

// fieldMode is how a struct field is copied.
type fieldMode uint8

const (
	fieldCopy     fieldMode = iota // exported, untagged: copied deeply
	fieldLeaf                      // exported, tagged: transformed
	fieldShallow                   // unexported, cannot hold a tagged value: copied as it is
	fieldEmbedded                  // unexported embedded struct value: its fields are filled in place
	fieldLook                      // unexported, holds interfaces: must hold no tagged value
)

// fieldPlan is how one struct field is copied.
type fieldPlan struct {
	name string
	mode fieldMode
	drop bool
	t    valueTransform
}

// plan is how each field of the struct type t is copied. A tagged value
// that cannot be reached (reflect cannot set unexported fields, nor allocate
// an unexported embedded pointer) is an error, never skipped.
func (k *Keys) plan(t reflect.Type) ([]fieldPlan, error) {
	if p, ok := k.structs.Load(t); ok {
		return p.([]fieldPlan), nil
	}
	plan := make([]fieldPlan, t.NumField())
	for i := range t.NumField() {
		sf := t.Field(i)
		fp := fieldPlan{name: sf.Name}
		tag, tagged := sf.Tag.Lookup("piikit")
		tagged = tagged && tag != "-"
		switch {
		case sf.IsExported() && tagged:
			if !stringShaped(sf.Type) {
				return nil, fmt.Errorf("%w: %s.%s is a %s; tags apply to strings, *string, []string and maps of strings", errTag, t.Name(), sf.Name, sf.Type)
			}
			if sf.Type.Kind() == reflect.Map && k.holds(sf.Type.Key()) != holdsNothing {
				return nil, fmt.Errorf("%w: %s.%s: a tag applies to a map's values, and its keys (%s) may hold tagged fields", errTag, t.Name(), sf.Name, sf.Type.Key())
			}
			fp.mode = fieldLeaf
			var err error
			fp.drop, fp.t, err = k.parseTag(tag)
			if err != nil {
				return nil, fmt.Errorf("%w: %s.%s: %w", errTag, t.Name(), sf.Name, err)
			}
		case sf.IsExported():
			fp.mode = fieldCopy
		case tagged:
			return nil, fmt.Errorf("%w: %s.%s is unexported and cannot be protected", errTag, t.Name(), sf.Name)
		default:
			switch k.holds(sf.Type) {
			case holdsNothing:
				fp.mode = fieldShallow
			case holdsMaybe:
				fp.mode = fieldLook
			default:
				if !sf.Anonymous || sf.Type.Kind() != reflect.Struct {
					fix := "export it"
					if sf.Anonymous {
						fix = "embed it by value, or export its type"
					}
					return nil, fmt.Errorf("%w: %s.%s is unexported and holds tagged fields, which cannot be protected there (%s)", errTag, t.Name(), sf.Name, fix)
				}
				fp.mode = fieldEmbedded
			}
		}
		plan[i] = fp
	}
	k.structs.Store(t, plan)
	return plan, nil
}

// holds says whether values of a type can hold a value with piikit tags.
type holds uint8

const (
	holdsNothing holds = iota
	holdsMaybe         // through an interface: it depends on the value
	holdsTags          // by its type
)

// holds is typeHolds of t, cached.
func (k *Keys) holds(t reflect.Type) holds {
	if h, ok := k.holding.Load(t); ok {
		return h.(holds)
	}
	h := typeHolds(t, make(map[reflect.Type]bool))
	k.holding.Store(t, h)
	return h
}

// typeHolds walks the types reachable from t once each (seen), so the
// result for t is the most that any of them holds.
func typeHolds(t reflect.Type, seen map[reflect.Type]bool) holds {
	if seen[t] {
		return holdsNothing
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Interface:
		return holdsMaybe
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Chan:
		return typeHolds(t.Elem(), seen)
	case reflect.Map:
		return max(typeHolds(t.Key(), seen), typeHolds(t.Elem(), seen))
	case reflect.Func:
		// A function's results are values it gives out. Only a type with
		// tags counts: a func() error could hold anything, as any
		// function can, and is shared. The results are walked with a
		// copy of seen, so that what they mark does not hide a type that
		// counts elsewhere.
		for i := range t.NumOut() {
			if typeHolds(t.Out(i), maps.Clone(seen)) == holdsTags {
				return holdsTags
			}
		}
		return holdsNothing
	case reflect.Struct:
		h := holdsNothing
		for i := range t.NumField() {
			sf := t.Field(i)
			if tag, ok := sf.Tag.Lookup("piikit"); ok && tag != "-" {
				return holdsTags
			}
			h = max(h, typeHolds(sf.Type, seen))
		}
		return h
	}
	return holdsNothing
}

func stringShaped(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.String:
		return true
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		return t.Elem().Kind() == reflect.String
	}
	return false
}

// parseTag compiles "kind,transform,key=value,…" or "transform,key=value".
func (k *Keys) parseTag(tag string) (drop bool, t valueTransform, err error) {
	parts := strings.Split(tag, ",")
	f := Field{Name: "tag"}
	var words []string
	seen := make(map[string]bool)
	for _, p := range parts {
		key, val, isSetting := strings.Cut(p, "=")
		if !isSetting {
			words = append(words, p)
			continue
		}
		if seen[key] {
			return false, nil, fmt.Errorf("setting %q given twice", key)
		}
		seen[key] = true
		if key == "transform" || key == "kind" || !f.set(key, val) {
			if f.Options == nil {
				f.Options = make(map[string]string)
			}
			f.Options[key] = val
		}
	}
	switch len(words) {
	case 1:
		f.Transform = Transform(words[0])
	case 2:
		f.Kind, f.Transform = kind.Kind(words[0]), Transform(words[1])
	default:
		return false, nil, errors.New(`want "kind,transform,setting=value,…"`)
	}
	if f.Transform == Text {
		f.tagEntities()
	}
	if err := f.validate(); err != nil {
		var pe *PolicyError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return false, nil, err
	}
	if drop, t, ok := unkeyedRule(&f, false); ok {
		return drop, t, nil
	}
	if f.Transform == Text {
		tt, err := k.textTransform(nil, &f, nil, false)
		if err != nil {
			return false, nil, err
		}
		return false, tt, nil
	}
	t, err = k.transform((*Policy)(nil).spec(&f))
	return false, t, err
}

// leaf transforms a tagged field's value into a new value of its type.
func (c *copier) leaf(f fieldPlan, v reflect.Value) (reflect.Value, error) {
	t := v.Type()
	if f.drop {
		return reflect.Zero(t), nil
	}
	one := func(s reflect.Value) (reflect.Value, error) {
		if s.String() == "" {
			if _, redact := f.t.(redactTransform); !redact {
				return s, nil // nothing to protect
			}
		}
		r, err := f.t.apply(s.String())
		if err != nil {
			return reflect.Value{}, &fieldError{field: f.name, err: fmt.Errorf("%w: %w", ErrValue, err)}
		}
		out := reflect.New(s.Type()).Elem()
		out.SetString(r)
		return out, nil
	}
	switch t.Kind() {
	case reflect.String:
		return one(v)
	case reflect.Pointer:
		if v.IsNil() {
			return v, nil
		}
		s, err := one(v.Elem())
		if err != nil {
			return reflect.Value{}, err
		}
		p := reflect.New(t.Elem())
		p.Elem().Set(s)
		return p, nil
	case reflect.Slice, reflect.Array:
		var out reflect.Value
		if t.Kind() == reflect.Slice {
			if v.IsNil() {
				return v, nil
			}
			out = reflect.MakeSlice(t, v.Len(), v.Len())
		} else {
			out = reflect.New(t).Elem()
		}
		for i := range v.Len() {
			s, err := one(v.Index(i))
			if err != nil {
				return reflect.Value{}, err
			}
			out.Index(i).Set(s)
		}
		return out, nil
	case reflect.Map:
		if v.IsNil() {
			return v, nil
		}
		out := reflect.MakeMapWithSize(t, v.Len())
		it := v.MapRange()
		for it.Next() {
			s, err := one(it.Value())
			if err != nil {
				return reflect.Value{}, err
			}
			out.SetMapIndex(it.Key(), s)
		}
		return out, nil
	}
	return reflect.Value{}, fmt.Errorf("%w: %s", errTag, f.name)
}
