package records_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/piikit/piikit/records"
	"github.com/piikit/piikit/records/recordstest"
)

func TestTextHoldsNoValueJSONShapes(t *testing.T) {
	for _, onErr := range []string{"reject", "stop"} {
		policy := strings.Replace(messagesPolicy, "on_error: reject", "on_error: "+onErr, 1)
		tr := recordstest.Transformer(t, policy)
		for _, text := range []string{
			`{"body":"call 090-1234-5678"}`,
			`{"090-1234-5678":"x"}`,
			`[["call 090-1234-5678"]]`,
			`[{"t":"call 090-1234-5678"}]`,
			`9012345678`,
			`"090\u20091234\u20095678"`,
			`"call 090-1234-5678 \u202e"`,
			`"` + strings.Repeat("a", 70000) + ` 090-1234-5678"`,
			`"\ud800 090-1234-5678"`,
		} {
			in := `{"id":1,"phone":"090-1234-5678","text":` + text + "}\n"
			var out, rejects bytes.Buffer
			_, err := tr.JSONLines(context.Background(), strings.NewReader(in), &out, &records.StreamOptions{Rejects: &rejects})
			for what, s := range map[string]string{"output": out.String(), "rejects": rejects.String()} {
				if strings.Contains(s, "1234-5678") || strings.Contains(s, "1234\u20095678") || strings.Contains(s, "9012345678") {
					t.Errorf("%s %s: %s holds the phone: %.300s", onErr, text[:min(len(text), 40)], what, s)
				}
			}
			if err != nil && (strings.Contains(err.Error(), "5678")) {
				t.Errorf("%s: error holds the phone: %v", text[:min(len(text), 40)], err)
			}
		}
	}
}

func TestTextHoldsNoValueCSVReject(t *testing.T) {
	tr := recordstest.Transformer(t, messagesPolicy)
	for _, text := range []string{"\"call 090-1234-5678 \u202e\"", "\"call 090\u20091234\u20095678\"", "\"call 0\u0301 9 0 1234 5678\"", "\"a\x00 090-1234-5678\""} {
		in := "id,phone,text\n1,090-1234-5678," + text + "\n"
		var out, rejects bytes.Buffer
		_, err := tr.CSV(context.Background(), strings.NewReader(in), &out, &records.StreamOptions{Rejects: &rejects})
		if strings.Contains(out.String()+rejects.String(), "5678") {
			t.Errorf("%q: leaked: out %q rejects %q err %v", text, out.String(), rejects.String(), err)
		}
	}
}
