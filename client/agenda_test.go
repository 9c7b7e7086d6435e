package client_test

import (
	"context"
	"errors"
	"sort"
	"strings"
	"testing"
	"time"

	"sportello/client"
	"sportello/model"
)

func TestLoginAgendaAndCitizenFile(t *testing.T) {
	clk := &clock{t: monday}
	_, srv, v := startSandbox(t, 7, clk)
	ctx := context.Background()

	anon, _ := client.New(srv.URL, fast)
	_, err := anon.Login(ctx, "demo", "sbagliata")
	if !errors.Is(err, client.ErrInvalidCredentials) {
		t.Fatalf("wrong password: err = %v, want ErrInvalidCredentials", err)
	}
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || !strings.Contains(apiErr.Message, "password") {
		t.Errorf("wrong password: want an APIError with an Italian message, got %v", err)
	}

	c := login(t, srv.URL, "demo")
	me, err := c.Me(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if me.Office.Name != "Sede provinciale di Salerno" || me.Desk == "" || me.Roles[0] != model.RoleSportello {
		t.Errorf("demo operator = %+v, want a sportello operator of the Sede di Salerno with a desk", me)
	}

	slots, err := c.Agenda(ctx, monday, monday.AddDate(0, 0, 4))
	if err != nil {
		t.Fatal(err)
	}
	// Monday to Thursday: 24 morning + 4 afternoon slots; Friday 24.
	if len(slots) != 4*28+24 {
		t.Errorf("agenda Mon-Fri has %d slots, want %d", len(slots), 4*28+24)
	}
	if !sort.SliceIsSorted(slots, func(i, j int) bool { return slots[i].Start.Before(slots[j].Start) }) {
		t.Error("agenda is not in time order")
	}
	channels := map[model.Channel]int{}
	statuses := map[model.Status]int{}
	for _, s := range slots {
		start := s.Start.In(model.Rome)
		switch s.Level {
		case model.LevelInformation:
			if s.End.Sub(s.Start) != 10*time.Minute || start.Hour()*60+start.Minute() < 8*60+30 || s.End.In(model.Rome).Hour()*60+s.End.In(model.Rome).Minute() > 12*60+30 {
				t.Errorf("first-level slot %s outside 10-minute 8:30-12:30 grid", s.ID)
			}
		case model.LevelConsulenza:
			if start.Hour() < 14 {
				t.Errorf("consulenza slot %s in the morning", s.ID)
			}
		}
		if s.Desk != me.Desk || s.Office != me.Office.Code {
			t.Errorf("slot %s of %s/%s in the agenda of %s/%s", s.ID, s.Office, s.Desk, me.Office.Code, me.Desk)
		}
		statuses[s.Status]++
		if !s.Booked() {
			if s.CitizenCF != "" {
				t.Errorf("%s slot %s names a citizen", s.Status, s.ID)
			}
			continue
		}
		channels[s.Channel]++
		if s.Channel == model.ChannelWebMeeting && !strings.HasPrefix(s.MeetingURL, "https://teams.microsoft.com/") {
			t.Errorf("web meeting %s has no meeting link", s.ID)
		}
		if s.Channel == model.ChannelPhone && s.Phone == "" {
			t.Errorf("phone call-back %s has no number", s.ID)
		}
		if err := model.ValidateCF(s.CitizenCF); err != nil {
			t.Errorf("slot %s: %v", s.ID, err)
		}
	}
	for _, ch := range []model.Channel{model.ChannelInPerson, model.ChannelPhone, model.ChannelWebMeeting} {
		if channels[ch] == 0 {
			t.Errorf("no booked slot on channel %s in a week", ch)
		}
	}
	// At 10:05 on Monday the morning is half gone: past slots are served.
	if statuses[model.StatusCompleted] == 0 || statuses[model.StatusBooked] == 0 || statuses[model.StatusFree] == 0 ||
		statuses[model.StatusBlocked] == 0 {
		t.Errorf("statuses %v: want completed, booked, free and blocked slots", statuses)
	}

	// The caller's files: complete, and cheap to ask again with the ETag.
	var files []client.CitizenFile
	for _, s := range slots[:28] {
		if s.CitizenCF == "" {
			continue
		}
		f, err := c.Citizen(ctx, s.CitizenCF, "")
		if err != nil {
			t.Fatalf("citizen of %s: %v", s.ID, err)
		}
		if f.Citizen.FamilyName == "" || len(f.Citizen.Contacts) == 0 || f.Citizen.Contacts[0].Kind != model.ContactMobile || f.ETag == "" {
			t.Errorf("citizen %s: incomplete file %+v", s.ID, f)
		}
		again, err := c.Citizen(ctx, s.CitizenCF, f.ETag)
		if err != nil || !again.NotModified || again.ETag != f.ETag {
			t.Errorf("citizen %s with its ETag: %+v, %v; want not modified", s.ID, again, err)
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		t.Fatal("no booked slot on Monday")
	}
	_, err = c.Citizen(ctx, "RSSMRA85T10A562S", "")
	if !errors.Is(err, client.ErrNotFound) {
		t.Errorf("unknown citizen: err = %v, want ErrNotFound", err)
	}
	if _, err := c.Citizen(ctx, "RSSMRA85T10A562X", ""); !errors.Is(err, client.ErrRejected) || !errors.Is(err, model.ErrCFCheck) {
		t.Errorf("bad check character: err = %v, want ErrRejected wrapping ErrCFCheck", err)
	}
	checkContract(t, v)
}
