package records_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/piikit/piikit/records"
	"github.com/piikit/piikit/records/recordstest"
)

// Any policy text parses into a valid policy or fails with ErrPolicy.
func FuzzParsePolicy(f *testing.F) {
	f.Add([]byte(goodPolicy))
	f.Add([]byte(examplePolicy))
	f.Add([]byte(`{"version": 1, "fields": {"a": "keep"}}`))
	f.Add([]byte("version: 1\nfields:\n  a: &x keep\n  b: *x\n"))
	f.Add([]byte("version: 1\nfields:\n  a: keep\n---\nversion: 1\nfields:\n  a: drop\n"))
	f.Add([]byte("%YAML 1.1\n---\nversion: 1\nfields:\n  a: {<<: {transform: keep}}\n  b: !!binary a2VlcA==\n"))
	f.Add([]byte("version: 1\nregion: NO\nfields:\n  a: {transform: mask, kind: card, domain: d, options: {keep: '6,4', check: invalid}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := records.ParsePolicy(data)
		if _, again := records.ParsePolicy(data); fmt.Sprint(err) != fmt.Sprint(again) {
			t.Fatalf("two errors for one policy: %v, then %v", err, again)
		}
		if err != nil {
			if !errors.Is(err, records.ErrPolicy) {
				t.Fatalf("error %v is not ErrPolicy", err)
			}
			return
		}
		// A policy is one document: nothing may follow it.
		twice := append(append(bytes.Clone(data), "\n---\n"...), data...)
		if _, err := records.ParsePolicy(twice); len(twice) <= records.MaxPolicySize && err == nil {
			t.Fatal("a second document after a policy is accepted")
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("parsed policy does not validate: %v", err)
		}
		if len(p.Hash()) != 64 {
			t.Fatal("bad hash")
		}
	})
}

const fuzzPolicy = `version: 1
on_error: reject
fields:
  a: {transform: display, kind: name}
  b.c: {transform: display, kind: email}
  d: keep
  e: drop
`

// Any input gives well-formed output or a typed error, never a panic.
func FuzzStreams(f *testing.F) {
	f.Add([]byte("a,d,e\nx,y,z\n"), true)
	f.Add([]byte("a,d,e\n\"x,y\nz"), true)
	f.Add([]byte(`{"a":"山田 太郎","b":{"c":"t@example.com"},"d":[1,{"x":null}],"e":2}`+"\n"), false)
	f.Add([]byte("{\"a\":1}\n{\"a\":\n"), false)
	p, err := records.ParsePolicy([]byte(fuzzPolicy))
	if err != nil {
		f.Fatal(err)
	}
	tr, err := records.New(p, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in []byte, isCSV bool) {
		var out, rej bytes.Buffer
		opts := &records.StreamOptions{Workers: 2, Rejects: &rej}
		if isCSV {
			_, err = tr.CSV(context.Background(), bytes.NewReader(in), &out, opts)
		} else {
			_, err = tr.JSONLines(context.Background(), bytes.NewReader(in), &out, opts)
		}
		if err != nil {
			if !errors.Is(err, records.ErrMalformed) && !errors.Is(err, records.ErrUnnamedField) &&
				!errors.Is(err, records.ErrMissingField) && !errors.Is(err, records.ErrValue) {
				t.Fatalf("untyped error: %v", err)
			}
			return
		}
		if isCSV {
			if _, err := csv.NewReader(&out).ReadAll(); err != nil {
				t.Fatalf("output is not CSV: %v", err)
			}
			return
		}
		d := json.NewDecoder(&out)
		for d.More() {
			var m map[string]any
			if err := d.Decode(&m); err != nil {
				t.Fatalf("output is not JSON Lines: %v", err)
			}
		}
	})
}

// Any bytes given as a Parquet file give a Parquet output or a typed error
// (ErrMalformed for a damaged file), never a panic.
func FuzzParquet(f *testing.F) {
	tr := recordstest.Transformer(f, pqPolicy)
	good := writeParquet(f, pqUsers(), 2)
	f.Add(good)
	f.Add(good[:len(good)-9])
	f.Add([]byte("PAR1PAR1"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var out bytes.Buffer
		st, err := tr.Parquet(context.Background(), bytes.NewReader(data), int64(len(data)), &out, &records.StreamOptions{Workers: 1})
		if err != nil {
			if !errors.Is(err, records.ErrMalformed) && !errors.Is(err, records.ErrValue) && !errors.Is(err, records.ErrUnnamedField) && !errors.Is(err, records.ErrMissingField) {
				t.Fatalf("untyped error: %v", err)
			}
			return
		}
		if _, err := parquet.OpenFile(bytes.NewReader(out.Bytes()), int64(out.Len())); err != nil {
			t.Fatalf("output is not Parquet: %v", err)
		}
		if st.RowsOut != st.RowsIn {
			t.Fatalf("%d rows in, %d out", st.RowsIn, st.RowsOut)
		}
	})
}
