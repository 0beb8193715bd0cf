package keyset_test

import (
	"bytes"
	"io"
	"path/filepath"
	"testing"

	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/keyset/insecurecleartext"
	"github.com/piikit/piikit/keyset/keysettest"
)

// Loading a keyset is a start-up cost, not a per-value one; these show it
// is small next to a KMS round trip.
func BenchmarkRead(b *testing.B) {
	kek := fixtureKEK(b)
	for _, f := range formats {
		data := encrypt(b, keysettest.PRFRotated(), f, kek, keyset.PurposePRF)
		b.Run(f.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := keyset.Read(bytes.NewReader(data), f, kek, keyset.PurposePRF); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// A wrong purpose costs two more decryption attempts.
func BenchmarkReadWrongPurpose(b *testing.B) {
	kek := fixtureKEK(b)
	data := encrypt(b, keysettest.PRFRotated(), keyset.Binary, kek, keyset.PurposePRF)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := keyset.Read(bytes.NewReader(data), keyset.Binary, kek, keyset.PurposeKEK); err == nil {
			b.Fatal("read as the wrong purpose")
		}
	}
}

func BenchmarkWrite(b *testing.B) {
	kek := fixtureKEK(b)
	h := keysettest.PRFRotated()
	for _, f := range formats {
		b.Run(f.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := keyset.Write(io.Discard, h, f, kek, keyset.PurposePRF); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkKEKFromURILocal(b *testing.B) {
	name := filepath.Join(b.TempDir(), "kek.json")
	if err := insecurecleartext.WriteFile(name, keysettest.KEK(), keyset.JSON, keyset.PurposeKEK); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := keyset.KEKFromURI(keyset.LocalKEKPrefix + name); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRotate(b *testing.B) {
	h := keysettest.PRFRotated()
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := keyset.Rotate(h, "HKDF_SHA256"); err != nil {
			b.Fatal(err)
		}
	}
}
