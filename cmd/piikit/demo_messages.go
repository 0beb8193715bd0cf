package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/piikit/piikit/freetext/names"
	"github.com/piikit/piikit/internal/fileio"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/records"
)

// demoMessagesPolicy is examples/policies/messages.yaml (a test keeps them
// equal).
//
//go:embed demo_messages_policy.yaml
var demoMessagesPolicy []byte

// demoKnownColumns are the columns of the users table whose values the
// messages' text transform finds as known values.
var demoKnownColumns = map[string]kind.Kind{"name": kind.Name, "phone": kind.Phone, "email": kind.Email, "my_number": kind.MyNumber}

// messagesTransformer returns the transformer of the demo's messages
// policy, with the values of the users table (CSV) as known values and
// names found by morphology too, as piikit export --known does.
func messagesTransformer(keys *records.Keys, users []byte, morphology bool) (*records.Transformer, *records.Policy, error) {
	p, err := records.ParsePolicy(demoMessagesPolicy)
	if err != nil {
		return nil, nil, err
	}
	dir, err := os.MkdirTemp("", "piikit-demo-")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(dir)
	known := filepath.Join(dir, "users.csv")
	if err := fileio.WriteFile(known, modePrivate, func(w io.Writer) error { _, err := w.Write(users); return err }); err != nil {
		return nil, nil, err
	}
	p.Known = &records.Known{File: known, Columns: demoKnownColumns}
	if morphology {
		p.Names = names.Append
	}
	t, err := records.New(p, keys) // reads the known values
	return t, p, err
}

// demoMessages exports messages (CSV) between the users of the demo and
// prints the first show of them before and after, and a message whose
// phone is its sender's, masked as in the users export.
func demoMessages(ctx context.Context, w io.Writer, keys *records.Keys, users, usersOut, msgs []byte, show, workers int) (*exportJob, []byte, error) {
	t, p, err := messagesTransformer(keys, users, true)
	if err != nil {
		return nil, nil, err
	}
	var exported bytes.Buffer
	job := &exportJob{t: t, keys: keys, format: "csv", in: bytes.NewReader(msgs), out: &exported, rejects: io.Discard, workers: workers}
	if err := job.run(ctx); err != nil {
		return nil, nil, err
	}
	before, after := csvRecords(msgs), csvRecords(exported.Bytes())
	fmt.Fprintf(w, "Messages between these users, exported with examples/policies/messages.yaml:\n")
	printPolicy(w, p)
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Before and after (first %d messages of messages.csv, body):\n", show)
	for i := 1; i <= show && i < len(before) && i < len(after); i++ {
		fmt.Fprintf(w, "  %s  %s\n", before[i][0], before[i][3])
		fmt.Fprintf(w, "  %s  %s\n", strings.Repeat(" ", displayWidth(before[i][0])), after[i][3])
	}
	fmt.Fprintln(w)
	printSummary(w, job, "")
	if line := samePhone(csvRecords(users), csvRecords(usersOut), before, after); line != "" {
		fmt.Fprintln(w)
		fmt.Fprint(w, line)
	}
	if line := sameID(before, after); line != "" {
		fmt.Fprint(w, line)
	}
	return job, exported.Bytes(), nil
}

// samePhone describes the first message whose body holds its sender's
// phone as the users table writes it, if its export holds the phone's
// mask of the users export: the message still joins with its user.
func samePhone(users, usersOut, before, after [][]string) string {
	if len(users) != len(usersOut) || len(before) != len(after) {
		return ""
	}
	row := make(map[string]int, len(users))
	for i, u := range users[1:] {
		row[u[0]] = i + 1
	}
	const phone = 4 // column of synthetic.Header
	for i := 1; i < len(before); i++ {
		u, ok := row[before[i][1]]
		if !ok || !strings.Contains(before[i][3], users[u][phone]) {
			continue
		}
		masked := usersOut[u][phone]
		if !strings.Contains(after[i][3], masked) || after[i][1] != usersOut[u][0] {
			continue
		}
		return fmt.Sprintf("Message %s gives its sender's phone %s; users.pseudo.csv masks it as %s,\n"+
			"and so does the message (same domain users.phone, same scope): %s\n"+
			"Its sender_id %s is that user's user_id in users.pseudo.csv.\n",
			before[i][0], users[u][phone], masked, after[i][3], shorten(after[i][1], 30))
	}
	return ""
}

// sameID describes the first message whose body holds its sender's user
// ID, if its export holds, in its place, the pseudonym of its sender_id:
// the ID in text joins with the users table too.
func sameID(before, after [][]string) string {
	if len(before) != len(after) {
		return ""
	}
	for i := 1; i < len(before); i++ {
		id, ps := before[i][1], after[i][1]
		marked := fmt.Sprintf("ID(%d):%s", len(ps), ps)
		if !strings.Contains(before[i][3], id) || !strings.Contains(after[i][3], marked) {
			continue
		}
		return fmt.Sprintf("Message %s gives its sender's user ID %s; the message holds %s in its place,\n"+
			"its sender_id, as users.pseudo.csv pseudonymizes that user's user_id (same domain users.user_id).\n",
			before[i][0], id, marked)
	}
	return ""
}

// csvRecords returns the records of a CSV table the demo made (nil if it
// does not parse).
func csvRecords(data []byte) [][]string {
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		return nil
	}
	return recs
}
