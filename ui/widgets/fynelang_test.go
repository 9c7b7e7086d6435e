package widgets

import (
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"
)

// Fyne's own strings follow the console's language, whatever locale the
// system reports: one Fyne has a translation for (French), one it has
// none for (Japanese), Italian itself, and none at all (C).
func TestFyneFollowsTheConsoleLanguage(t *testing.T) {
	t.Cleanup(func() { FollowLanguage("en") })
	for _, sys := range []string{"fr_FR.UTF-8", "ja_JP.UTF-8", "it_IT.UTF-8", "C", ""} {
		t.Setenv("LANGUAGE", "")
		t.Setenv("LC_MESSAGES", "")
		t.Setenv("LC_ALL", sys)
		t.Setenv("LANG", sys)
		FollowLanguage("it")
		for en, it := range map[string]string{"Cancel": "Annulla", "Yes": "Sì", "Error": "Errore", "Save": "Salva"} {
			if got := lang.L(en); got != it {
				t.Errorf("system %q, console in Italian: %q reads %q, want %q", sys, en, got, it)
			}
		}
		if got := lang.X("monday", "Monday"); got != "lunedì" {
			t.Errorf("system %q, console in Italian: Monday reads %q", sys, got)
		}
		FollowLanguage("en")
		if got := lang.L("Cancel"); got != "Cancel" {
			t.Errorf("system %q, console in English: Cancel reads %q", sys, got)
		}
	}
}

// Under the C locale of CI (LANG=C.UTF-8) Fyne printed "Fyne error: Error
// parsing user locale C" in its package init, before any of our code ran:
// a binary with the ui in it (this test's) starts quiet.
func TestQuietUnderTheCLocale(t *testing.T) {
	if os.Getenv("SPORTELLO_QUIET_LOCALE_CHILD") != "" {
		return
	}
	if runtime.GOOS == "windows" {
		t.Skip("Windows reports its locale through its API, never C")
	}
	for _, env := range [][]string{{"LANG=C.UTF-8"}, {"LC_ALL=C.UTF-8"}, {"LANG=C"}, {}} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestQuietUnderTheCLocale$", "-test.count=1")
		cmd.Env = append([]string{"SPORTELLO_QUIET_LOCALE_CHILD=1", "PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}, env...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %v\n%s", env, err, out)
		}
		if strings.Contains(string(out), "locale") {
			t.Errorf("%v: the process complained about the locale:\n%s", env, out)
		}
	}
}
