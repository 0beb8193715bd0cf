package names

import (
	"fmt"
	"os"
	"testing"
)

func TestDebug(t *testing.T) {
	s := os.Getenv("NAMES_DEBUG")
	if s == "" {
		t.Skip()
	}
	toks := analyzer().Tokenize(s)
	for _, tk := range toks {
		fmt.Printf("%s/%v/%d ", tk.Surface, tk.POS(), classify(tk))
	}
	fmt.Println()
	fmt.Println(Find(s))
}
