package synthetic

import (
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"

	"github.com/piikit/piikit/internal/checkdigit"
)

// Message is one made-up chat message between users of a table.
type Message struct {
	MessageID string // "M" and 8 digits
	SenderID  string // the UserID of its sender
	SentAt    string // YYYY-MM-DDTHH:MM
	// Body is a chat message in Japanese or English that mentions its
	// sender's or another user's phone (in the users table's layout or
	// another), email (glued to Japanese text), My Number (after a context
	// word), a card number, a name (with an honorific) or its sender's
	// user ID, next to ordinary numbers (prices, dates, order numbers) that
	// must survive.
	Body string
}

// MessageHeader is the CSV header of [WriteMessagesCSV].
var MessageHeader = []string{"message_id", "sender_id", "sent_at", "body"}

// Record returns m as a CSV record in the order of [MessageHeader].
func (m Message) Record() []string { return []string{m.MessageID, m.SenderID, m.SentAt, m.Body} }

// Messages makes messages between the users of a table. It is not safe
// for concurrent use.
type Messages struct {
	r     *rand.Rand
	users []User
	n     int
}

// NewMessages returns a generator of messages between users (at least
// one), seeded with seed.
func NewMessages(users []User, seed uint64) *Messages {
	return &Messages{r: rand.New(rand.NewPCG(seed, 0x2545f4914f6cdd1d)), users: users}
}

// Users returns the first n users of a generator seeded with seed: the
// rows of [WriteCSV](w, n, seed).
func Users(n int, seed uint64) []User {
	g := New(seed)
	users := make([]User, n)
	for i := range users {
		users[i] = g.Next()
	}
	return users
}

// messageTemplates fill a message from its sender u and another user v.
var messageTemplates = []func(g *Messages, u, v User) string{
	func(g *Messages, u, v User) string {
		return family(v) + "さん、電話番号変わりました。新しいのは" + u.Phone + "です"
	},
	func(g *Messages, u, v User) string {
		return "電話は" + phoneLayout(u.Phone, g.r.IntN(4)) + "です。" + fmt.Sprint(17+g.r.IntN(5)) + "時以降なら出られます"
	},
	func(g *Messages, u, v User) string { return "メールは" + u.Email + "までお願いします！" },
	func(g *Messages, u, v User) string {
		return "マイナンバーは" + u.MyNumber + "です。" + fmt.Sprintf("%d月%d日", 1+g.r.IntN(12), 1+g.r.IntN(28)) + "までに提出お願いします"
	},
	func(g *Messages, u, v User) string {
		return "カード" + g.card("-") + "で" + fmt.Sprintf("%d,%03d円", 1+g.r.IntN(20), g.r.IntN(1000)) + "払いました。注文番号A-" + fmt.Sprint(1000000+g.r.IntN(9000000))
	},
	func(g *Messages, u, v User) string {
		return v.Name + "さんの連絡先：" + v.Phone + "、" + v.Email
	},
	func(g *Messages, u, v User) string {
		return "明日の" + fmt.Sprint(10+g.r.IntN(10)) + "時に渋谷で待ち合わせね、" + given(v) + "ちゃんも来る？友達追加してね ID: " + u.UserID
	},
	func(g *Messages, u, v User) string {
		return family(v) + "先生の予約は" + fmt.Sprintf("2026-%02d-%02dの%d:30", 1+g.r.IntN(12), 1+g.r.IntN(28), 9+g.r.IntN(8)) + "です。よろしくお願いします"
	},
	func(g *Messages, u, v User) string {
		return "Hi " + given(v) + ", call me at " + phoneLayout(u.Phone, 2+g.r.IntN(2)) + " after 6pm please (my account is " + u.UserID + ")"
	},
	func(g *Messages, u, v User) string {
		return "Dear " + v.Name + ", your order #" + fmt.Sprint(1000+g.r.IntN(9000)) + " ships on 2026-03-17. Questions: " + u.Email
	},
	func(g *Messages, u, v User) string {
		return "My Number: " + u.MyNumber[:4] + " " + u.MyNumber[4:8] + " " + u.MyNumber[8:] + " (for the tax form, see you at 10:30)"
	},
	func(g *Messages, u, v User) string {
		return "Paid ¥" + fmt.Sprintf("%d,%03d", 1+g.r.IntN(50), g.r.IntN(1000)) + " with card " + g.card(" ") + ". Thanks!"
	},
}

// Next returns the next message: from a user of the table, about itself
// or another user.
func (g *Messages) Next() Message {
	g.n++
	u, v := pick(g.r, g.users), pick(g.r, g.users)
	body := pick(g.r, messageTemplates)(g, u, v)
	return Message{
		MessageID: fmt.Sprintf("M%08d", g.n),
		SenderID:  u.UserID,
		SentAt:    fmt.Sprintf("2026-%02d-%02dT%02d:%02d", 1+g.r.IntN(12), 1+g.r.IntN(28), g.r.IntN(24), g.r.IntN(60)),
		Body:      body,
	}
}

// WriteMessagesCSV writes a header and n messages between the users of
// [WriteCSV](w, users, seed).
func WriteMessagesCSV(w io.Writer, n, users int, seed uint64) error {
	cw := csv.NewWriter(w)
	cw.Write(MessageHeader)
	g := NewMessages(Users(users, seed), seed)
	for range n {
		if err := cw.Write(g.Next().Record()); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// family and given return the parts of u's name as people write them in
// a message: the family name of a Japanese name, the given name of a
// Latin one (or the whole name if it has no space).
func family(u User) string { return namePart(u, true) }
func given(u User) string  { return namePart(u, false) }

func namePart(u User, family bool) string {
	parts := strings.Fields(strings.ReplaceAll(u.Name, "\u3000", " "))
	if len(parts) != 2 {
		return u.Name
	}
	latin := u.Name[0] < 0x80
	if family == latin {
		return parts[1]
	}
	return parts[0]
}

// phoneLayout writes the Japanese number v (any layout of [User].Phone) in
// layout i: 0 digits only, 1 with hyphens, 2 +81 with spaces, 3
// full-width with hyphens.
func phoneLayout(v string, i int) string {
	var d []byte
	for _, r := range v {
		switch {
		case r >= '0' && r <= '9':
			d = append(d, byte(r))
		case r >= '０' && r <= '９':
			d = append(d, byte(r-'０'+'0'))
		}
	}
	nat := string(d)
	if strings.HasPrefix(strings.TrimSpace(v), "+81") {
		nat = "0" + nat[2:]
	}
	a, m := nat[:len(nat)-8], nat[len(nat)-8:len(nat)-4]
	l := nat[len(nat)-4:]
	switch i {
	case 0:
		return nat
	case 1:
		return a + "-" + m + "-" + l
	case 2:
		return "+81 " + a[1:] + " " + m + " " + l
	}
	return fullWidth(a + "-" + m + "-" + l)
}

// card returns a Luhn-valid 16-digit number with a Visa prefix (4), in
// groups of four joined by sep.
func (g *Messages) card(sep string) string {
	d := []byte("4")
	for len(d) < 15 {
		d = append(d, byte('0'+g.r.IntN(10)))
	}
	d = append(d, checkdigit.LuhnCheck(d))
	return string(d[:4]) + sep + string(d[4:8]) + sep + string(d[8:12]) + sep + string(d[12:])
}
