package slogpii_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/piikit/piikit/records/recordstest"
	"github.com/piikit/piikit/slogpii"
)

// BenchmarkHandle logs one record of five attributes (a pseudonym, two
// masks, a kept group, an unnamed key) into a JSON handler; "json" is the
// JSON handler alone, for comparison.
func BenchmarkHandle(b *testing.B) {
	json := slog.NewJSONHandler(io.Discard, nil)
	for _, bc := range []struct {
		name string
		h    slog.Handler
	}{
		{"json", json},
		{"slogpii", slogpii.New(json, recordstest.Transformer(b, usersPolicy), nil)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			log := slog.New(bc.h)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				log.LogAttrs(ctx, slog.LevelInfo, "login",
					slog.String("user_id", "U10000001"), slog.String("email", "taro.yamada@example.jp"),
					slog.String("phone", "090-1234-5678"), slog.Group("req", slog.String("method", "POST")),
					slog.Int("attempt", 2))
			}
		})
	}
}
