package client

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"sportello/model"
)

// dayOf300 is the agenda answer for a day of 300 slots (a large Sede with
// a dozen desks), encoded as the server sends it.
func dayOf300(tb testing.TB) []byte {
	day := time.Date(2026, 11, 23, 8, 30, 0, 0, model.Rome)
	a := AgendaJSON{From: "2026-11-23", To: "2026-11-23"}
	for i := 0; i < 300; i++ {
		start := day.Add(time.Duration(i%24) * 10 * time.Minute)
		s := SlotJSON{ID: fmt.Sprintf("7800-sportello%d-%s", i/24, start.Format("20060102-1504")), Office: "7800",
			Start: start, End: start.Add(10 * time.Minute), Desk: fmt.Sprintf("Sportello %d", i/24+1),
			Channel: "phone_callback", Service: "Estratto conto contributivo", Level: 1, Status: "booked",
			CitizenCF: "RSSMRA85T10A562S", Phone: "+39 333 123 4567", Version: 3}
		if i%3 == 0 {
			s.Channel, s.Phone = "web_meeting", ""
			s.MeetingURL = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_0123456789abcdef%40thread.v2/0"
		}
		a.Slots = append(a.Slots, s)
	}
	b, err := json.Marshal(a)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// fullFile is a caller's file with a long history: the largest the
// console usually meets.
func fullFile(tb testing.TB) []byte {
	var c CitizenJSON
	if err := json.Unmarshal([]byte(seedCitizen), &c); err != nil {
		tb.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		c.History = append(c.History, c.History[0])
		c.Cases = append(c.Cases, c.Cases[0])
		c.Documents = append(c.Documents, c.Documents[0])
		c.Notes = append(c.Notes, NoteJSON{ID: fmt.Sprintf("N%d", i), At: c.Notes[0].At, AuthorID: "demo", Author: "Anna Lombardi",
			Text: "Ha chiesto di essere richiamato dallo stesso operatore per la domanda di pensione anticipata."})
	}
	b, err := json.Marshal(c)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func BenchmarkDecodeDayOf300Slots(b *testing.B) {
	data := dayOf300(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var a AgendaJSON
		if err := decodeStrict(data, &a); err != nil {
			b.Fatal(err)
		}
		slots, err := a.Model()
		if err != nil || len(slots) != 300 {
			b.Fatalf("%d slots, %v", len(slots), err)
		}
	}
}

func BenchmarkDecodeCitizenFile(b *testing.B) {
	data := fullFile(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var c CitizenJSON
		if err := decodeStrict(data, &c); err != nil {
			b.Fatal(err)
		}
		if _, err := c.Model(); err != nil {
			b.Fatal(err)
		}
	}
}
