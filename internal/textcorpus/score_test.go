package textcorpus_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/internal/textcorpus"
)

const tiny = `電話は⟦phone:090-1234-5678⟧です
en Call ⟦phone:03-1234-5678⟧ on ⟦none:2021-03-17⟧
注文⟦none:1234-5678-9012⟧は⟦name:山田⟧さんから
en Hi ⟦name:Ken⟧, mail ⟦email:ken@example.com⟧ at ⟦none:14:30⟧
`

// dashedNumbers is a naive finder: every dashed digit run is a phone,
// "山田さん" a name with its honorific, and "ken@…" a name.
func dashedNumbers(text string) []textcorpus.Span {
	var out []textcorpus.Span
	for _, loc := range regexp.MustCompile(`[0-9]+-[0-9]+-[0-9]+`).FindAllStringIndex(text, -1) {
		out = append(out, textcorpus.Span{Start: loc[0], End: loc[1], Entity: textcorpus.Phone})
	}
	for _, loc := range regexp.MustCompile(`山田さん|ken@example\.com|Thanks`).FindAllStringIndex(text, -1) {
		out = append(out, textcorpus.Span{Start: loc[0], End: loc[1], Entity: textcorpus.Name})
	}
	return out
}

func TestEvaluate(t *testing.T) {
	msgs, err := textcorpus.ParseMarked(tiny+"en Thanks\n", "t")
	require.NoError(t, err)
	r := textcorpus.Evaluate(msgs, dashedNumbers)
	want := map[string]textcorpus.EntityScore{
		textcorpus.Phone:    {Entity: textcorpus.Phone, Total: 2, Exact: 2, Covered: 2},
		textcorpus.Name:     {Entity: textcorpus.Name, Total: 2, Exact: 0, Covered: 1},    // 山田 with さん: covered, not exact
		textcorpus.Email:    {Entity: textcorpus.Email, Total: 1, Exact: 0, WrongType: 1}, // found as a name
		textcorpus.MyNumber: {Entity: textcorpus.MyNumber},
		textcorpus.Card:     {Entity: textcorpus.Card},
	}
	for _, s := range r.Entities {
		require.Equal(t, want[s.Entity], s, s.Entity)
	}
	require.Equal(t, 1.0, r.Recall(textcorpus.Phone))
	require.Equal(t, 0.0, r.Recall(textcorpus.Name))
	require.Equal(t, 1.0, r.Recall(textcorpus.Card), "no spans: nothing missed")
	require.Equal(t, 3, r.OrdinaryTotal)
	require.Equal(t, 1, r.OrdinaryKept, "the date and the order number are broken, the time kept")
	require.InDelta(t, 1.0/3, r.Kept(), 1e-9)
	require.Equal(t, 1, r.Unlabelled, `"Thanks" is no labelled span`)
	require.Len(t, r.Misses, 3)
	require.Len(t, r.Broken, 2)
	require.Equal(t, "t003", r.Broken[1].ID)
	require.NotContains(t, r.String(), "090", "the report holds no value")
}

// TestEvaluateOracle: a finder that returns exactly the labels scores 100%
// on the whole corpus; one that finds nothing keeps everything and finds
// nothing.
func TestEvaluateOracle(t *testing.T) {
	msgs := append(generated(t), textcorpus.HandWritten()...)
	labels := map[string][]textcorpus.Span{}
	for _, m := range msgs {
		for _, s := range m.Spans {
			if s.Entity != textcorpus.None {
				labels[m.Text] = append(labels[m.Text], s)
			}
		}
	}
	r := textcorpus.Evaluate(msgs, func(text string) []textcorpus.Span { return labels[text] })
	t.Log("\n" + r.String())
	for _, e := range textcorpus.Entities {
		require.Equal(t, 1.0, r.Recall(e), e)
	}
	require.Equal(t, 1.0, r.Kept())
	require.Zero(t, r.Unlabelled)
	require.Empty(t, r.Misses)

	r = textcorpus.Evaluate(msgs, func(string) []textcorpus.Span { return nil })
	for _, e := range textcorpus.Entities {
		require.Equal(t, 0.0, r.Recall(e), e)
	}
	require.Equal(t, 1.0, r.Kept())
}

func ExampleEvaluate() {
	msgs, _ := textcorpus.ParseMarked("電話は⟦phone:090-1234-5678⟧です、⟦none:3月17日⟧まで\n", "x")
	r := textcorpus.Evaluate(msgs, func(text string) []textcorpus.Span {
		return []textcorpus.Span{{Start: 9, End: 22, Entity: textcorpus.Phone}}
	})
	fmt.Printf("phone recall %.0f%%, ordinary kept %.0f%%\n", 100*r.Recall(textcorpus.Phone), 100*r.Kept())
	// Output: phone recall 100%, ordinary kept 100%
}
