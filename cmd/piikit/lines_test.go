package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// revealBatches keeps every line in its place across batches, whichever way
// a line fails, and reveals each batch with one call.
func TestRevealBatchesKeepsOrderAcrossBatches(t *testing.T) {
	n := 2*revealBatch + 3
	var in strings.Builder
	for i := 1; i <= n; i++ {
		switch {
		case i%1000 == 0 || i == revealBatch:
			in.WriteString("refused\n") // check refuses it
		case i%777 == 0 || i == revealBatch+1:
			in.WriteString("invalid\n") // reveal cannot
		default:
			fmt.Fprintf(&in, "v%d\n", i)
		}
	}
	var stdout, stderr strings.Builder
	e := &env{stdout: &stdout, stderr: &stderr}
	calls := 0
	out := bufio.NewWriter(&stdout)
	lines, failed, err := revealBatches(context.Background(), e, strings.NewReader(in.String()), out, revealer{
		check: func(s string) error {
			if s == "refused" {
				return errors.New("not of the kind")
			}
			return nil
		},
		reveal: func(batch []string) ([]string, []int, error) {
			calls++
			values := make([]string, len(batch))
			var invalid []int
			for i, s := range batch {
				require.NotEqual(t, "refused", s, "a refused line reached reveal")
				if s == "invalid" {
					invalid = append(invalid, i)
					continue
				}
				values[i] = strings.ToUpper(s)
			}
			return values, invalid, nil
		},
		invalidReason: "invalid token",
	})
	require.NoError(t, err)
	require.NoError(t, out.Flush())
	require.Equal(t, n, lines)
	require.Equal(t, 3, calls)

	got := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	require.Len(t, got, n)
	var wantErr strings.Builder
	wantFailed := 0
	for i := 1; i <= n; i++ {
		switch {
		case i%1000 == 0 || i == revealBatch:
			wantFailed++
			fmt.Fprintf(&wantErr, "line %d: not of the kind\n", i)
			require.Empty(t, got[i-1], "line %d", i)
		case i%777 == 0 || i == revealBatch+1:
			wantFailed++
			fmt.Fprintf(&wantErr, "line %d: invalid token\n", i)
			require.Empty(t, got[i-1], "line %d", i)
		default:
			require.Equal(t, fmt.Sprintf("V%d", i), got[i-1])
		}
	}
	require.Equal(t, wantFailed, failed)
	require.Equal(t, wantErr.String(), stderr.String())
}

// When reveal fails (the audit could not be written), nothing of the batch
// is written, and no later batch is read.
func TestRevealBatchesStopsOnRevealError(t *testing.T) {
	in := strings.Repeat("secret\n", revealBatch+5)
	var stdout, stderr strings.Builder
	e := &env{stdout: &stdout, stderr: &stderr}
	calls := 0
	hookErr := errors.New("audit hook failed")
	out := bufio.NewWriter(&stdout)
	_, _, err := revealBatches(context.Background(), e, strings.NewReader(in), out, revealer{
		reveal: func(batch []string) ([]string, []int, error) {
			calls++
			return nil, nil, hookErr
		},
	})
	require.ErrorIs(t, err, hookErr)
	require.NoError(t, out.Flush())
	require.Equal(t, 1, calls)
	require.Empty(t, stdout.String())
	require.Empty(t, stderr.String())
}

// A batch with no line to reveal is not audited: nothing is revealed.
func TestRevealBatchesSkipsEmptyBatches(t *testing.T) {
	var stdout, stderr strings.Builder
	e := &env{stdout: &stdout, stderr: &stderr}
	out := bufio.NewWriter(&stdout)
	lines, failed, err := revealBatches(context.Background(), e, strings.NewReader("a\nb\n"), out, revealer{
		check:  func(string) error { return errors.New("bad") },
		reveal: func([]string) ([]string, []int, error) { t.Fatal("reveal called"); return nil, nil, nil },
	})
	require.NoError(t, err)
	require.NoError(t, out.Flush())
	require.Equal(t, 2, lines)
	require.Equal(t, 2, failed)
	require.Equal(t, "\n\n", stdout.String())
	require.Equal(t, "line 1: bad\nline 2: bad\n", stderr.String())
}

// A check error with no message still fails its line, and the lines after
// it keep their values.
func TestRevealBatchesBlankReason(t *testing.T) {
	var stdout, stderr strings.Builder
	e := &env{stdout: &stdout, stderr: &stderr}
	out := bufio.NewWriter(&stdout)
	_, failed, err := revealBatches(context.Background(), e, strings.NewReader("a\nblank\nc\n"), out, revealer{
		check: func(s string) error {
			if s == "blank" {
				return errors.New(" ")
			}
			return nil
		},
		reveal: func(batch []string) ([]string, []int, error) {
			values := make([]string, len(batch))
			for i, s := range batch {
				values[i] = strings.ToUpper(s)
			}
			return values, nil, nil
		},
	})
	require.NoError(t, err)
	require.NoError(t, out.Flush())
	require.Equal(t, 1, failed)
	require.Equal(t, "A\n\nC\n", stdout.String())
	require.Equal(t, "line 2: invalid line\n", stderr.String())
}
