package records

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// ErrTag: a `piikit` struct tag is malformed, names an unknown kind or
// transform, or sits on a field that cannot be protected (an unexported
// field, a field that is not a string, *string, []string or map of strings).
var ErrTag = errors.New("records: invalid piikit struct tag")

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
//
// Kinds and transforms are those of policies ([Kind], [Transform]); settings
// are domain, scope, region, value and the transform's options (SPEC.md
// §7.1), none of which can hold a comma. Untagged
// fields are copied as they are, so tag every field that holds personal
// data, and prefer [Secret] for their type. On a tagged map the tag applies
// to the values; the keys are copied as they are, so a map whose keys hold
// personal data must not be exported this way. Unexported fields are copied
// shallowly; a tag on one is an error, since it could not be applied.
func Protect[T any](k *Keys, v T) (T, error) {
	var zero T
	if k == nil {
		return zero, fmt.Errorf("%w: nil keys", ErrNoKeyset)
	}
	c := &copier{k: k, seen: make(map[seenKey]reflect.Value)}
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
	k    *Keys
	seen map[seenKey]reflect.Value
}

// maxDepth bounds recursion through values that are deep but not cyclic.
const maxDepth = 10000

func (c *copier) copy(v reflect.Value, depth int) (reflect.Value, error) {
	if depth > maxDepth {
		return reflect.Value{}, fmt.Errorf("%w: value nested deeper than %d levels", ErrTag, maxDepth)
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
		it := v.MapRange()
		for it.Next() {
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
	}
	return v, nil
}

func (c *copier) copyStruct(v reflect.Value, depth int) (reflect.Value, error) {
	t := v.Type()
	plan, err := c.k.plan(t)
	if err != nil {
		return reflect.Value{}, err
	}
	out := reflect.New(t).Elem()
	out.Set(v) // unexported fields, shallowly
	for i, f := range plan {
		if !f.exported {
			continue
		}
		var nv reflect.Value
		var err error
		if f.tagged {
			nv, err = c.leaf(f, v.Field(i))
		} else {
			nv, err = c.copy(v.Field(i), depth+1)
		}
		if err != nil {
			return reflect.Value{}, err
		}
		out.Field(i).Set(nv)
	}
	return out, nil
}

// fieldPlan is how one struct field is copied.
type fieldPlan struct {
	name     string
	exported bool
	tagged   bool
	drop     bool
	t        valueTransform
}

func (k *Keys) plan(t reflect.Type) ([]fieldPlan, error) {
	if p, ok := k.structs.Load(t); ok {
		return p.([]fieldPlan), nil
	}
	plan := make([]fieldPlan, t.NumField())
	for i := range t.NumField() {
		sf := t.Field(i)
		fp := fieldPlan{name: sf.Name, exported: sf.IsExported()}
		tag, ok := sf.Tag.Lookup("piikit")
		if ok && tag != "-" {
			if !fp.exported {
				return nil, fmt.Errorf("%w: %s.%s is unexported and cannot be protected", ErrTag, t.Name(), sf.Name)
			}
			if !stringShaped(sf.Type) {
				return nil, fmt.Errorf("%w: %s.%s is a %s; tags apply to strings, *string, []string and maps of strings", ErrTag, t.Name(), sf.Name, sf.Type)
			}
			fp.tagged = true
			var err error
			fp.drop, fp.t, err = k.parseTag(tag)
			if err != nil {
				return nil, fmt.Errorf("%w: %s.%s: %w", ErrTag, t.Name(), sf.Name, err)
			}
		}
		plan[i] = fp
	}
	k.structs.Store(t, plan)
	return plan, nil
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
			return false, nil, fmt.Errorf("%q given twice", key)
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
		f.Kind, f.Transform = Kind(words[0]), Transform(words[1])
	default:
		return false, nil, errors.New(`want "kind,transform,setting=value,…"`)
	}
	if err := f.validate(); err != nil {
		var pe *PolicyError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return false, nil, err
	}
	switch f.Transform {
	case Drop:
		return true, nil, nil
	case Keep:
		return false, keepTransform{}, nil
	case Redact:
		return false, redactTransform{f.Value}, nil
	}
	t, err = k.transform(spec{transform: f.Transform, kind: f.Kind, domain: f.Domain, scope: f.Scope, region: f.Region, options: f.Options})
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
	return reflect.Value{}, fmt.Errorf("%w: %s", ErrTag, f.name)
}
