package synthetic_test

import (
	"fmt"

	"github.com/piikit/piikit/records/synthetic"
)

// Messages between the users of a table: each sent by one of them, about
// itself or another.
func ExampleNewMessages() {
	users := synthetic.Users(100, 1) // the rows of synthetic.WriteCSV(w, 100, 1)
	g := synthetic.NewMessages(users, 1)
	m := g.Next()
	sender := false
	for _, u := range users {
		sender = sender || u.UserID == m.SenderID
	}
	fmt.Println(m.MessageID, sender, len(m.Body) > 0)
	// Output: M00000001 true true
}
