package leakaudit

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/records"
	"github.com/piikit/piikit/slogpii"
)

// ApplyField, ReadValues and the slog handler: bad values in every field
// give errors, and log lines, that hold none of them.
func TestValuesAndLogsHoldNoValue(t *testing.T) {
	_, _, tr := leakTransformer(t, "stop")
	fields := []string{"name", "phone", "email", "user_id", "card", "display", "contact.phones", "zqleak"}
	for _, field := range fields {
		for _, v := range badValues {
			noPanic(t, "ApplyField", func() {
				out, _, err := tr.ApplyField(field, v)
				failClosed(t, out, err, fmt.Sprintf("ApplyField %s %q", field, v))
			})
		}
	}

	// ReadValues: each bad value as a cell, a header, a JSON string, key
	// and number, and broken around it; only fn sees values.
	var inputs []string
	for _, v := range badValues {
		q := strconv.Quote(v)
		inputs = append(inputs, "a,"+q+"\n1,"+q+"\n", "a\n"+q+",x\n", "a\n\""+v+"\n",
			`{"a":`+q+`}`, `{`+q+`:1}`, `{"a":[`+q+`,`+v+`]}`, `{"a":`+q+`,"a":1}`)
	}
	for _, in := range inputs {
		for _, format := range []string{"csv", "jsonl"} {
			noPanic(t, "ReadValues", func() {
				err := records.ReadValues(context.Background(), strings.NewReader(in), format, func(records.Value) error { return nil })
				assertErrClean(t, err, fmt.Sprintf("ReadValues %s %q", format, in))
			})
		}
	}

	// The slog handler: a bad value under a field that transforms, an
	// unnamed key, a key that is a value, in a group. (A key that reads as
	// a name is shown, as an export's errors show a column's name: only
	// the others are keys here.)
	nameLike := regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]{0,63}$`)
	var buf bytes.Buffer
	log := slog.New(slogpii.New(slog.NewJSONHandler(&buf, nil), tr, nil))
	for _, field := range fields[:len(fields)-1] {
		for _, v := range badValues {
			buf.Reset()
			key := v
			if nameLike.MatchString(v) {
				key = "other"
			}
			noPanic(t, "slogpii", func() {
				log.Info("m", field, v, key, v, slog.Group("contact", "phones", v, "other", v), slog.Group(key, "x", v))
				assertClean(t, buf.String(), fmt.Sprintf("slogpii %s %q", field, v))
				require.NotEmpty(t, buf.String())
			})
		}
	}
}
